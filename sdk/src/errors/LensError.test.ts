import { ConvexError } from "convex/values";
import { describe, expect, it, vi } from "vitest";
import { classifyError } from "./classifyError.js";
import {
  CircuitOpenError,
  ConfigurationError,
  errorClassForCode,
  MutationOutcomeUnknownError,
  NetworkError,
  NotFoundError,
  ServerError,
  TimeoutError,
} from "./codeErrors.js";
import { errorCatalog } from "./errorCatalog.js";
import { ErrorCode } from "./errorCode.js";
import { isLensError, LENS_ERROR_BRAND, LensError } from "./LensError.js";
import { MAX_FIELD_LENGTH, MAX_MESSAGE_LENGTH } from "./safeText.js";

describe("LensError and its per-code classes", () => {
  it("gives every code a class whose errors carry the catalog's defaults", () => {
    for (const code of Object.values(ErrorCode)) {
      const error = new errorClassForCode[code]();
      expect(error.code).toBe(code);
      expect(error.httpStatus).toBe(errorCatalog[code].httpStatus);
      expect(error.retryable).toBe(errorCatalog[code].retryable);
      expect(error.userMessage).toBe(errorCatalog[code].userMessage);
      expect(error.message).toContain(code);
      expect(error.message).toContain("@convex-lens/sdk/error-descriptions");
      expect(error.preCommit).toBe(false);
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(LensError);
      expect(error).toBeInstanceOf(errorClassForCode[code]);
      expect(error.name).toMatch(/Error$/);
    }
  });

  it("names only the code in a production build's default message; the pointer to its description is for developers", () => {
    vi.stubEnv("NODE_ENV", "production");
    try {
      expect(new NetworkError().message).toBe("NETWORK");
      expect(new NetworkError({ message: "refused" }).message).toBe("refused");
    } finally {
      vi.unstubAllEnvs();
    }
    expect(new NetworkError().message).toBe(
      "NETWORK: see docs/errors.md, or errorDescriptions in @convex-lens/sdk/error-descriptions",
    );
  });

  it("lets a particular failure override the catalog", () => {
    const error = new ServerError({
      message: "boom",
      userMessage: "Hang on.",
      retryable: false,
      httpStatus: 502,
      preCommit: true,
      functionPath: "messages:send",
      kind: "mutation",
      requestId: "r1",
      appCode: "X",
      retryAfterMs: 250,
    });
    expect(error).toMatchObject({
      code: "SERVER_ERROR",
      message: "boom",
      userMessage: "Hang on.",
      retryable: false,
      httpStatus: 502,
      preCommit: true,
      functionPath: "messages:send",
      kind: "mutation",
      requestId: "r1",
      appCode: "X",
      retryAfterMs: 250,
    });
  });

  it("names mutation timeouts distinctly from plain timeouts", () => {
    const unknown = new MutationOutcomeUnknownError();
    expect(unknown.code).toBe("OUTCOME_UNKNOWN");
    expect(unknown.retryable).toBe(false);
    expect(unknown).not.toBeInstanceOf(TimeoutError);
    expect(unknown.name).toBe("MutationOutcomeUnknownError");
  });

  it("keeps instanceof exact between codes", () => {
    const notFound = new NotFoundError();
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(notFound).not.toBeInstanceOf(ServerError);
    expect(new CircuitOpenError()).not.toBeInstanceOf(NotFoundError);
    expect(new Error("plain")).not.toBeInstanceOf(LensError);
    expect({ code: "NOT_FOUND" }).not.toBeInstanceOf(NotFoundError);
  });

  it("keeps instanceof exact for an app's own subclass", () => {
    class RoomMissingError extends NotFoundError {}
    const mine = new RoomMissingError();
    expect(mine).toBeInstanceOf(RoomMissingError);
    expect(mine).toBeInstanceOf(NotFoundError);
    expect(mine).toBeInstanceOf(LensError);
    expect(new NotFoundError()).not.toBeInstanceOf(RoomMissingError);
  });

  it("treats a ConvexError classified as NOT_FOUND as a NotFoundError and a ConvexError at once", () => {
    const error = classifyError(new ConvexError({ code: "NOT_FOUND" }));
    expect(error).toBeInstanceOf(ConvexError);
    expect(error).toBeInstanceOf(LensError);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).not.toBeInstanceOf(ServerError);
  });

  it("recognises errors from another copy of the SDK by their brand", () => {
    const foreign = Object.assign(new Error("from another bundle"), {
      [LENS_ERROR_BRAND]: true,
      code: "SERVER_ERROR",
    });
    expect(isLensError(foreign)).toBe(true);
    expect(foreign).toBeInstanceOf(LensError);
    expect(foreign).toBeInstanceOf(ServerError);
    expect(classifyError(foreign)).toBe(foreign);
    expect(isLensError({ [LENS_ERROR_BRAND]: true, code: "MADE_UP" })).toBe(false);
  });

  it("falls back to UNKNOWN when plain JavaScript passes a code that does not exist", () => {
    const error = new LensError("NOPE" as ErrorCode);
    expect(error.code).toBe("UNKNOWN");
  });

  it("caps the message and short fields it stores", () => {
    const error = new ConfigurationError({
      message: "m".repeat(10_000),
      userMessage: "u".repeat(10_000),
      functionPath: "f".repeat(10_000),
      requestId: "r".repeat(10_000),
      appCode: "a".repeat(10_000),
    });
    expect(error.message.length).toBe(MAX_MESSAGE_LENGTH);
    expect(error.userMessage.length).toBe(MAX_MESSAGE_LENGTH);
    expect(error.functionPath?.length).toBe(MAX_FIELD_LENGTH);
    expect(error.requestId?.length).toBe(MAX_FIELD_LENGTH);
    expect(error.appCode?.length).toBe(MAX_FIELD_LENGTH);
    expect(error.message.endsWith("…")).toBe(true);
  });

  it("keeps cause like Error does: present but not enumerable", () => {
    const original = new Error("original");
    const error = new ServerError({ cause: original });
    expect(error.cause).toBe(original);
    expect(Object.keys(error)).not.toContain("cause");
  });
});

describe("toJSON", () => {
  it("gives a plain object that survives JSON and names the cause without embedding it", () => {
    const cause = new TypeError("fetch failed");
    const error = new ServerError({ requestId: "r9", functionPath: "a:b", kind: "query", cause });
    const json = JSON.parse(JSON.stringify(error));

    expect(json).toEqual({
      name: "ServerError",
      code: "SERVER_ERROR",
      message: new ServerError().message,
      userMessage: errorCatalog.SERVER_ERROR.userMessage,
      httpStatus: 500,
      retryable: false,
      preCommit: false,
      requestId: "r9",
      functionPath: "a:b",
      kind: "query",
      cause: { name: "TypeError", message: "fetch failed" },
    });
  });

  it("serialises a ConvexError's data in Convex's JSON encoding, so bigints survive", () => {
    const error = classifyError(new ConvexError({ code: "CONFLICT", version: 3n }));
    const json = JSON.parse(JSON.stringify(error));

    expect(json.code).toBe("CONFLICT");
    expect(json.name).toBe("ConvexError");
    expect(json.data).toEqual({ code: "CONFLICT", version: { $integer: "AwAAAAAAAAA=" } });
  });

  it("never throws, even for a circular cause", () => {
    const cause: Record<string, unknown> = {};
    cause.self = cause;
    const error = new ServerError({ cause });
    expect(() => JSON.stringify(error)).not.toThrow();
    expect(error.toJSON().cause?.message).toBe("[object Object]");
  });
});
