import type { Page } from "playwright-core";

/** The part of the panel's store (`window.__convexLensPanel`, a PanelStore) the probes read. */
interface PanelStoreView {
  ingest(batch: { session: string; items: { type: string; functionPath?: string }[] }): void;
  readonly calls: { readonly size: number; readonly capacity: number };
  readonly lost: number;
  readonly duplicates: number;
}

/** Calls of one prefix that reached the panel's store, and when the last one did. */
export interface Arrivals {
  readonly count: number;
  /** Epoch milliseconds (performance.timeOrigin + now), comparable with the page's clock. */
  readonly firstAt: number;
  readonly lastAt: number;
}

/** What the panel's store holds and has counted as lost, now. */
export interface PanelStoreStats {
  readonly calls: number;
  readonly capacity: number;
  readonly lost: number;
  readonly duplicates: number;
}

interface ArrivalState {
  count: Record<string, number>;
  firstAt: Record<string, number>;
  lastAt: Record<string, number>;
}

/**
 * Wraps the panel store's `ingest` so that each call item is counted, per function prefix (the
 * part before `:`), with the time it was taken in. The store notifies its views only on the next
 * animation frame, so reading its size from a listener would add up to a frame; this does not.
 * The counts are bounded by the number of prefixes a benchmark uses.
 */
export async function countArrivals(panel: Page): Promise<void> {
  await panel.evaluate(() => {
    const target = globalThis as unknown as {
      __convexLensPanel: PanelStoreView;
      __benchArrivals?: ArrivalState;
    };
    if (target.__benchArrivals) return;
    const state: ArrivalState = { count: {}, firstAt: {}, lastAt: {} };
    target.__benchArrivals = state;
    const store = target.__convexLensPanel;
    const ingest = store.ingest.bind(store);
    store.ingest = (batch) => {
      ingest(batch);
      const at = performance.timeOrigin + performance.now();
      for (const item of batch.items) {
        if (item.type !== "call" || item.functionPath === undefined) continue;
        const prefix = item.functionPath.slice(0, item.functionPath.indexOf(":"));
        if (state.count[prefix] === undefined) {
          state.count[prefix] = 0;
          state.firstAt[prefix] = at;
        }
        state.count[prefix]++;
        state.lastAt[prefix] = at;
      }
    };
  });
}

/** Waits until `count` calls of `prefix` reached the panel (see {@link countArrivals}). */
export async function waitForArrivals(
  panel: Page,
  prefix: string,
  count: number,
  timeoutMs: number,
): Promise<Arrivals> {
  await panel
    .waitForFunction(
      ({ prefix, count }) =>
        ((globalThis as unknown as { __benchArrivals: ArrivalState }).__benchArrivals.count[
          prefix
        ] ?? 0) >= count,
      { prefix, count },
      { timeout: timeoutMs, polling: 20 },
    )
    .catch(async (error: unknown) => {
      const got = await arrivals(panel, prefix);
      throw new Error(`only ${got.count} of ${count} "${prefix}" calls reached the panel`, {
        cause: error,
      });
    });
  return arrivals(panel, prefix);
}

/** The arrivals of `prefix` so far. */
export function arrivals(panel: Page, prefix: string): Promise<Arrivals> {
  return panel.evaluate((prefix) => {
    const state = (globalThis as unknown as { __benchArrivals: ArrivalState }).__benchArrivals;
    return {
      count: state.count[prefix] ?? 0,
      firstAt: state.firstAt[prefix] ?? 0,
      lastAt: state.lastAt[prefix] ?? 0,
    };
  }, prefix);
}

/** The panel store's size, cap and loss counters. */
export function panelStoreStats(panel: Page): Promise<PanelStoreStats> {
  return panel.evaluate(() => {
    const store = (globalThis as unknown as { __convexLensPanel: PanelStoreView })
      .__convexLensPanel;
    return {
      calls: store.calls.size,
      capacity: store.calls.capacity,
      lost: store.lost,
      duplicates: store.duplicates,
    };
  });
}
