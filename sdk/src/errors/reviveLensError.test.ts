import { ConvexError, type Value } from "convex/values";
import { describe, expect, it } from "vitest";
import { classifyError } from "./classifyError.js";
import { NotFoundError, ServerError, UnknownError } from "./codeErrors.js";
import type { LensError } from "./LensError.js";
import { reviveLensError } from "./reviveLensError.js";

const roundTrip = (error: LensError) => reviveLensError(JSON.parse(JSON.stringify(error)));

describe("reviveLensError", () => {
  it("rebuilds an equal error of the same class from its JSON", () => {
    const original = classifyError(
      new Error("[CONVEX M(messages:send)] [Request ID: r1] Server Error"),
      {
        kind: "mutation",
      },
    );
    const revived = roundTrip(original);

    expect(revived).toBeInstanceOf(ServerError);
    expect(revived.toJSON()).toEqual(original.toJSON());
    expect(JSON.stringify(roundTrip(revived))).toBe(JSON.stringify(original));
  });

  it("brings a ConvexError back as a ConvexError with equal data", () => {
    const original = classifyError(new ConvexError({ code: "NOT_FOUND", id: 7n, tags: ["a"] }));
    const revived = roundTrip(original);

    expect(revived).toBeInstanceOf(ConvexError);
    expect(revived).toBeInstanceOf(NotFoundError);
    expect((revived as unknown as ConvexError<Value>).data).toEqual({
      code: "NOT_FOUND",
      id: 7n,
      tags: ["a"],
    });
    expect(revived.toJSON()).toEqual(original.toJSON());
  });

  it("turns untrusted junk into an UnknownError without throwing", () => {
    for (const junk of [null, 42, "x", [], { code: "MADE_UP", retryable: "yes", kind: "weird" }]) {
      const revived = reviveLensError(junk);
      expect(revived).toBeInstanceOf(UnknownError);
      expect(revived.retryable).toBe(false);
      expect(revived.kind).toBeUndefined();
    }
    expect(reviveLensError({ code: "NOT_FOUND", data: { $weird: 1 } })).toBeInstanceOf(
      NotFoundError,
    );
  });
});
