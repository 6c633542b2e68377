import type { WireFunctionKind } from "@convex-lens/sdk/devtools-protocol";
import type { CallEntry } from "./callEntry";

/** Failed calls of one function with one error code. */
export interface ErrorGroup {
  readonly code: string;
  readonly functionPath: string;
  readonly kind: WireFunctionKind;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** The latest failure: its messages, request id and call. */
  sample: {
    callId: number;
    message: string;
    userMessage: string;
    requestId?: string;
    appCode?: string;
  };
}

/**
 * Groups failures by code and function. Counts cover the whole session, not only the calls still
 * in the ring. At most `maxGroups` groups: past it, the group seen least recently is dropped.
 */
export class ErrorGroups {
  private readonly groups = new Map<string, ErrorGroup>();
  /** Groups dropped to stay under the cap. */
  evicted = 0;

  constructor(readonly maxGroups = 500) {}

  add(entry: CallEntry): void {
    const error = entry.error;
    if (error === null) return;
    const key = `${error.code}\u0000${entry.functionPath}`;
    const sample: ErrorGroup["sample"] = {
      callId: entry.id,
      message: error.message,
      userMessage: error.userMessage,
    };
    if (error.requestId !== undefined) sample.requestId = error.requestId;
    if (error.appCode !== undefined) sample.appCode = error.appCode;
    const group = this.groups.get(key);
    if (group !== undefined) {
      group.count++;
      group.firstSeen = Math.min(group.firstSeen, entry.startedAt);
      if (entry.startedAt >= group.lastSeen) {
        group.lastSeen = entry.startedAt;
        group.sample = sample;
      }
      return;
    }
    if (this.groups.size >= this.maxGroups) this.evictStalest();
    this.groups.set(key, {
      code: error.code,
      functionPath: entry.functionPath,
      kind: entry.kind,
      count: 1,
      firstSeen: entry.startedAt,
      lastSeen: entry.startedAt,
      sample,
    });
  }

  /** Every group, the most recently seen first. */
  list(): ErrorGroup[] {
    return [...this.groups.values()].sort((a, b) => b.lastSeen - a.lastSeen || b.count - a.count);
  }

  get size(): number {
    return this.groups.size;
  }

  clear(): void {
    this.groups.clear();
    this.evicted = 0;
  }

  private evictStalest(): void {
    let stalest: string | null = null;
    let oldest = Number.POSITIVE_INFINITY;
    for (const [key, group] of this.groups) {
      if (group.lastSeen < oldest) {
        oldest = group.lastSeen;
        stalest = key;
      }
    }
    if (stalest !== null) {
      this.groups.delete(stalest);
      this.evicted++;
    }
  }
}
