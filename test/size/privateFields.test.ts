import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// `#private` members shrink the es2022 bundle the budgets measure (a minifier renames them), but a
// toolchain that targets browsers without them lowers each one to a WeakMap and helper calls:
// Vite 6's default target and Next.js's default browserslist do. Measured on convex-demos
// custom-errors with Vite 6's defaults, ~300 of them added 3.6 kB gzip to the app and slowed the
// call path; the SDK's sources use TypeScript's `private` instead.

const sdk = join(import.meta.dirname, "../../sdk/src");
/** A class member declared `#name` (a field, a method or an accessor), at the start of a line. */
const PRIVATE_MEMBER = /^\s*(?:static\s+)?(?:async\s+)?(?:get\s+|set\s+)?(?:readonly\s+)?#\w+/m;

function shippedSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "test-support" ? [] : shippedSources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test(-d)?\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("the SDK's shipped sources", () => {
  it("recognise a #private member", () => {
    expect(PRIVATE_MEMBER.test("class A {\n  readonly #count = 0;\n}")).toBe(true);
    expect(PRIVATE_MEMBER.test("class A {\n  private count = 0; // not #private\n}")).toBe(false);
  });

  it("declare no #private members, which older browser targets lower to WeakMaps", () => {
    const offenders = shippedSources(sdk)
      .filter((file) => PRIVATE_MEMBER.test(readFileSync(file, "utf8")))
      .map((file) => relative(sdk, file));
    expect(offenders).toEqual([]);
  });
});
