/**
 * A fixed-capacity list that drops its oldest entry when full, addressed by a running id (the
 * first entry ever pushed has id 1). The panel keeps calls, spans and transitions in these, so
 * a page that runs for days cannot grow the panel's memory.
 */
export class BoundedRing<T> {
  private readonly slots: (T | undefined)[];
  private nextId = 1;
  private firstId = 1;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.slots = new Array(capacity).fill(undefined);
  }

  /** Appends and returns the new entry's id; evicts the oldest when full. */
  push(value: T): number {
    const id = this.nextId++;
    this.slots[id % this.capacity] = value;
    if (id - this.firstId >= this.capacity) this.firstId = id - this.capacity + 1;
    return id;
  }

  /** The entry `id`, or undefined once it was evicted or cleared. */
  get(id: number): T | undefined {
    if (id < this.firstId || id >= this.nextId) return undefined;
    return this.slots[id % this.capacity];
  }

  /** Id of the oldest entry held (equals `lastId + 1` when empty). */
  get oldestId(): number {
    return this.firstId;
  }

  /** Id of the newest entry (0 before the first push). */
  get lastId(): number {
    return this.nextId - 1;
  }

  get size(): number {
    return this.nextId - this.firstId;
  }

  /** Entries oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let id = this.firstId; id < this.nextId; id++)
      out.push(this.slots[id % this.capacity] as T);
    return out;
  }

  /** The newest `n` entries, oldest first. */
  newest(n: number): T[] {
    const out: T[] = [];
    for (let id = Math.max(this.firstId, this.nextId - n); id < this.nextId; id++) {
      out.push(this.slots[id % this.capacity] as T);
    }
    return out;
  }

  /** Empties the ring; ids keep counting, so an old id never names a new entry. */
  clear(): void {
    this.firstId = this.nextId;
    this.slots.fill(undefined);
  }
}
