import { classifyError } from "../errors/classifyError.js";
import type { LensError } from "../errors/LensError.js";

/** What `handle(error, retry?)` gives a component: what to show, and whether to offer a retry. */
export interface HandledError<R = unknown> {
  /** The classified error, for branching on `code` or `appCode`. */
  readonly error: LensError;
  /** Calm text for end users (never a stack or a server message). */
  readonly userMessage: string;
  /** Whether trying the same thing again may work. */
  readonly retryable: boolean;
  /** The retry function passed in, present only when the error is retryable. */
  readonly retry?: () => R;
}

/** The function `useErrorHandler()` returns. */
export type ErrorHandler = <R = unknown>(error: unknown, retry?: () => R) => HandledError<R>;

const handle: ErrorHandler = (error, retry) => {
  const lensError = classifyError(error);
  const base = { error: lensError, userMessage: lensError.userMessage };
  return lensError.retryable && retry !== undefined
    ? { ...base, retryable: true, retry }
    : { ...base, retryable: lensError.retryable };
};

/**
 * Turns anything a call threw into what a UI needs: `{ userMessage, retryable, retry? }`. The
 * lens already logged the failed call, so handling it here records nothing twice. The same
 * function on every render (safe in effect dependencies); needs no provider.
 */
export function useErrorHandler(): ErrorHandler {
  return handle;
}
