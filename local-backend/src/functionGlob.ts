/**
 * Compiles a function-path glob such as `messages:*` or `admin/*:get?` into a matcher.
 * `*` matches any run of characters (including `/` and `:`), `?` exactly one; everything else is
 * literal. Hand-written because the grammar is two characters wide and a glob library would bring
 * path semantics that function paths do not have.
 *
 * The matcher never backtracks more than to the last `*`, so a match costs at most
 * pattern length × path length steps: a regex built from the glob can take exponential time
 * (`"*?".repeat(16) + "!"` froze the backend for over 30 s), and the glob comes over the admin API.
 */
export function compileFunctionGlob(pattern: string): (udfPath: string) => boolean {
  const glob = Array.from(pattern);
  return (udfPath) => globMatches(glob, Array.from(udfPath));
}

// The classic wildcard walk: on a mismatch, let the latest `*` swallow one more character and
// resume just after it. Earlier stars never need revisiting, since the latest one can absorb
// anything they could.
function globMatches(glob: readonly string[], path: readonly string[]): boolean {
  let g = 0;
  let p = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (p < path.length) {
    const token = glob[g];
    if (token === "*") {
      starAt = g;
      resumeAt = p;
      g++;
    } else if (token !== undefined && (token === "?" || token === path[p])) {
      g++;
      p++;
    } else if (starAt >= 0) {
      g = starAt + 1;
      resumeAt++;
      p = resumeAt;
    } else {
      return false;
    }
  }
  while (glob[g] === "*") {
    g++;
  }
  return g === glob.length;
}
