import { useCallback } from "react";
import { useReportError } from "./useReportError.js";

/**
 * Returns `guard(call)`: runs a Convex call and, if it fails, reports it in a toast whose Retry
 * button runs the same call again. Resolves with the result, or `undefined` after a failure, so a
 * click handler never leaks an unhandled rejection.
 */
export function useGuardedCall(): <T>(call: () => Promise<T>) => Promise<T | undefined> {
  const report = useReportError();
  return useCallback(
    <T>(call: () => Promise<T>): Promise<T | undefined> => {
      const run = async (): Promise<T | undefined> => {
        try {
          return await call();
        } catch (error) {
          report(error, run);
          return undefined;
        }
      };
      return run();
    },
    [report],
  );
}
