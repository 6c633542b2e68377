import { describeValue } from "./describeValue.js";
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
  if (/^\*+$/.test(pattern)) return () => true;
  const parts = pattern.split(/\*+/);
  // Common shapes get a plain string test; the rest a linear-time regex (no nested quantifiers).
  if (parts.length === 2) {
    const [prefix = "", suffix = ""] = parts;
    const minLength = prefix.length + suffix.length;
    return (functionPath) => {
      const path = canonical(functionPath);
      return path.length >= minLength && path.startsWith(prefix) && path.endsWith(suffix);
    };
  }
  const regex = new RegExp(`^${parts.map(escapeRegExp).join(".*")}$`, "s");
  return (functionPath) => regex.test(canonical(functionPath));
}

function canonical(path: string): string {
  return path.includes(":") ? path : `${path}:default`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
