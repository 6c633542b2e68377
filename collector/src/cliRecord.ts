import type { Execution } from "./execution.js";
import { isFiniteNumber, isRecord } from "./jsonGuards.js";
import { parseTraceLine, type TraceLine } from "./traceLine.js";
import { readUsage } from "./usage.js";

// `npx convex logs --jsonl` prints one `FunctionExecutionJson` per line (convex 1.48.0,
// src/cli/lib/generatedFunctionLogsApi.ts). Times are in seconds. `kind: "Progress"` records carry
// log lines of a still-running action; only `Completion` records become spans.

const KINDS = {
  Query: "query",
  Mutation: "mutation",
  Action: "action",
  HttpAction: "http_action",
} as const;

/** Why a record was not turned into an execution: the collector logs and counts it. */
export class BadInputError extends Error {
  override readonly name = "BadInputError";
}

/**
 * The execution in one CLI record, `undefined` for a record that is valid but not a completion,
 * or a `BadInputError` (returned, not thrown) for one that is not a `FunctionExecutionJson`.
 */
export function readCliRecord(value: unknown): Execution | undefined | BadInputError {
  if (!isRecord(value)) return new BadInputError("a record must be a JSON object");
  if (value.kind === "Progress") return undefined;
  if (value.kind !== "Completion") return new BadInputError("kind must be Completion or Progress");
  const { requestId, executionId, identifier, udfType, timestamp, executionTime } = value;
  if (typeof requestId !== "string" || typeof executionId !== "string") {
    return new BadInputError("requestId and executionId must be strings");
  }
  if (typeof identifier !== "string" || identifier.length === 0) {
    return new BadInputError("identifier must be a function path");
  }
  const kind = typeof udfType === "string" ? KINDS[udfType as keyof typeof KINDS] : undefined;
  if (kind === undefined) return new BadInputError(`unknown udfType ${String(udfType)}`);
  if (!isFiniteNumber(timestamp) || !isFiniteNumber(executionTime) || executionTime < 0) {
    return new BadInputError("timestamp and executionTime must be numbers (seconds)");
  }
  const durationMs = executionTime * 1000;
  const error = typeof value.error === "string" ? value.error : undefined;
  const line = Array.isArray(value.logLines) ? findTraceLine(value.logLines) : undefined;
  return {
    requestId,
    executionId,
    ...(typeof value.parentExecutionId === "string"
      ? { parentExecutionId: value.parentExecutionId }
      : {}),
    path: identifier,
    kind,
    startMs: timestamp * 1000 - durationMs,
    durationMs,
    cached: value.cachedResult === true,
    success: error === undefined,
    ...(error === undefined ? {} : { errorMessage: error }),
    usage: readUsage(value.usageStats),
    ...(line === undefined ? {} : { line }),
  };
}

/** The helper's line among an execution's log lines (strings, or `{messages: string[]}`). */
export function findTraceLine(logLines: readonly unknown[]): TraceLine | undefined {
  for (const entry of logLines) {
    const messages =
      typeof entry === "string"
        ? [entry]
        : isRecord(entry) && Array.isArray(entry.messages)
          ? entry.messages
          : [];
    for (const message of messages) {
      if (typeof message !== "string") continue;
      const line = parseTraceLine(message);
      if (line !== undefined) return line;
    }
  }
  return undefined;
}
