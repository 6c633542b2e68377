import { ListenerSet } from "../core/listenerSet.js";
import type { Diagnostics } from "../telemetry/diagnostics.js";
import type { Redactor } from "../telemetry/redact.js";
import type { ServerLogRouter, UnattributedLog } from "./serverLogRouter.js";

/** Most unattributed lines kept, newest last. */
export const MAX_UNATTRIBUTED = 200;
/** Longest text kept per line: a server may log megabytes, and the list is held for the session. */
export const MAX_UNATTRIBUTED_TEXT = 8_192;

/**
 * The lens-wide list of server log lines no call could be named for (issue 13 §5), gathered from
 * the router of every client the lens instruments. Lines are redacted and cut when they arrive, so
 * `lens.unattributedLogs()`, its listeners and the DevTools bridge never hold a secret; the list
 * keeps the newest {@link MAX_UNATTRIBUTED}.
 */
export class UnattributedLogs {
  private readonly redactor: Redactor;
  private readonly lines: UnattributedLog[] = [];
  private readonly listeners: ListenerSet<(line: UnattributedLog) => void>;

  constructor(redactor: Redactor, diagnostics: Diagnostics) {
    this.redactor = redactor;
    this.listeners = new ListenerSet(diagnostics);
  }

  /** Gathers `router`'s unattributed lines from now on; returns the function that stops it. */
  follow(router: ServerLogRouter): () => void {
    const add = (line: UnattributedLog) => this.add(line);
    router.lost = add;
    return () => {
      if (router.lost === add) router.lost = undefined;
    };
  }

  /** Keeps a redacted, cut copy of `line` and hands it to every listener. */
  add(line: UnattributedLog): void {
    const text = this.redactor.text(line.text);
    const kept: UnattributedLog = {
      at: line.at,
      kind: line.kind,
      functionPath: line.functionPath.slice(0, 512),
      level: line.level.slice(0, 32),
      text:
        text.length > MAX_UNATTRIBUTED_TEXT ? `${text.slice(0, MAX_UNATTRIBUTED_TEXT - 1)}…` : text,
    };
    if (this.lines.length >= MAX_UNATTRIBUTED) this.lines.shift();
    this.lines.push(kept);
    this.listeners.notify(kept);
  }

  /** The lines kept, oldest first. */
  list(): UnattributedLog[] {
    return [...this.lines];
  }

  /** Calls `listener` with each new line; returns the unsubscribe function. */
  subscribe(listener: (line: UnattributedLog) => void): () => void {
    return this.listeners.add(listener);
  }
}
