import { useSyncExternalStore } from "react";
import type { Lens } from "../lens.js";
import type { CachedStore } from "./cachedStore.js";
import { useProvidedLens } from "./useLens.js";

/**
 * Builds a hook over one store per lens. The store is made on first use and shared by every
 * component that reads the same lens (one subscription, one cached snapshot), and weakly held, so
 * a dropped lens takes it along. `select` must return the same object for the same snapshot.
 */
export function storeHook<T>(
  create: (lens: Lens) => CachedStore<T>,
): <S = T>(select?: (value: T) => S) => S {
  const stores = new WeakMap<Lens, CachedStore<T>>();
  return <S>(select?: (value: T) => S): S => {
    const lens = useProvidedLens();
    let store = stores.get(lens);
    if (store === undefined) {
      store = create(lens);
      stores.set(lens, store);
    }
    const { getSnapshot } = store;
    const read = select ? () => select(getSnapshot()) : (getSnapshot as unknown as () => S);
    return useSyncExternalStore(store.subscribe, read, read);
  };
}
