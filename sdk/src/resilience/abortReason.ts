/**
 * The value to reject with when `signal` has aborted: its own reason when it carries one (as
 * `AbortSignal.timeout()` and `controller.abort(reason)` do), else a standard "AbortError"
 * DOMException, which is what `fetch` rejects with and what the error classifier maps to ABORTED.
 */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
}
