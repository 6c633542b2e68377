import { describe, expect, it } from "vitest";
import { compileFunctionGlob } from "./functionGlob.js";

describe("compileFunctionGlob", () => {
  it("matches every function of a module with module:*", () => {
    const matches = compileFunctionGlob("messages:*");
    expect(matches("messages:list")).toBe(true);
    expect(matches("messages:send")).toBe(true);
    expect(matches("users:list")).toBe(false);
    expect(matches("admin/messages:list")).toBe(false);
  });

  it("lets * cross folder separators", () => {
    expect(compileFunctionGlob("admin/*")("admin/deep/stats:summary")).toBe(true);
  });

  it("treats ? as exactly one character", () => {
    const matches = compileFunctionGlob("m:f?");
    expect(matches("m:f1")).toBe(true);
    expect(matches("m:f")).toBe(false);
    expect(matches("m:f12")).toBe(false);
  });

  it("treats regex characters literally", () => {
    const matches = compileFunctionGlob("a.b:(c)");
    expect(matches("a.b:(c)")).toBe(true);
    expect(matches("axb:(c)")).toBe(false);
  });

  it("matches a full path exactly when there are no wildcards", () => {
    expect(compileFunctionGlob("messages:send")("messages:send")).toBe(true);
    expect(compileFunctionGlob("messages:send")("messages:sendLater")).toBe(false);
  });
});

// Obviously correct and exponential: the yardstick for the fast matcher on small inputs.
function referenceMatch(glob: string[], path: string[]): boolean {
  if (glob.length === 0) {
    return path.length === 0;
  }
  const [head, ...rest] = glob;
  if (head === "*") {
    return path.some((_, i) => referenceMatch(rest, path.slice(i))) || referenceMatch(rest, []);
  }
  if (path.length === 0) {
    return false;
  }
  return (head === "?" || head === path[0]) && referenceMatch(rest, path.slice(1));
}

// A seeded generator, so a failure reproduces.
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe("compileFunctionGlob under hostile patterns", () => {
  it("answers a pathological pattern against a 41-character path at once", () => {
    const pattern = `${"*?".repeat(16)}!`;
    const path = "a".repeat(41);
    const started = performance.now();
    expect(compileFunctionGlob(pattern)(path)).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it("stays fast for many wildcards on long paths", () => {
    const started = performance.now();
    for (let stars = 1; stars <= 64; stars++) {
      const pattern = `${"*a".repeat(stars)}!`;
      expect(compileFunctionGlob(pattern)("a".repeat(200))).toBe(false);
    }
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("agrees with a reference matcher on random patterns and paths", () => {
    const random = seededRandom(17);
    const alphabet = ["a", "b", ":", "/", "*", "?"];
    const pick = (length: number, chars: string[]) =>
      Array.from({ length }, () => chars[Math.floor(random() * chars.length)] ?? "a");
    for (let run = 0; run < 5_000; run++) {
      const glob = pick(Math.floor(random() * 8), alphabet);
      const path = pick(Math.floor(random() * 10), ["a", "b", ":", "/"]);
      const expected = referenceMatch(glob, path);
      expect(
        compileFunctionGlob(glob.join(""))(path.join("")),
        `${glob.join("")} vs ${path.join("")}`,
      ).toBe(expected);
    }
  });

  it("treats ? as one character even outside the Basic Multilingual Plane", () => {
    expect(compileFunctionGlob("m:?")("m:😀")).toBe(true);
  });
});
