/**
 * The bridge's bounded history: the last `capacity` events, and no more than `byteBudget` bytes
 * of them, each numbered by a sequence number (`seq`, from 1) so a panel can resume where it
 * stopped and drop what it already has.
 *
 * Hand-written rather than a generic ring buffer because the bridge needs what such a buffer
 * does not give: addressing by `seq`, and a kind tag and a byte weight per event kept in
 * parallel typed arrays so that recording an event allocates nothing. The caller says what each
 * event weighs (see ringEntry.ts); past the budget the oldest events go, but the newest one always
 * stays, so what is retained is at most the budget plus one event.
 */
export class EventHistory {
  private readonly kinds: Uint8Array;
  private readonly weights: Float64Array;
  private readonly items: unknown[];
  // Events pushed since creation; the newest event's seq.
  private total = 0;
  // Events up to this seq were removed by clear().
  private clearedThrough = 0;
  // Events up to this seq were dropped to stay within the byte budget.
  private evictedThrough = 0;
  private bytes = 0;

  /**
   * @param capacity the most events kept; a positive integer.
   * @param byteBudget the most bytes kept, by the weights given to `push` (default: no limit).
   */
  constructor(
    readonly capacity: number,
    readonly byteBudget: number = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`EventHistory capacity must be a positive integer, got ${capacity}`);
    }
    if (!(byteBudget > 0)) {
      throw new RangeError(`EventHistory byteBudget must be positive, got ${byteBudget}`);
    }
    this.kinds = new Uint8Array(capacity);
    this.weights = new Float64Array(capacity);
    this.items = new Array(capacity).fill(undefined);
  }

  /** Appends one event weighing `bytes`; the oldest go when full or over the byte budget. */
  push(kind: number, item: unknown, bytes = 0): void {
    const index = this.total % this.capacity;
    this.bytes += bytes - (this.weights[index] ?? 0);
    this.kinds[index] = kind;
    this.items[index] = item;
    this.weights[index] = bytes;
    this.total++;
    while (this.bytes > this.byteBudget && this.size > 1) this.evictOldest();
  }

  /** Bytes held now, as the sum of the weights given to `push`. */
  get retainedBytes(): number {
    return this.bytes;
  }

  /** The newest event's seq (0 before the first). */
  get lastSeq(): number {
    return this.total;
  }

  /** The oldest seq still held; `lastSeq + 1` when empty. */
  get firstSeq(): number {
    return Math.max(this.droppedThrough, this.clearedThrough) + 1;
  }

  // Events up to this seq were overwritten or evicted (some may have been cleared first).
  private get droppedThrough(): number {
    return Math.max(this.total - this.capacity, this.evictedThrough);
  }

  /** Events held now. */
  get size(): number {
    return this.total - this.firstSeq + 1;
  }

  /** Events overwritten by newer ones or evicted for the byte budget (not counting cleared ones). */
  get overwritten(): number {
    return Math.max(0, this.droppedThrough - this.clearedThrough);
  }

  /** Events after `seq` that were dropped before anyone read them (cleared ones not counted). */
  lostAfter(seq: number): number {
    return Math.max(0, this.droppedThrough - Math.max(seq, this.clearedThrough));
  }

  /** The kind of the event `seq`; only valid for `firstSeq <= seq <= lastSeq`. */
  kindAt(seq: number): number {
    return this.kinds[(seq - 1) % this.capacity] ?? 0;
  }

  /** The event `seq`; only valid for `firstSeq <= seq <= lastSeq`. */
  itemAt(seq: number): unknown {
    return this.items[(seq - 1) % this.capacity];
  }

  /** Forgets every event held; seq numbers keep counting so resumption stays correct. */
  clear(): void {
    this.clearedThrough = this.total;
    this.items.fill(undefined);
    this.weights.fill(0);
    this.bytes = 0;
  }

  private evictOldest(): void {
    const seq = this.firstSeq;
    const index = (seq - 1) % this.capacity;
    this.bytes -= this.weights[index] ?? 0;
    this.weights[index] = 0;
    this.items[index] = undefined;
    this.evictedThrough = seq;
  }
}
