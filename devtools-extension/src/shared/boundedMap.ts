/**
 * A Map that holds at most `capacity` keys: setting a new key when full first forgets the key set
 * longest ago (Map order). Setting a held key keeps its place, as in a Map; delete it first to
 * make it the newest. What the extension keys by page session or command id grows with traffic
 * (a page reloaded for days), so it sits in one of these, as lists sit in a `BoundedRing`.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly capacity: number) {
    super();
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
  }

  /** Sets `key`, forgetting the oldest key first when `key` is new and the map is full. */
  override set(key: K, value: V): this {
    if (this.size >= this.capacity && !this.has(key)) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}
