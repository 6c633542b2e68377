import { useErrorHandler } from "@convex-lens/sdk/react";
import { useCallback } from "react";
import { useToastStore } from "./toastContext.js";

/** What the toast's small print says: the app's own reason when it gave one, else code and function. */
export function errorDetail(error: {
  readonly code: string;
  readonly functionPath?: string | undefined;
  readonly data?: unknown;
}): string {
  const data = error.data;
  if (typeof data === "object" && data !== null && "message" in data) {
    const message = (data as { message: unknown }).message;
    if (typeof message === "string" && message.length > 0) return message;
  }
  return error.functionPath ? `${error.code} · ${error.functionPath}` : error.code;
}

/**
 * Returns `report(error, retry?)`: shows the error's calm `userMessage` in a toast, with a Retry
 * button when the SDK says trying again may work. It is the one place the app turns a failed call
 * into words; the SDK already logged and traced the call, so nothing is logged twice.
 */
export function useReportError(): (error: unknown, retry?: () => unknown) => void {
  const handle = useErrorHandler();
  const toasts = useToastStore();
  return useCallback(
    (error, retry) => {
      const handled = handle(error, retry);
      const onRetry = handled.retry;
      toasts.show({
        tone: "error",
        message: handled.userMessage,
        detail: errorDetail(handled.error as typeof handled.error & { data?: unknown }),
        ...(onRetry ? { retry: () => void onRetry() } : {}),
      });
    },
    [handle, toasts],
  );
}
