// Keys that hold secrets, matched against a key's words (camelCase, snake_case, kebab-case and
// dotted keys split into lower-case words). Short words ("pin", "sid", "auth") must be a whole word,
// so "shipping", "inside" and "author" are kept; long ones may appear anywhere in the key with its
// separators dropped ("userPassword", "x-api-key" → "xapikey").
const SECRET_WORDS: ReadonlySet<string> = new Set(
  "auth bearer cvv jwt otp pass pin pwd session sid ssn".split(" "),
);
// One alternation rather than a loop over a list: the same question, "does any part occur?".
const SECRET_PARTS =
  /apikey|authorization|cardnumber|cookie|credential|creditcard|passcode|passphrase|passwd|password|privatekey|privkey|secret|sessionid|signature|token/;

/** A key's words: `x-api-key` → x, api, key; `sessionToken` → session, token; `userSID` → user, sid. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");
}

/**
 * Whether a key names a secret by the built-in list (case-insensitive, any separator style).
 * Redaction by these keys cannot be turned off: leaking a token into a trace backend is never
 * what an app wants.
 */
export function isBuiltInSecretKey(key: string): boolean {
  const words = keyWords(key);
  for (const word of words) if (SECRET_WORDS.has(word)) return true;
  return SECRET_PARTS.test(words.join(""));
}
