import type { LensError } from "@convex-lens/sdk";
import { LensErrorBoundary } from "@convex-lens/sdk/react";
import type { ReactNode } from "react";

/**
 * Wraps one view in the SDK's error boundary: a query that fails for good (a deleted board, an
 * outage longer than the retries) replaces that view with calm words and a "Try again" button,
 * while the rest of the page keeps working.
 */
export function ViewBoundary({
  name,
  children,
}: {
  readonly name: string;
  readonly children: ReactNode;
}) {
  return (
    <LensErrorBoundary
      fallback={(error, reset) => <ViewError name={name} error={error} reset={reset} />}
    >
      {children}
    </LensErrorBoundary>
  );
}

function ViewError({ name, error, reset }: { name: string; error: LensError; reset: () => void }) {
  return (
    <div className="view-error" role="alert">
      <p className="view-error-title">The {name} could not be shown.</p>
      <p>{error.userMessage}</p>
      <p className="muted small">
        <code>{error.code}</code>
        {error.functionPath ? (
          <>
            {" "}
            in <code>{error.functionPath}</code>
          </>
        ) : null}
      </p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
