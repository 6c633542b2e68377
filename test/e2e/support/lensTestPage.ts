import type { Page } from "playwright-core";
import { serveBundledPage } from "../../support/bundledPage.js";
import type { LensPageHandle, PageCallOutcome } from "../fixtures/lensPage.js";
import { LENS_PAGE_ENTRY } from "./paths.js";

/** The page under test, served over HTTP on a random port of 127.0.0.1. */
export interface LensTestSite {
  /** The page's address for a backend at `backendUrl`. */
  url(backendUrl: string): string;
  close(): Promise<void>;
}

/** Bundles test/e2e/fixtures/lensPage.ts (the SDK, convex/browser) for the browser and serves it. */
export async function serveLensPage(): Promise<LensTestSite> {
  const page = await serveBundledPage(LENS_PAGE_ENTRY, "Convex Lens e2e page");
  return {
    url: (backendUrl) => `${page.url}?backend=${encodeURIComponent(backendUrl)}`,
    close: () => page.close(),
  };
}

/** Makes one call from the lens page's app (`window.lensPage.call`) and returns how it ended. */
export function callOnLensPage(
  page: Page,
  kind: "query" | "mutation" | "action",
  path: string,
  args: Record<string, unknown> = {},
): Promise<PageCallOutcome> {
  return page.evaluate(
    ({ kind, path, args }) =>
      (window as unknown as { lensPage: LensPageHandle }).lensPage.call(kind, path, args),
    { kind, path, args },
  );
}

/** Sets the lens page's client-side (SDK) faults; null clears them. */
export function setLensPageFaults(
  page: Page,
  config: Record<string, unknown> | null,
): Promise<void> {
  return page.evaluate(
    (config) =>
      (
        window as unknown as { lensPage: { setFaults(c: Record<string, unknown> | null): void } }
      ).lensPage.setFaults(config),
    config,
  );
}

/**
 * Overloads `messages:count` on the lens page (a client-side fault) and calls it until the
 * breaker refuses with CIRCUIT_OPEN, at most 12 times. Returns whether the breaker opened; the
 * fault is left on for the caller to clear or replace.
 */
export async function openBreakerOnLensPage(page: Page): Promise<boolean> {
  await setLensPageFaults(page, { errorRate: 1, error: "overloaded", functions: "messages:count" });
  for (let i = 0; i < 12; i++) {
    const outcome = await callOnLensPage(page, "query", "messages:count");
    if (outcome.code === "CIRCUIT_OPEN") return true;
  }
  return false;
}
