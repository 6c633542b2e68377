/** A progress line on `stream`; `done(text)` ends it with a result and the time taken. */
export function progressLine(
  stream: { isTTY?: boolean; write(text: string): unknown },
  message: string,
  options?: { prefix?: string; now?: () => number },
): { done(text: string): void };
