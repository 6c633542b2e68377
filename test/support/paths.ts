import { join } from "node:path";

// import.meta.dirname rather than `new URL(..., import.meta.url)`: test environments such as
// happy-dom replace the global URL class, which node:url's fileURLToPath then rejects.

/** The local-backend package directory. */
export const LOCAL_BACKEND_DIR = join(import.meta.dirname, "../../local-backend");

/** The chat fixture's Convex functions (no `_generated/`, no `"type": "module"`). */
export const CHAT_FUNCTIONS_DIR = join(import.meta.dirname, "../fixtures/chat/convex");

/** The complete fixture: every backend feature at once, TypeScript, no `"type": "module"`. */
export const COMPLETE_FUNCTIONS_DIR = join(import.meta.dirname, "../fixtures/complete/convex");

/** The demo app's real Convex functions. */
export const DEMO_FUNCTIONS_DIR = join(import.meta.dirname, "../../demo-app/convex");
