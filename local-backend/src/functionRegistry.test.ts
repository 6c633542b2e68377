import { describe, expect, it } from "vitest";
import { canonicalizeUdfPath, describeExport, FunctionRegistry } from "./functionRegistry.js";

const registry = new FunctionRegistry([
  { path: "messages:list", kind: "query", visibility: "public" },
  { path: "messages:send", kind: "mutation", visibility: "public" },
  { path: "messages:insertSystem", kind: "mutation", visibility: "internal" },
  { path: "admin/stats:summary", kind: "query", visibility: "public" },
  { path: "home:default", kind: "query", visibility: "public" },
]);

describe("canonicalizeUdfPath", () => {
  it("matches the official client's canonical form", () => {
    expect(canonicalizeUdfPath("messages:list")).toBe("messages:list");
    expect(canonicalizeUdfPath("messages.js:list")).toBe("messages:list");
    expect(canonicalizeUdfPath("home")).toBe("home:default");
    expect(canonicalizeUdfPath("admin/stats:summary")).toBe("admin/stats:summary");
  });
});

describe("FunctionRegistry", () => {
  it("resolves public functions, including nested modules and default exports", () => {
    expect(registry.resolveForClient("admin/stats:summary", "query").ok).toBe(true);
    expect(registry.resolveForClient("home", "query").ok).toBe(true);
  });

  it("hides internal functions behind the deployment's missing-function wording", () => {
    expect(registry.resolveForClient("messages:insertSystem", "mutation")).toEqual({
      ok: false,
      detail:
        "Could not find public function for 'messages:insertSystem'. Did you forget to run `npx convex dev` or `npx convex deploy`?",
    });
  });

  it("answers a missing function the same way", () => {
    const result = registry.resolveForClient("messages:nope", "query");
    expect(!result.ok && result.detail).toContain(
      "Could not find public function for 'messages:nope'",
    );
  });

  it("refuses to run a function as the wrong kind", () => {
    expect(registry.resolveForClient("messages:send", "query")).toEqual({
      ok: false,
      detail: "Trying to execute messages:send as Query, but it is defined as Mutation.",
    });
  });
});

describe("describeExport", () => {
  it("reads kind and visibility flags from registered functions", () => {
    const fn = Object.assign(() => {}, { isMutation: true, isInternal: true });
    expect(describeExport(fn)).toEqual({ kind: "mutation", visibility: "internal" });
    expect(describeExport(Object.assign(() => {}, { isQuery: true, isPublic: true }))).toEqual({
      kind: "query",
      visibility: "public",
    });
  });

  it("ignores exports that are not functions Convex registered", () => {
    expect(describeExport(42)).toBeNull();
    expect(describeExport({ isHttp: true })).toBeNull();
    expect(describeExport(() => {})).toBeNull();
  });
});
