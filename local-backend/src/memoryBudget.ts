/** Default bytes all sync sockets together may hold: messages waiting, queries subscribed. */
export const DEFAULT_MAX_CLIENT_BYTES = 512 * 1024 * 1024;

/** Default bytes one sync socket may hold. */
export const DEFAULT_MAX_CONNECTION_BYTES = 64 * 1024 * 1024;

/**
 * Bytes that clients make the backend hold, counted as they arrive on the wire. Capping sockets
 * or sessions by number is not enough: one client that sends large messages within every count
 * cap can still fill the heap. So each socket has an account with a cap of its own, and all
 * accounts draw on one pool with a total cap; a socket that would pass either is closed.
 */
export class MemoryBudget {
  private used = 0;

  constructor(readonly maxBytes: number = DEFAULT_MAX_CLIENT_BYTES) {}

  /** Bytes held now, across every account. */
  get usedBytes(): number {
    return this.used;
  }

  /** A new account for one socket, holding at most `maxBytes`. */
  account(maxBytes: number = DEFAULT_MAX_CONNECTION_BYTES): MemoryAccount {
    return new MemoryAccount(this, maxBytes);
  }

  /** Takes `bytes` from the pool if they fit; for `MemoryAccount` only. */
  take(bytes: number): boolean {
    if (this.used + bytes > this.maxBytes) {
      return false;
    }
    this.used += bytes;
    return true;
  }

  /** Returns `bytes` to the pool; for `MemoryAccount` only. */
  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

/** One socket's share of a `MemoryBudget`. */
export class MemoryAccount {
  private held = 0;

  constructor(
    private readonly pool: MemoryBudget,
    readonly maxBytes: number,
  ) {}

  /** Bytes this account holds now. */
  get heldBytes(): number {
    return this.held;
  }

  /** Holds `bytes` more if both this account and the pool have room; false (and nothing held) if not. */
  tryHold(bytes: number): boolean {
    if (this.held + bytes > this.maxBytes || !this.pool.take(bytes)) {
      return false;
    }
    this.held += bytes;
    return true;
  }

  /**
   * Lets go of `bytes`. Never below zero: work that finishes after its socket closed (and
   * released everything) must not take bytes from other accounts.
   */
  release(bytes: number): void {
    const freed = Math.min(bytes, this.held);
    this.held -= freed;
    this.pool.give(freed);
  }

  /** Lets go of everything, when the socket closes. */
  releaseAll(): void {
    this.release(this.held);
  }
}
