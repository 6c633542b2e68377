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
