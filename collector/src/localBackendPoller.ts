import { readCliRecord } from "./cliRecord.js";
import type { Collector } from "./collector.js";
import { isFiniteNumber, isRecord } from "./jsonGuards.js";

/** Options of `pollLocalBackend`. */
export interface LocalBackendPollerOptions {
  /** The local backend's URL, as given to a Convex client. */
  readonly url: string;
  /** Its admin token (`LocalBackend.adminToken`, printed at start-up). */
  readonly adminToken: string;
  readonly collector: Collector;
  /** Wait between polls that found nothing new; default 500 ms. */
  readonly intervalMs?: number;
  readonly log?: (message: string) => void;
  /** Ends the polling; the promise then resolves. */
  readonly signal?: AbortSignal;
}

/** Why one poll got nothing: the reason is logged, and polling goes on. */
export class PollError extends Error {
  override readonly name = "PollError";
}

/** Longest answer read from one poll (500 events of at most 256 lines). */
const MAX_POLL_BYTES = 16 * 1024 * 1024;

/**
 * Reads one page of `GET /_lens/executions?since=<cursor>` into the collector (the events are
 * `npx convex logs --jsonl` records, so the CLI reader reads them). Returns the next cursor.
 */
export async function pollOnce(
  options: Pick<LocalBackendPollerOptions, "url" | "adminToken" | "collector" | "log">,
  since: number,
): Promise<number> {
  const log = options.log ?? ((message: string) => console.error(message));
  const url = new URL("/_lens/executions", options.url);
  url.searchParams.set("since", String(since));
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${options.adminToken}` },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new PollError(`${url.origin} answered ${response.status}: ${text.slice(0, 200)}`);
  }
  if (text.length > MAX_POLL_BYTES) throw new PollError(`answer over ${MAX_POLL_BYTES} bytes`);
  let page: unknown;
  try {
    page = JSON.parse(text);
  } catch {
    throw new PollError("the answer is not JSON: is this a Convex Lens local backend?");
  }
  if (!isRecord(page) || !Array.isArray(page.events) || !isFiniteNumber(page.cursor)) {
    throw new PollError(
      "the answer has no events and cursor: is this a Convex Lens local backend?",
    );
  }
  if (isFiniteNumber(page.missed) && page.missed > 0) {
    log(`convex-lens-collector: missed ${page.missed} executions (the backend's buffer is full)`);
  }
  for (const value of page.events) {
    const execution = readCliRecord(value);
    if (execution instanceof Error) {
      options.collector.countBadInput();
      log(`convex-lens-collector: ${execution.message}`);
    } else if (execution !== undefined) {
      options.collector.acceptExecution(execution);
    }
  }
  return page.cursor;
}

/**
 * Follows a local backend's executions (`--from-local`), the development stand-in for a
 * deployment's log stream: polls until `signal` aborts. A failed poll is logged and retried; it
 * never stops the collector.
 */
export async function pollLocalBackend(options: LocalBackendPollerOptions): Promise<void> {
  const log = options.log ?? ((message: string) => console.error(message));
  const intervalMs = options.intervalMs ?? 500;
  let cursor = 0;
  while (options.signal?.aborted !== true) {
    let next = cursor;
    try {
      next = await pollOnce(options, cursor);
    } catch (error) {
      log(`convex-lens-collector: polling ${options.url} failed: ${String(error)}`);
    }
    const more = next !== cursor;
    cursor = next;
    if (!more) await sleep(intervalMs, options.signal);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
