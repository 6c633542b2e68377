import { join } from "node:path";

/** The repository root. */
export const REPO_DIR = join(import.meta.dirname, "../../..");
/** The demo app package. */
export const DEMO_DIR = join(REPO_DIR, "demo-app");
/** The demo's Convex functions, served by the local backend in the demo tests. */
export const DEMO_FUNCTIONS_DIR = join(DEMO_DIR, "convex");
/** Test artifacts (gitignored): screenshots, traces. */
export const DEMO_ARTIFACTS_DIR = join(REPO_DIR, "test-results", "demo-e2e");
/** README screenshots, committed. */
export const DOCS_IMAGES_DIR = join(REPO_DIR, "docs", "images");
