import type { Toast } from "./toastStore.js";

/**
 * The toasts, in a polite live region so screen readers announce them without stealing focus.
 * The retry button is a real button: reachable with Tab, pressed with Enter or Space.
 */
export function ToastList({
  toasts,
  onDismiss,
}: {
  readonly toasts: readonly Toast[];
  readonly onDismiss: (id: number) => void;
}) {
  return (
    <section className="toasts" aria-live="polite" aria-label="Notifications">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.tone}`} role="status">
          <div className="toast-text">
            <p className="toast-message">{toast.message}</p>
            {toast.detail ? <p className="toast-detail">{toast.detail}</p> : null}
          </div>
          <div className="toast-actions">
            {toast.retry ? (
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  onDismiss(toast.id);
                  toast.retry?.();
                }}
              >
                Retry
              </button>
            ) : null}
            <button
              type="button"
              className="button-icon"
              aria-label="Dismiss notification"
              onClick={() => onDismiss(toast.id)}
            >
              ×
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
