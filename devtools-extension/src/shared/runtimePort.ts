/** The part of `chrome.runtime.Port` the extension uses; fakes implement it in tests. */
export interface RuntimePort {
  readonly name: string;
  postMessage(message: unknown): void;
  disconnect(): void;
  readonly onMessage: { addListener(listener: (message: unknown) => void): void };
  readonly onDisconnect: { addListener(listener: () => void): void };
}
