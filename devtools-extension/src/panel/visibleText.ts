// Characters that render as nothing, or change how the text around them renders: controls,
// format characters (bidirectional overrides and isolates, zero-width spaces and joiners, the
// byte-order mark, tag characters), separators other than the plain space, lone surrogates,
// private-use and unassigned code points, and letters and marks that draw nothing (Hangul
// fillers, the combining grapheme joiner, variation selectors, the blank Braille pattern).
// The backslash is escaped too, so that a name spelling out "\u202E" stays distinct from one
// that holds the character.
const HIDDEN =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}\u115F\u1160\u2800\u3164\uFFA0\\]|\u034F|\u17B4|\u17B5|\p{Variation_Selector}/gu;

/**
 * `text` with every character that could make it look like other text shown as an escape
 * (`\u202E`, `\u200B`, `\\`): a function name, breaker scope, error code or origin from a page
 * must never render identical to a different one (issue 17, finding 10). Plain spaces stay.
 */
export function visibleText(text: string): string {
  return text.replace(HIDDEN, (char) => {
    if (char === " ") return char;
    if (char === "\\") return "\\\\";
    const code = char.codePointAt(0) ?? 0;
    return code > 0xffff
      ? `\\u{${code.toString(16).toUpperCase()}}`
      : `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
  });
}
