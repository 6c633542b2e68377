/**
 * The page's end of the private channel the content script opens with its hello: a `MessagePort`
 * in a browser, a fake in tests. Batches, command answers, commands and bye travel over it, so
 * no other `message` listener in the page sees (and deserialises) them.
 */
export interface BridgePort {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  removeEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  start(): void;
  close(): void;
}

// Every lens in a page receives the same hello event, and so the same port object. Each bridge
// holds it while it uses it; the last one to let go closes it, so that disposing one lens does
// not cut the others off. A WeakMap: a port nobody holds any more leaves no entry behind.
const holders = new WeakMap<BridgePort, number>();

/**
 * Takes a share of `port`; the first holder starts it. Call after adding the message listener:
 * a started port dispatches what was queued on it in a later task, never before this returns.
 */
export function holdBridgePort(port: BridgePort): void {
  const count = holders.get(port) ?? 0;
  holders.set(port, count + 1);
  if (count === 0) port.start();
}

/** Gives back a share of `port`; the last holder closes it. */
export function releaseBridgePort(port: BridgePort): void {
  const count = (holders.get(port) ?? 1) - 1;
  if (count > 0) {
    holders.set(port, count);
    return;
  }
  holders.delete(port);
  port.close();
}
