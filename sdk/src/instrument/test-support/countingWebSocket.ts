/** A WebSocket constructor that counts the sockets a client opens and never connects them. */
export function countingWebSocket() {
  const opened: string[] = [];
  class CountingWebSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readyState = 0;
    onopen: (() => void) | null = null;
    onmessage: (() => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    onerror: (() => void) | null = null;
    constructor(url: string) {
      opened.push(url);
    }
    send(): void {}
    close(): void {
      this.readyState = 3;
      // The client's close() waits for the socket's close event.
      queueMicrotask(() => this.onclose?.({ code: 1000, reason: "closed" }));
    }
  }
  return { opened, WebSocket: CountingWebSocket as unknown as typeof WebSocket };
}
