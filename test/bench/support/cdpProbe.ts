import type { BrowserContext, CDPSession, Page } from "playwright-core";

/** A CDP session on one page, for the figures the page cannot give about itself. */
export interface CdpProbe {
  /**
   * Seconds the page's main thread has spent running tasks since it started (CDP
   * Performance.getMetrics `TaskDuration`): scripts of every world, including the extension's
   * content script, plus style, layout and paint.
   */
  mainThreadSeconds(): Promise<number>;
  /** JS heap in use after a full garbage collection, in bytes (Runtime.getHeapUsage). */
  heapUsedAfterGc(): Promise<number>;
  detach(): Promise<void>;
}

/** Opens a {@link CdpProbe} on `page`. */
export async function probePage(context: BrowserContext, page: Page): Promise<CdpProbe> {
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  return {
    async mainThreadSeconds() {
      const { metrics } = await cdp.send("Performance.getMetrics");
      const task = metrics.find((metric) => metric.name === "TaskDuration");
      if (task === undefined) throw new Error("CDP reported no TaskDuration metric");
      return task.value;
    },
    async heapUsedAfterGc() {
      await cdp.send("HeapProfiler.collectGarbage");
      const { usedSize } = await cdp.send("Runtime.getHeapUsage");
      return usedSize;
    },
    detach: () => cdp.detach(),
  };
}
