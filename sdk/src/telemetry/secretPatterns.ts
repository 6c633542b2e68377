/**
 * Values that are secrets whatever key holds them, found inside longer text too (error messages,
 * log lines, URLs). Each pattern is global and starts with a literal or a word boundary, so a
 * scan is linear in the text's length. Sources for the prefixes: the vendors' published token
 * formats (Stripe `sk_live_`, AWS `AKIA`/`ASIA`, GitHub `ghp_`/`github_pat_`, Slack `xox?-`,
 * Google `AIza`, GitLab `glpat-`, npm `npm_`, OpenAI `sk-`, Convex deploy keys `prod:…|…`).
 */
const SECRET_VALUE_PATTERNS: readonly RegExp[] = [
  // PEM private keys, whole block (or to the end of a cut text).
  /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----|$)/g,
  // Authorization schemes with a credential after them.
  /\b(?:Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  // JWTs: base64url JSON header ("eyJ"), payload and a signature that may be empty (alg none).
  /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
  /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}/g,
  /\bwhsec_[A-Za-z0-9]{16,}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bxox[abprse]-[A-Za-z0-9-]{10,}/g,
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  /\bglpat-[A-Za-z0-9_-]{20,}/g,
  /\bnpm_[A-Za-z0-9]{30,}/g,
  /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}/g,
  /\b(?:prod|dev|preview|project):[a-z0-9-]{1,80}\|[A-Za-z0-9+/=_-]{20,}/g,
];

/** Replaces every built-in secret value in `text` with `replacement`. */
export function redactSecretValues(text: string, replacement: string): string {
  let out = text;
  for (const pattern of SECRET_VALUE_PATTERNS) {
    pattern.lastIndex = 0;
    if (!pattern.test(out)) continue;
    out = out.replace(pattern, (match) =>
      /^(?:Bearer|Basic|Token)\s/i.test(match)
        ? `${match.slice(0, match.search(/\s/))} ${replacement}`
        : replacement,
    );
  }
  return out;
}
