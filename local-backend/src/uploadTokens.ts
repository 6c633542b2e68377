import { randomBytes } from "node:crypto";

/** How long an upload URL stays valid; a deployment's also expire after an hour. */
export const UPLOAD_TOKEN_TTL_MS = 60 * 60 * 1000;

/** Most upload URLs outstanding at once; the oldest is forgotten first. */
export const MAX_UPLOAD_TOKENS = 10_000;

/**
 * The tokens in upload URLs from `ctx.storage.generateUploadUrl()`. A token works once, until
 * it expires; bounded so a loop generating URLs cannot grow memory.
 */
export class UploadTokens {
  // Map iteration order is insertion order: the first entry is always the oldest.
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly capacity: number = MAX_UPLOAD_TOKENS,
    private readonly ttlMs: number = UPLOAD_TOKEN_TTL_MS,
  ) {}

  /** A fresh token, valid for one upload. */
  issue(): string {
    const token = randomBytes(18).toString("base64url");
    while (this.expiries.size >= this.capacity) {
      const oldest = this.expiries.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      this.expiries.delete(oldest);
    }
    this.expiries.set(token, this.now() + this.ttlMs);
    return token;
  }

  /** Whether `token` may upload now. Does not use it up: an upload that fails may be retried. */
  isValid(token: string): boolean {
    const expiry = this.expiries.get(token);
    if (expiry === undefined) {
      return false;
    }
    if (expiry <= this.now()) {
      this.expiries.delete(token);
      return false;
    }
    return true;
  }

  /** Uses a token up after a successful upload. */
  consume(token: string): void {
    this.expiries.delete(token);
  }

  /** Tokens outstanding. */
  get size(): number {
    return this.expiries.size;
  }
}
