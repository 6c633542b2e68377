import type { RelayChannel, RelayPort } from "../../content/contentRelay";

/**
 * A `MessagePort` stand-in with the rules the relay relies on: messages are structured-cloned,
 * wait in a queue until the receiving end is started, and go nowhere once either end is closed.
 * Delivery is synchronous, so tests need no event loop turn. `inbox` keeps what was delivered.
 */
export class FakeMessagePort implements RelayPort {
  peer: FakeMessagePort | null = null;
  started = false;
  closed = false;
  readonly inbox: unknown[] = [];
  private readonly listeners = new Set<(event: MessageEvent) => void>();
  private readonly queue: unknown[] = [];

  postMessage(message: unknown): void {
    const copy = structuredClone(message);
    const peer = this.peer;
    if (this.closed || peer === null || peer.closed) return;
    peer.queue.push(copy);
    peer.drain();
  }
  addEventListener(_type: "message", listener: (event: MessageEvent) => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: "message", listener: (event: MessageEvent) => void): void {
    this.listeners.delete(listener);
  }
  start(): void {
    this.started = true;
    this.drain();
  }
  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }
  get listenerCount(): number {
    return this.listeners.size;
  }

  private drain(): void {
    while (this.started && !this.closed && this.queue.length > 0) {
      const data = this.queue.shift();
      this.inbox.push(data);
      for (const listener of [...this.listeners]) listener({ data, ports: [] } as never);
    }
  }
}

/** Two entangled {@link FakeMessagePort}s, as `new MessageChannel()` makes. */
export class FakeMessageChannel implements RelayChannel {
  readonly port1 = new FakeMessagePort();
  readonly port2Fake = new FakeMessagePort();
  // The relay only transfers port2; tests reach it as `port2Fake` to act as the page's bridge.
  readonly port2 = this.port2Fake as unknown as Transferable;
  constructor() {
    this.port1.peer = this.port2Fake;
    this.port2Fake.peer = this.port1;
  }
}
