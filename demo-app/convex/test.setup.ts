/// <reference types="vite/client" />

import { ConvexError, type Value } from "convex/values";
import { convexTest } from "convex-test";
import { expect } from "vitest";
import type { AppErrorCode } from "./model/errors.js";
import schema from "./schema.js";

/**
 * Every function module plus `_generated/`, for convex-test. Like Convex's bundler it skips
 * files with two dots (this one, the tests, `.d.ts`). Convex's docs express that with an
 * extglob, `!(*.*.*)`, which Vite 8's glob does not expand; a negated pattern does the same.
 */
export const modules = import.meta.glob(["./**/*.*s", "!./**/*.*.*s"]);

/** A fresh in-memory backend with this app's schema and functions. */
export function newBackend() {
  return convexTest(schema, modules);
}

/**
 * Asserts that `promise` rejects with a `ConvexError` whose `data.code` is `code`, and returns
 * its data so that a test can check the details (`retryAfterMs`, `field`…).
 */
export async function expectAppError(
  promise: Promise<unknown>,
  code: AppErrorCode,
): Promise<Record<string, unknown>> {
  const error: unknown = await promise.then(
    () => expect.fail(`expected a ${code} error, but the call succeeded`),
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(ConvexError);
  const data = (error as ConvexError<Value>).data as Record<string, unknown>;
  expect(data).toMatchObject({ code, message: expect.any(String) });
  return data;
}
