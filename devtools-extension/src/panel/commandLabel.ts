import type { DevtoolsCommand } from "@convex-lens/sdk/devtools-protocol";
import { faultSummary } from "./faultSummary";
import { visibleText } from "./visibleText";

/**
 * A command as the toolbar names it while it runs and once answered ("…: done"). Applying faults
 * says what it set, so "done" after applying an empty form does not read as faults turned on.
 */
export function commandLabel(command: DevtoolsCommand): string {
  switch (command.name) {
    case "isolateBreaker":
      return `Trip breaker ${visibleText(command.scope)}`;
    case "resetBreaker":
      return `Reset breaker ${visibleText(command.scope)}`;
    case "setFaults": {
      const set = faultSummary(command.faults);
      return `Apply faults (${set === "no faults" ? "no faults set" : `set: ${set}`})`;
    }
    case "clearFaults":
      return "Clear faults";
    case "setOffline":
      return command.offline ? "Go offline" : "Go online";
    case "clear":
      return "Clear";
  }
}
