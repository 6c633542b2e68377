import type { BoundedRing } from "./boundedRing";
import type { CallEntry } from "./callEntry";
import { type CallFilter, compileFilter, emptyFilter } from "./callFilter";

/**
 * The ids of the calls that pass the filter, ascending, kept up to date incrementally: a new call
 * is tested once; a filter change rescans the ring once (100,000 calls in a few milliseconds);
 * evicted calls fall off the front.
 */
export class FilteredCalls {
  private ids: number[] = [];
  private head = 0;
  private matches: (entry: CallEntry) => boolean = compileFilter(emptyFilter);

  constructor(private readonly calls: BoundedRing<CallEntry>) {}

  /** Applies a new filter to every call held. */
  setFilter(filter: CallFilter): void {
    this.matches = compileFilter(filter);
    this.ids = [];
    this.head = 0;
    for (let id = this.calls.oldestId; id <= this.calls.lastId; id++) {
      const entry = this.calls.get(id);
      if (entry !== undefined && this.matches(entry)) this.ids.push(id);
    }
  }

  /** Considers a call just added to the ring. */
  add(entry: CallEntry): void {
    if (this.matches(entry)) this.ids.push(entry.id);
    this.dropEvicted();
  }

  /** Forgets everything (the ring was cleared). */
  clear(): void {
    this.ids = [];
    this.head = 0;
  }

  /** Matching calls held now, optionally only those with id ≤ `upTo` (a paused list). */
  count(upTo = Number.POSITIVE_INFINITY): number {
    if (upTo === Number.POSITIVE_INFINITY) return this.ids.length - this.head;
    let lo = this.head;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ids[mid] as number) <= upTo) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }

  /** The id of the `index`-th matching call (0 is the oldest). */
  idAt(index: number): number | undefined {
    return this.ids[this.head + index];
  }

  /** Position of a call id in the list, or -1. */
  indexOf(id: number): number {
    let lo = this.head;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const value = this.ids[mid] as number;
      if (value === id) return mid - this.head;
      if (value < id) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  private dropEvicted(): void {
    const oldest = this.calls.oldestId;
    while (this.head < this.ids.length && (this.ids[this.head] as number) < oldest) this.head++;
    // Compact now and then, so the array does not keep evicted ids forever.
    if (this.head > 4_096 && this.head * 2 > this.ids.length) {
      this.ids = this.ids.slice(this.head);
      this.head = 0;
    }
  }
}
