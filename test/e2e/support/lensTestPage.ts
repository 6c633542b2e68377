import { serveBundledPage } from "../../support/bundledPage.js";
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
