import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import { classifyError, LensError } from "../errors/index.js";
import { createRedactor, REDACTED } from "./redact.js";

// Made-up secrets in the vendors' shapes; none is a live credential.
const JWT =
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEyMyIsImV4cCI6MTk5OTk5OTk5OX0.c2lnbmF0dXJlc2lnbmF0dXJl";
const SECRET_VALUES = [
  JWT,
  `Bearer ${JWT}`,
  "sk_live_51Habcdefghijklmnop",
  "sk_test_51Habcdefghijklmnop",
  "AKIAIOSFODNN7EXAMPLE",
  "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
  "xoxb-1234567890-abcdefghij",
  "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----",
];

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

  it("redacts the newly listed keys, nested and in arrays", () => {
    const keys = ["auth", "jwt", "bearer", "pwd", "pass", "passphrase", "pin", "otp", "privKey"];
    const more = ["signature", "sid", "session", "session_token", "x-api-key"];
    const value = Object.fromEntries([...keys, ...more].map((key) => [key, "planted-secret"]));
    const preview = createRedactor().preview({ outer: [{ inner: value }] });
    expect(preview).not.toContain("planted-secret");
  });

  it("redacts secret values by pattern under ordinary keys and inside longer text", () => {
    const redactor = createRedactor();
    for (const secret of SECRET_VALUES) {
      const preview = redactor.preview({ note: secret, list: [`before ${secret} after`] });
      expect(preview, secret).not.toContain(secret.slice(8, 30));
      expect(redactor.text(`Error: call failed with ${secret} (retrying)`)).not.toContain(
        secret.slice(8, 30),
      );
    }
    expect(redactor.text(`Authorization: Bearer ${JWT}`)).toBe(
      `Authorization: ${REDACTED} ${REDACTED}`,
    );
  });

  it("redacts `secret: value` pairs inside text, in JSON, escaped JSON, headers and URLs", () => {
    const redactor = createRedactor();
    const texts = [
      '{"sessionToken":"tok-123","user":"ada"}',
      '"{\\"password\\":\\"hunter2\\"}"',
      "pin=4321&user=ada",
      "login failed for ada, pwd: hunter2",
    ];
    for (const text of texts) {
      const out = redactor.text(text);
      expect(out).not.toMatch(/tok-123|hunter2|4321/);
      expect(out).toContain(REDACTED);
    }
    expect(redactor.text('{"user":"ada"}')).toBe('{"user":"ada"}');
    expect(redactor.text("query auth:login failed: session expired")).toBe(
      "query auth:login failed: session expired",
    );
  });

  it("drops the values Convex's argument validation echoes, unless args capture is on", () => {
    const message =
      "[Request ID: r1] Server Error\nArgumentValidationError: Value does not match validator.\nPath: .pin\nValue: 4321\nValidator: v.string()";
    const out = createRedactor().text(message);
    expect(out).not.toContain("4321");
    expect(out).toContain("Path: .pin");
    expect(createRedactor({ args: true }).text(message)).not.toContain("4321");
    expect(createRedactor({ args: true }).text(message.replace(".pin", ".count"))).toContain(
      "4321",
    );
  });

  it("applies sticky and global user patterns to every key and every match", () => {
    const redactor = createRedactor({ redact: [/^email/y, /\b\d{4}-\d{4}\b/g] });
    const preview = JSON.parse(
      redactor.preview({ email: "a@b.c", emailBackup: "d@e.f", emailOther: "g@h.i" }),
    );
    expect(preview).toEqual({ email: REDACTED, emailBackup: REDACTED, emailOther: REDACTED });
    expect(redactor.text("1234-5678 and 8765-4321")).toBe(`${REDACTED} and ${REDACTED}`);
    expect(redactor.text("1234-5678 again")).toBe(`${REDACTED} again`);
  });

  it("withholds a ConvexError's data by default and keeps it redacted when errorData is on", () => {
    const raw = new ConvexError({ code: "BAD_LOGIN", sessionToken: "tok-123", email: "a@b.c" });
    raw.message = `[Request ID: r1] Server Error\nUncaught ConvexError: ${JSON.stringify(raw.data)}`;
    const error = classifyError(raw);
    const withheld = createRedactor().errorMessage(error);
    expect(withheld).not.toMatch(/tok-123|a@b\.c/);
    expect(withheld).toContain("[Request ID: r1]");
    expect(withheld).toContain("BAD_LOGIN");
    const kept = createRedactor({ errorData: true }).errorMessage(error);
    expect(kept).toContain("a@b.c");
    expect(kept).not.toContain("tok-123");
  });

  it("redacts plain error text and attributes, and fails closed when redaction throws", () => {
    const redactor = createRedactor();
    const error = new LensError("UNKNOWN", { message: `upstream said token=abc123 ${JWT}` });
    expect(redactor.errorMessage(error)).not.toMatch(/abc123|eyJhbGci/);
    expect(
      redactor.attributes({ "http.url": "https://x.test/?api_key=k1", password: "p", n: 1 }),
    ).toEqual({ "http.url": `https://x.test/?api_key=${REDACTED}`, password: REDACTED, n: 1 });
    const hostile = new LensError("UNKNOWN");
    Object.defineProperty(hostile, "message", {
      get() {
        throw new Error("boom");
      },
    });
    expect(redactor.errorMessage(hostile)).toBe(REDACTED);
  });

  it("stays fast on pathological text", () => {
    const redactor = createRedactor({ redact: ["note"] });
    const started = performance.now();
    redactor.text(`${'password:"'.repeat(5_000)}${"a=".repeat(10_000)}${"eyJ".repeat(10_000)}`);
    for (let i = 0; i < 20; i++) redactor.text("x".repeat(64 * 1024));
    expect(performance.now() - started).toBeLessThan(500);
  });
});
