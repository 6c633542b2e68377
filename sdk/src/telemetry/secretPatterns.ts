/**
 * Values that are secrets whatever key holds them, found inside longer text too (error messages,
 * log lines, URLs). Each pattern is global and starts with a literal or a word boundary, so a
 * scan is linear in the text's length. Sources for the prefixes: the vendors' published token
 * formats (Stripe `sk_live_`, AWS `AKIA`/`ASIA`, GitHub `ghp_`/`github_pat_`, Slack `xox?-`,
 * Google `AIza`, GitLab `glpat-`, npm `npm_`, OpenAI `sk-`, Convex deploy keys `prod:…|…`).
 * `\w` is `[A-Za-z0-9_]` (no `u` flag), so `[\w-]` is base64url's alphabet.
 */
const SECRET_VALUE_PATTERNS: readonly RegExp[] = [
  // PEM private keys, whole block (or to the end of a cut text).
  /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----|$)/g,
  // Authorization schemes with a credential after them; the scheme (the one group) is kept.
  /\b(Bearer|Basic|Token)\s+[\w.~+/=-]{8,}/gi,
  // JWTs: base64url JSON header ("eyJ"), payload and a signature that may be empty (alg none).
  /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g,
  /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}/g,
  /\bwhsec_[A-Za-z0-9]{16,}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_\w{20,}/g,
  /\bxox[abprse]-[A-Za-z0-9-]{10,}/g,
  /\bAIza[\w-]{30,}/g,
  /\bglpat-[\w-]{20,}/g,
  /\bnpm_[A-Za-z0-9]{30,}/g,
  /\bsk-(?:proj-|ant-)?[\w-]{20,}/g,
  /\b(?:prod|dev|preview|project):[a-z0-9-]{1,80}\|[\w+/=-]{20,}/g,
];

/** Replaces every built-in secret value in `text` with `replacement`. */
export function redactSecretValues(text: string, replacement: string): string {
  let out = text;
  // A global pattern's `replace` starts from 0 whatever its `lastIndex`, and returns the very
  // string it was given when nothing matches.
  for (const pattern of SECRET_VALUE_PATTERNS) {
    // `scheme` is the authorization pattern's group; for the others, the match's offset.
    out = out.replace(pattern, (_match, scheme: unknown) =>
      typeof scheme === "string" ? `${scheme} ${replacement}` : replacement,
    );
  }
  return out;
}
