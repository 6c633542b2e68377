import type { RuntimePort } from "../runtimePort";

/** A chrome.runtime.Port stand-in: records what is sent, and lets a test deliver and disconnect. */
export class FakePort implements RuntimePort {
  readonly sent: unknown[] = [];
  disconnected = false;
  /** Throw on postMessage, like a port whose other end is gone. */
  broken = false;
  private readonly messageListeners: ((message: unknown) => void)[] = [];
  private readonly disconnectListeners: (() => void)[] = [];

  constructor(readonly name = "port") {}

  postMessage(message: unknown): void {
    if (this.broken || this.disconnected)
      throw new Error("Attempting to use a disconnected port object");
    // Ports carry JSON: a copy, as Chrome would make.
    this.sent.push(JSON.parse(JSON.stringify(message)));
  }
  disconnect(): void {
    this.disconnected = true;
  }
  readonly onMessage = {
    addListener: (listener: (message: unknown) => void) => this.messageListeners.push(listener),
  };
  readonly onDisconnect = {
    addListener: (listener: () => void) => this.disconnectListeners.push(listener),
  };

  /** Delivers a message from the other end. */
  deliver(message: unknown): void {
    for (const listener of this.messageListeners) listener(JSON.parse(JSON.stringify(message)));
  }
  /** The other end went away (worker stopped, tab closed). */
  drop(): void {
    this.disconnected = true;
    for (const listener of this.disconnectListeners) listener();
  }
  /** Sent messages of one kind. */
  sentOfKind<K extends string>(kind: K): ({ kind: K } & Record<string, unknown>)[] {
    return this.sent.filter(
      (m): m is { kind: K } & Record<string, unknown> => (m as { kind?: unknown }).kind === kind,
    );
  }
}
