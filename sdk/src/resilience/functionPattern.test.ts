import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileFunctionPattern } from "./functionPattern.js";

const paths = [
  "messages:send",
  "messages:list",
  "admin/users:send",
  "admin/users:list",
  "stats:default",
];

function matching(pattern: string): string[] {
  const matches = compileFunctionPattern(pattern);
  return paths.filter((path) => matches(path));
}

describe("compileFunctionPattern", () => {
  it("matches an exact path only", () => {
    expect(matching("messages:send")).toEqual(["messages:send"]);
  });

  it("matches every function of a module with module:*", () => {
    expect(matching("messages:*")).toEqual(["messages:send", "messages:list"]);
  });

  it("matches a function name in any module with *:name", () => {
    expect(matching("*:send")).toEqual(["messages:send", "admin/users:send"]);
  });

  it("matches everything under a folder with folder/*", () => {
    expect(matching("admin/*")).toEqual(["admin/users:send", "admin/users:list"]);
  });

  it("matches everything with *", () => {
    expect(matching("*")).toEqual(paths);
  });

  it("supports a * in the middle and several of them", () => {
    expect(matching("admin/*:s*")).toEqual(["admin/users:send"]);
    expect(matching("*s*:*i*")).toEqual(["messages:list", "admin/users:list"]);
  });

  it("accepts a comma-separated list of patterns", () => {
    expect(matching("messages:send, admin/*")).toEqual([
      "messages:send",
      "admin/users:send",
      "admin/users:list",
    ]);
  });

  it("treats a bare module name as its default export, as Convex does", () => {
    expect(compileFunctionPattern("stats")("stats:default")).toBe(true);
    expect(compileFunctionPattern("stats:default")("stats")).toBe(true);
    expect(compileFunctionPattern("stats:*")("stats")).toBe(true);
  });

  it("treats regular-expression characters literally", () => {
    const matches = compileFunctionPattern("a.b:*");
    expect(matches("a.b:x")).toBe(true);
    expect(matches("axb:x")).toBe(false);
  });

  it("does not match a prefix and suffix that overlap", () => {
    expect(compileFunctionPattern("m:ab*ba")("m:aba")).toBe(false);
    expect(compileFunctionPattern("m:ab*ba")("m:abba")).toBe(true);
  });

  it.each(["", "   ", 42 as unknown as string])("rejects the invalid pattern %o", (pattern) => {
    expect(() => compileFunctionPattern(pattern)).toThrow(TypeError);
  });
});

/** The obvious dynamic-programming glob match, slow but plainly right: the oracle for the fast one. */
function referenceMatch(pattern: string, path: string): boolean {
  // reachable[j]: the pattern read so far can match the first j characters of the path.
  let reachable = Array.from({ length: path.length + 1 }, (_, j) => j === 0);
  for (const token of pattern) {
    const next = new Array<boolean>(path.length + 1).fill(false);
    for (let j = 0; j <= path.length; j++) {
      if (token === "*") next[j] = reachable[j] === true || (j > 0 && next[j - 1] === true);
      else next[j] = j > 0 && reachable[j - 1] === true && path[j - 1] === token;
    }
    reachable = next;
  }
  return reachable[path.length] === true;
}

function referenceMatchesAny(patternList: string, path: string): boolean {
  const canonicalPath = path.includes(":") ? path : `${path}:default`;
  return patternList
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .some((part) => {
      const glob = part.includes("*") || part.includes(":") ? part : `${part}:default`;
      return referenceMatch(glob, canonicalPath);
    });
}

describe("compileFunctionPattern on hostile and random input", () => {
  const pathological: Array<[string, string, string]> = [
    ["8 wildcards on a 32-character path", `${"a*".repeat(8)}b`, "a".repeat(32)],
    ["65 wildcards on a 4096-character path", `${"*a".repeat(64)}*b`, "a".repeat(4096)],
    ["the backend's *? blow-up", `m:${"*?".repeat(16)}!`, `m:${"?".repeat(39)}`],
    ["200 two-letter pieces", `*${"ab*".repeat(200)}c`, "ab".repeat(2000)],
    ["runs of 500 stars", `${"*".repeat(500)}x${"*".repeat(500)}y`, "x".repeat(5000)],
  ];

  it.each(pathological)("answers %s in milliseconds", (_name, pattern, path) => {
    const matches = compileFunctionPattern(pattern);
    const started = performance.now();
    for (let round = 0; round < 10; round++) expect(matches(path)).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it("agrees with a plain dynamic-programming matcher on random patterns and paths", () => {
    const text = (alphabet: string[], maxLength: number) =>
      fc.array(fc.constantFrom(...alphabet), { maxLength }).map((chars) => chars.join(""));
    fc.assert(
      fc.property(
        text(["a", "b", ":", "/", "*", "*", ",", " "], 12),
        text(["a", "b", ":", "/"], 12),
        (pattern, path) => {
          fc.pre(pattern.trim() !== "");
          expect(compileFunctionPattern(pattern)(path)).toBe(referenceMatchesAny(pattern, path));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
