/**
 * Compiles a function-path glob such as `messages:*` or `admin/*:get?` into a matcher.
 * `*` matches any run of characters (including `/` and `:`), `?` exactly one; everything else is
 * literal. Hand-written because the grammar is two characters wide and a glob library would bring
 * path semantics that function paths do not have.
 */
export function compileFunctionGlob(pattern: string): (udfPath: string) => boolean {
  let source = "";
  for (const char of pattern) {
    if (char === "*") {
      source += ".*";
    } else if (char === "?") {
      source += ".";
    } else {
      source += char.replace(/[.+^${}()|[\]\\/]/g, "\\$&");
    }
  }
  const regex = new RegExp(`^${source}$`, "s");
  return (udfPath) => regex.test(udfPath);
}
