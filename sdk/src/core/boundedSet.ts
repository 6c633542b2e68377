/**
 * A set that holds at most `capacity` entries and forgets its oldest to admit a new one: for what
 * a lens or an isolate learns about function paths (which reject the trace argument, which took
 * it), finite in a real app but unbounded if names are generated. Forgetting only costs relearning.
 */
export class BoundedSet<T> {
  private readonly entries = new Set<T>();

  /** `capacity`: the most entries held at once (at least one is always kept). */
  constructor(readonly capacity: number) {}

  /** How many entries it holds, never more than `capacity`. */
  get size(): number {
    return this.entries.size;
  }

  /** Whether `value` is held. */
  has(value: T): boolean {
    return this.entries.has(value);
  }

  /** Holds `value`; when full, the entry added longest ago makes room. A held value stays put. */
  add(value: T): void {
    if (this.entries.has(value)) return;
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.values().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.add(value);
  }
}
