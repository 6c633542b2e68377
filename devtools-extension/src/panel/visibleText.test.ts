import { describe, expect, it } from "vitest";
import { visibleText } from "./visibleText";

describe("visibleText", () => {
  it("leaves ordinary names as they are, spaces included", () => {
    expect(visibleText("payments:transfer")).toBe("payments:transfer");
    expect(visibleText("query admin/users:list")).toBe("query admin/users:list");
    expect(visibleText("messages:envoyé_日本")).toBe("messages:envoyé_日本");
  });

  it("shows a right-to-left override as an escape, so the name cannot pose as another", () => {
    // "payments:refsnart" + RLO renders as "payments:transfer"-like text in a browser.
    const spoof = "payments:\u202Erefsnart";
    expect(visibleText(spoof)).toBe("payments:\\u202Erefsnart");
    expect(visibleText(spoof)).not.toBe(visibleText("payments:transfer"));
  });

  it.each([
    ["zero-width space", "\u200B"],
    ["zero-width joiner", "\u200D"],
    ["word joiner", "\u2060"],
    ["byte-order mark", "\uFEFF"],
    ["left-to-right mark", "\u200E"],
    ["right-to-left isolate", "\u2067"],
    ["pop directional formatting", "\u202C"],
    ["Arabic letter mark", "\u061C"],
    ["no-break space", "\u00A0"],
    ["line separator", "\u2028"],
    ["Hangul filler", "\u3164"],
    ["variation selector", "\uFE0F"],
    ["newline", "\n"],
    ["lone surrogate", "\uD800"],
  ])("escapes a %s", (_name, char) => {
    const shown = visibleText(`payments:trans${char}fer`);
    expect(shown).not.toContain(char);
    expect(shown).toBe(
      `payments:trans\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}fer`,
    );
  });

  it("escapes characters beyond the basic plane with braces", () => {
    expect(visibleText("a\u{E0041}b")).toBe("a\\u{E0041}b");
  });

  it("escapes a backslash, so a spelled-out escape stays distinct from the character", () => {
    expect(visibleText("a\\u202Eb")).toBe("a\\\\u202Eb");
    expect(visibleText("a\\u202Eb")).not.toBe(visibleText("a\u202Eb"));
  });
});
