import { convexTest } from "convex-test";
import schema from "./convex/schema.js";

/** The fixture app's modules for convex-test, listed rather than globbed (no Vite needed). */
export const fixtureModules = {
  "./convex/_generated/server.ts": () => import("./convex/_generated/server.js"),
  "./convex/notes.ts": () => import("./convex/notes.js"),
  "./convex/schema.ts": () => import("./convex/schema.js"),
};

/** A fresh in-memory Convex backend running the fixture functions. */
export function fixtureBackend() {
  return convexTest(schema, fixtureModules);
}
