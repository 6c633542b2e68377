/**
 * A fixed-capacity FIFO that overwrites its oldest item when full, so a buffer fed by traffic can
 * never grow past its cap (the audit log, the DevTools bridge's backlog). Push is O(1) and never
 * allocates once the backing array has filled.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[] = [];
  private start = 0;
  private length = 0;
  private overwritten = 0;

  /** @param capacity the most items kept; a positive integer. */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`RingBuffer capacity must be a positive integer, got ${capacity}`);
    }
  }

  /** Items held now, at most `capacity`. */
  get size(): number {
    return this.length;
  }

  /** Items pushed out by newer ones since creation or the last `clear()`: how much history was lost. */
  get dropped(): number {
    return this.overwritten;
  }

  /** Appends `item`; when full, the oldest item is dropped to make room. */
  push(item: T): void {
    if (this.length < this.capacity) {
      const index = (this.start + this.length) % this.capacity;
      this.items[index] = item;
      this.length++;
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    this.overwritten++;
  }

  /** Removes and returns the oldest item, or `undefined` when empty. */
  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.items[this.start];
    this.items[this.start] = undefined; // release the reference for the garbage collector
    this.start = (this.start + 1) % this.capacity;
    this.length--;
    return item;
  }

  /** The oldest item, or `undefined` when empty. */
  peekOldest(): T | undefined {
    return this.length === 0 ? undefined : this.items[this.start];
  }

  /** The newest item, or `undefined` when empty. */
  peekNewest(): T | undefined {
    return this.length === 0
      ? undefined
      : this.items[(this.start + this.length - 1) % this.capacity];
  }

  /** A copy of the items, oldest first. */
  toArray(): T[] {
    const out: T[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) {
      out[i] = this.items[(this.start + i) % this.capacity] as T;
    }
    return out;
  }

  /** Removes every item and resets the dropped count. */
  clear(): void {
    this.items.length = 0;
    this.start = 0;
    this.length = 0;
    this.overwritten = 0;
  }
}
