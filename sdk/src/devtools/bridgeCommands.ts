import type { DevtoolsCommandHandlers } from "./devtoolsHost.js";
import type { EventHistory } from "./eventHistory.js";
import type { DevtoolsCommand, WireCommandResult } from "./protocol.js";

// Said to a panel whose command this page refuses; it names the option that allows them.
const COMMANDS_DISABLED =
  "This page does not obey DevTools commands: it is a production build, or one that does not set NODE_ENV. Pass devtools: { allowCommands: true } to createLens to allow them.";

/**
 * Obeys one command from the panel, when `allowed` (development builds, or an app that allows them),
 * and returns the answer the panel waits for: a refusal, a success, or the handler's failure with
 * its code and message cut to size. `clear` also empties the bridge's `history`.
 */
export function answerCommand(
  id: string,
  command: DevtoolsCommand,
  handlers: DevtoolsCommandHandlers,
  history: EventHistory,
  allowed: boolean,
): WireCommandResult {
  if (!allowed) {
    return {
      type: "result",
      id,
      ok: false,
      error: { code: "COMMANDS_DISABLED", message: COMMANDS_DISABLED },
    };
  }
  try {
    obey(handlers, command, history);
    return { type: "result", id, ok: true };
  } catch (error) {
    return { type: "result", id, ok: false, error: describeFailure(error) };
  }
}

/** Whether `command` changes the fault configuration the panel shows. */
export function changesFaults(command: DevtoolsCommand): boolean {
  return (
    command.name === "setFaults" || command.name === "clearFaults" || command.name === "setOffline"
  );
}

function obey(
  handlers: DevtoolsCommandHandlers,
  command: DevtoolsCommand,
  history: EventHistory,
): void {
  switch (command.name) {
    case "clear":
      history.clear();
      handlers.clear?.();
      return;
    case "setFaults":
      handlers.setFaults(command.faults);
      return;
    case "clearFaults":
      handlers.clearFaults();
      return;
    case "isolateBreaker":
      handlers.isolateBreaker(command.scope);
      return;
    case "resetBreaker":
      handlers.resetBreaker(command.scope);
      return;
    case "setOffline":
      handlers.setOffline(command.offline);
      return;
  }
}

function describeFailure(error: unknown): { code: string; message: string } {
  const code =
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string"
      ? (error as { code: string }).code
      : "COMMAND_FAILED";
  const message = error instanceof Error ? error.message : String(error);
  return { code: code.slice(0, 100), message: message.slice(0, 2_000) };
}
