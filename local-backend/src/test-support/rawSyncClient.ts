import WebSocket from "ws";

/** A server message as received (loosely typed: tests assert on its fields). */
export type ServerMessage = { type: string } & Record<string, unknown>;

/**
 * A bare sync-protocol client for tests that need to send exact (or broken) messages, which the
 * official client never would.
 */
export class RawSyncClient {
  readonly received: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data) => {
      this.received.push(JSON.parse(data.toString()) as ServerMessage);
      for (const wake of this.waiters.splice(0)) {
        wake();
      }
    });
    this.closed = new Promise((resolve) => {
      ws.on("close", (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.waiters.splice(0)) {
          wake();
        }
      });
    });
    ws.on("error", () => {});
  }

  /** Opens a socket to a backend URL and, unless `connect` is false, sends Connect. */
  static async open(
    url: string,
    options: { sessionId?: string; connect?: boolean } = {},
  ): Promise<RawSyncClient> {
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/api/1.48.0/sync`);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    const client = new RawSyncClient(ws);
    if (options.connect !== false) {
      client.send({
        type: "Connect",
        sessionId: options.sessionId ?? `session-${Math.random()}`,
        connectionCount: 0,
        lastCloseReason: null,
        clientTs: Date.now(),
      });
    }
    return client;
  }

  send(message: object): void {
    this.ws.send(JSON.stringify(message));
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** Resolves with the first message (received from now on, or already buffered after `from`) matching. */
  async next(
    predicate: (message: ServerMessage) => boolean,
    options: { timeoutMs?: number; from?: number } = {},
  ): Promise<ServerMessage> {
    const deadline = Date.now() + (options.timeoutMs ?? 5_000);
    let index = options.from ?? 0;
    for (;;) {
      for (; index < this.received.length; index++) {
        const message = this.received[index];
        if (message !== undefined && predicate(message)) {
          return message;
        }
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0 || this.ws.readyState === WebSocket.CLOSED) {
        throw new Error(
          `no matching message; received: ${JSON.stringify(this.received.map((m) => m.type))}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}

/** Decodes a base64 u64 timestamp. */
export function tsOf(encoded: unknown): bigint {
  return Buffer.from(String(encoded), "base64").readBigUInt64LE();
}
