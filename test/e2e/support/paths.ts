import { join } from "node:path";

// import.meta.dirname rather than `new URL(..., import.meta.url)` (see test/support/paths.ts).

/** The repository root. */
export const REPO_ROOT = join(import.meta.dirname, "../../..");
/** The extension package. */
export const EXTENSION_DIR = join(REPO_ROOT, "devtools-extension");
/** The built, unpacked extension Chromium loads. */
export const EXTENSION_DIST = join(EXTENSION_DIR, "dist");
/** Where test artifacts go (gitignored). */
export const TEST_RESULTS_DIR = join(REPO_ROOT, "test-results");
/** The README's screenshot of the panel. */
export const README_SCREENSHOT = join(REPO_ROOT, "docs/images/devtools-panel.png");
/** The page under test: a tiny app using the SDK and convex/browser's ConvexClient. */
export const LENS_PAGE_ENTRY = join(import.meta.dirname, "../fixtures/lensPage.ts");
