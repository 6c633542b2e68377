import { useEffect, useState } from "preact/hooks";
import type { PanelStore } from "./store/panelStore";

/** Re-renders the calling component whenever the store changes (at most once per frame). */
export function useStore(store: PanelStore): number {
  const [version, setVersion] = useState(store.version);
  useEffect(() => {
    setVersion(store.version);
    return store.subscribe(() => setVersion(store.version));
  }, [store]);
  return version;
}
