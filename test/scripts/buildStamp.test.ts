import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inputFingerprint, isUpToDate, writeStamp } from "../../scripts/buildStamp.mjs";

let base: string;
const stamp = () => join(base, "cache", "build-pkg");
const output = () => join(base, "pkg", "dist");

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), "lens-stamp-"));
  mkdirSync(join(base, "pkg", "src"), { recursive: true });
  mkdirSync(output(), { recursive: true });
  writeFileSync(join(base, "pkg", "src", "index.ts"), "export const a = 1;\n");
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe("the build stamp", () => {
  it("skips a build when nothing changed since the last one", () => {
    writeStamp(stamp(), inputFingerprint(base, ["pkg"]));
    expect(isUpToDate(stamp(), inputFingerprint(base, ["pkg"]), output())).toBe(true);
  });

  it("builds again after a source is edited, added or removed", () => {
    const path = join(base, "pkg", "src", "index.ts");
    writeStamp(stamp(), inputFingerprint(base, ["pkg"]));
    utimesSync(path, new Date(), new Date(Date.now() + 5_000));
    expect(isUpToDate(stamp(), inputFingerprint(base, ["pkg"]), output())).toBe(false);

    writeStamp(stamp(), inputFingerprint(base, ["pkg"]));
    writeFileSync(join(base, "pkg", "src", "more.ts"), "export {};\n");
    expect(isUpToDate(stamp(), inputFingerprint(base, ["pkg"]), output())).toBe(false);

    writeStamp(stamp(), inputFingerprint(base, ["pkg"]));
    rmSync(join(base, "pkg", "src", "more.ts"));
    expect(isUpToDate(stamp(), inputFingerprint(base, ["pkg"]), output())).toBe(false);
  });

  it("ignores outputs, installs and tests, which a build does not read", () => {
    const before = inputFingerprint(base, ["pkg"]);
    writeFileSync(join(output(), "index.js"), "x");
    mkdirSync(join(base, "pkg", "node_modules"));
    writeFileSync(join(base, "pkg", "node_modules", "dep.js"), "x");
    writeFileSync(join(base, "pkg", "src", "index.test.ts"), "x");
    expect(inputFingerprint(base, ["pkg"])).toBe(before);
  });

  it("builds again when the output was deleted or no build has succeeded yet", () => {
    const fingerprint = inputFingerprint(base, ["pkg"]);
    expect(isUpToDate(stamp(), fingerprint, output())).toBe(false);
    writeStamp(stamp(), fingerprint);
    rmSync(output(), { recursive: true });
    expect(isUpToDate(stamp(), fingerprint, output())).toBe(false);
  });
});
