import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { readCliRecord } from "./cliRecord.js";
import type { Collector } from "./collector.js";

/** Longest JSONL record read; a longer one is refused (and counted) rather than parsed. */
const MAX_RECORD_CHARS = 1024 * 1024;

/**
 * Reads `npx convex logs --jsonl` output from `input` until it ends. A bad record is logged with
 * its line number and counted; it never stops the stream.
 */
export async function readCliInput(
  input: Readable,
  collector: Collector,
  log: (message: string) => void = (message) => console.error(message),
): Promise<void> {
  let lineNumber = 0;
  const refuse = (reason: string) => {
    collector.countBadInput();
    log(`convex-lens-collector: line ${lineNumber}: ${reason}`);
  };
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber++;
    if (text.trim() === "") continue;
    if (text.length > MAX_RECORD_CHARS) {
      refuse(`record over ${MAX_RECORD_CHARS} characters`);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      refuse("not JSON (run `npx convex logs --jsonl`)");
      continue;
    }
    const execution = readCliRecord(value);
    if (execution instanceof Error) refuse(execution.message);
    else if (execution !== undefined) collector.acceptExecution(execution);
  }
}
