import { type ReactNode, useEffect, useState, useSyncExternalStore } from "react";
import { ToastList } from "./ToastList.js";
import { ToastContext } from "./toastContext.js";
import { ToastStore } from "./toastStore.js";

/** Owns the toast store, closes toasts when their time is up, and renders them over the page. */
export function ToastProvider({ children }: { readonly children?: ReactNode }) {
  const [store] = useState(() => new ToastStore());
  const toasts = useSyncExternalStore(store.subscribe, store.getSnapshot);

  // One timer for the next expiry rather than one per toast; re-armed whenever the list changes.
  useEffect(() => {
    if (toasts.length === 0) return;
    const next = store.expire();
    if (next === null) return;
    const timer = setTimeout(() => store.expire(), Math.max(0, next - Date.now()));
    return () => clearTimeout(timer);
  }, [store, toasts]);

  return (
    <ToastContext.Provider value={store}>
      {children}
      <ToastList toasts={toasts} onDismiss={(id) => store.dismiss(id)} />
    </ToastContext.Provider>
  );
}
