/** Which global event reported the failure. */
export type GlobalErrorSource = "unhandledrejection" | "error";

/** One uncaught failure, classified. */
export interface GlobalErrorReport<E> {
  readonly source: GlobalErrorSource;
  /** What `classify` made of it. */
  readonly error: E;
  /** The thrown value or rejection reason; for a script error without one, the event's message. */
  readonly raw: unknown;
}

/** Options of {@link installGlobalHandlers}. */
export interface GlobalHandlerOptions<E> {
  /** Turns the thrown value into the app's error type (the lens passes `classifyError`). */
  classify: (raw: unknown) => E;
  /** Records the classified failure (metrics, logs, the DevTools bridge). */
  onError: (report: GlobalErrorReport<E>) => void;
  /** Told when `classify` or `onError` throws; such a throw never escapes the event listener. */
  onListenerError?: (error: unknown) => void;
}

/**
 * Listens for `unhandledrejection` and `error` on a window-like target, classifies each failure and
 * hands it to `onError`. It only observes: it never calls `preventDefault`, so the browser still
 * prints the error and other handlers (Sentry…) still see it. Returns the uninstall function.
 */
export function installGlobalHandlers<E>(
  target: EventTarget,
  options: GlobalHandlerOptions<E>,
): () => void {
  const handle = (source: GlobalErrorSource, raw: unknown): void => {
    // A throw from inside an `error` listener is itself reported as an `error` event, which would
    // call us again: nothing may escape from here.
    try {
      options.onError({ source, error: options.classify(raw), raw });
    } catch (error) {
      try {
        options.onListenerError?.(error);
      } catch {
        // the last line of defence has failed too; stay silent rather than loop
      }
    }
  };
  const onRejection = (event: Event): void => {
    handle("unhandledrejection", read(event, "reason"));
  };
  const onError = (event: Event): void => {
    const error = read(event, "error");
    // Cross-origin scripts report "Script error." with no error object: keep the message at least.
    handle("error", error ?? read(event, "message") ?? "Unknown error");
  };
  target.addEventListener("unhandledrejection", onRejection);
  target.addEventListener("error", onError);
  let installed = true;
  return () => {
    if (!installed) return;
    installed = false;
    target.removeEventListener("unhandledrejection", onRejection);
    target.removeEventListener("error", onError);
  };
}

function read(event: Event, key: "reason" | "error" | "message"): unknown {
  try {
    return (event as unknown as Record<string, unknown>)[key] ?? undefined;
  } catch {
    return undefined;
  }
}
