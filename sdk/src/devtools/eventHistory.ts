/**
 * The bridge's bounded history: the last `capacity` events, each numbered by a sequence number
 * (`seq`, from 1) so a panel can resume where it stopped and drop what it already has.
 *
 * Hand-written rather than `telemetry/ringBuffer.ts` because the bridge needs what that generic
 * buffer does not give: addressing by `seq`, and a kind tag per event kept in a parallel typed
 * array so that recording an event allocates nothing. Events are stored as references and
 * serialised only when a panel asks for them (the dormant path is one array write).
 */
export class EventHistory {
  private readonly kinds: Uint8Array;
  private readonly items: unknown[];
  // Events pushed since creation; the newest event's seq.
  private total = 0;
  // Events up to this seq were removed by clear().
  private clearedThrough = 0;

  /** @param capacity the most events kept; a positive integer. */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`EventHistory capacity must be a positive integer, got ${capacity}`);
    }
    this.kinds = new Uint8Array(capacity);
    this.items = new Array(capacity).fill(undefined);
  }

  /** Appends one event; the oldest is overwritten when full. */
  push(kind: number, item: unknown): void {
    const index = this.total % this.capacity;
    this.kinds[index] = kind;
    this.items[index] = item;
    this.total++;
  }

  /** The newest event's seq (0 before the first). */
  get lastSeq(): number {
    return this.total;
  }

  /** The oldest seq still held; `lastSeq + 1` when empty. */
  get firstSeq(): number {
    return Math.max(this.total - this.capacity, this.clearedThrough) + 1;
  }

  /** Events held now. */
  get size(): number {
    return this.total - this.firstSeq + 1;
  }

  /** Events overwritten by newer ones (not counting cleared ones). */
  get overwritten(): number {
    return Math.max(0, this.total - this.capacity - this.clearedThrough);
  }

  /** Events after `seq` that were overwritten before anyone read them (cleared ones not counted). */
  lostAfter(seq: number): number {
    return Math.max(0, this.total - this.capacity - Math.max(seq, this.clearedThrough));
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
  }
}
