import { describeValue } from "../core/describeValue.js";
/**
 * Compiles a function-path glob, as used by per-function policies and fault injection, into a
 * matcher. `*` matches any run of characters, including `/` and `:`, so:
 * - `"messages:send"` matches only that function (exact);
 * - `"messages:*"` matches every function of the `messages` module;
 * - `"*:send"` matches `send` in any module;
 * - `"admin/*"` matches everything under the `admin/` folder;
 * - `"*"` matches everything.
 * Several patterns may be given separated by commas (`"messages:*, admin/*"`); any may match.
 * Paths are compared as Convex canonicalises them (`module:function`,
 * convex/src/browser/sync/udf_path_utils.ts): `"messages"` means `"messages:default"`.
 * Matching never backtracks (no regex): at most O(path length × pattern length) steps, whatever
 * the pattern, because it runs on every call's policy resolution.
 * Throws a TypeError for a pattern that is not a non-empty string.
 */
export function compileFunctionPattern(pattern: string): (functionPath: string) => boolean {
  if (typeof pattern !== "string" || pattern.trim() === "") {
    throw new TypeError(
      `a function pattern must be a non-empty string, got ${describeValue(pattern)}`,
    );
  }
  const alternatives = pattern
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map(compileOne);
  if (alternatives.length === 1) return alternatives[0] as (functionPath: string) => boolean;
  return (functionPath) => alternatives.some((matches) => matches(functionPath));
}

function compileOne(pattern: string): (functionPath: string) => boolean {
  if (!pattern.includes("*")) {
    const exact = canonical(pattern);
    return (functionPath) => canonical(functionPath) === exact;
  }
  // No regex: a backtracking engine takes exponential time on `a*a*a*…b` (issue 17, finding 8).
  // With `*` the only wildcard, taking each literal piece at its leftmost place is always right,
  // so one forward scan decides the match: at most O(path × pattern) character comparisons.
  const pieces = pattern.split("*");
  const prefix = pieces.shift() ?? "";
  const suffix = pieces.pop() ?? "";
  const middles = pieces.filter((piece) => piece !== "");
  const minLength = prefix.length + suffix.length;
  return (functionPath) => {
    const path = canonical(functionPath);
    if (path.length < minLength || !path.startsWith(prefix) || !path.endsWith(suffix)) return false;
    const end = path.length - suffix.length;
    let from = prefix.length;
    for (const middle of middles) {
      const at = path.indexOf(middle, from);
      if (at === -1 || at + middle.length > end) return false;
      from = at + middle.length;
    }
    return true;
  };
}

function canonical(path: string): string {
  return path.includes(":") ? path : `${path}:default`;
}
