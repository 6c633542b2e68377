import { describe, expect, it } from "vitest";
import { createRedactor, REDACTED } from "./redact.js";

describe("createRedactor", () => {
  it("always redacts secret-looking keys, at any depth", () => {
    const preview = createRedactor().preview({
      user: "ada",
      password: "hunter2",
      nested: {
        apiKey: "k",
        session_id: "s",
        Authorization: "Bearer x",
        list: [{ refreshToken: "t" }],
      },
    });
    expect(preview).not.toMatch(/hunter2|Bearer x|"k"|"s"|"t"/);
    expect(JSON.parse(preview)).toEqual({
      user: "ada",
      password: REDACTED,
      nested: {
        apiKey: REDACTED,
        session_id: REDACTED,
        Authorization: REDACTED,
        list: [{ refreshToken: REDACTED }],
      },
    });
  });

  it("redacts extra keys given as strings (case-insensitive) and patterns over keys and text", () => {
    const redactor = createRedactor({ redact: ["Email", /^phone/i, /\b\d{16}\b/] });
    const preview = JSON.parse(
      redactor.preview({ email: "a@b.c", phoneNumber: "123", note: "card 4111111111111111 ok" }),
    );
    expect(preview).toEqual({
      email: REDACTED,
      phoneNumber: REDACTED,
      note: `card ${REDACTED} ok`,
    });
  });

  it("caps the preview length", () => {
    const preview = createRedactor({ maxValueLength: 40 }).preview({ text: "x".repeat(1_000) });
    expect(preview.length).toBeLessThanOrEqual(41);
    expect(preview.endsWith("…")).toBe(true);
  });

  it("survives cycles, deep nesting, huge arrays, bigints and hostile keys", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 50; i++) deep = { deep };
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}');
    const redactor = createRedactor({ maxValueLength: 100_000 });
    expect(redactor.preview(cyclic)).toContain("[Circular]");
    expect(redactor.preview(deep)).toContain("[…]");
    expect(redactor.preview(Array.from({ length: 1_000 }, (_, i) => i))).toContain("950 more");
    expect(redactor.preview({ n: 10n })).toBe('{"n":"10n"}');
    expect(redactor.preview(hostile)).toContain("polluted");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
