import { createContext, useContext } from "react";
import type { ToastStore } from "./toastStore.js";

/** Carries the app's one toast store from `ToastProvider` to whoever reports something. */
export const ToastContext = createContext<ToastStore | null>(null);

/** The toast store of the nearest `ToastProvider`. */
export function useToastStore(): ToastStore {
  const store = useContext(ToastContext);
  if (store === null) throw new Error("useToastStore() needs a <ToastProvider> above it.");
  return store;
}
