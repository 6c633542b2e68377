import type { BridgePort } from "../bridgePort.js";

/**
 * A `MessagePort` stand-in with the rules the bridge relies on: messages are structured-cloned,
 * wait in a queue until the receiving end is started, and go nowhere once either end is closed.
 * Delivery is synchronous, so tests need no event loop turn; it counts listeners for leak tests.
 */
export class FakeMessagePort implements BridgePort {
  peer: FakeMessagePort | null = null;
  started = false;
  closed = false;
  /** Throws like a DataCloneError when this returns true for a message. */
  refuse: (message: unknown) => boolean = () => false;
  private readonly listeners = new Set<(event: MessageEvent) => void>();
  private readonly queue: unknown[] = [];

  postMessage(message: unknown): void {
    if (this.refuse(message)) throw new DOMException("could not be cloned", "DataCloneError");
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
      for (const listener of [...this.listeners]) listener({ data, ports: [] } as never);
    }
  }
}

/** Two entangled {@link FakeMessagePort}s, as `new MessageChannel()` makes. */
export class FakeMessageChannel {
  readonly port1 = new FakeMessagePort();
  readonly port2 = new FakeMessagePort();
  constructor() {
    this.port1.peer = this.port2;
    this.port2.peer = this.port1;
  }
}

/** The content script's end of a channel: records what the bridge posts to it. */
export function recordingEnd(channel: FakeMessageChannel): unknown[] {
  const received: unknown[] = [];
  channel.port1.addEventListener("message", (event) => received.push(event.data));
  channel.port1.start();
  return received;
}
