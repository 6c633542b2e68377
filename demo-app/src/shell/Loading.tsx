/** A quiet placeholder while a query's first result is on its way. */
export function Loading({ label }: { readonly label: string }) {
  return (
    <p className="loading muted" role="status" aria-live="polite">
      {label}
    </p>
  );
}
