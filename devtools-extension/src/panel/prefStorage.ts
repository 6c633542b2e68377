/** The part of `localStorage` the panel's preferences need, so tests can pass a plain object. */
export type PrefStorage = Pick<Storage, "getItem" | "setItem">;

/**
 * The extension page's `localStorage` (it needs no permission, unlike `chrome.storage`), or
 * undefined where reading it throws (storage blocked), so preferences are then just not kept.
 */
export function panelStorage(): PrefStorage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}
