/** Default cap on uploads being received at once. */
export const DEFAULT_MAX_CONCURRENT_UPLOADS = 4;

/** Room held for one upload while its body arrives. */
export interface UploadReservation {
  /** Holds `bytes` more for this upload; false when stored files plus reservations would pass the cap. */
  grow(bytes: number): boolean;
  /** Lets the room go (once the file is stored, or the upload failed). Idempotent. */
  end(): void;
}

/**
 * Storage room for uploads in flight. An upload's body is buffered in memory before it is stored,
 * so checking free space once per request let eight concurrent 200 MB uploads through against a
 * 256 MiB cap. Here every byte is reserved as it arrives (or all at once from Content-Length),
 * against the room left after stored files and every other reservation, and only so many
 * uploads run at once.
 */
export class UploadBudget {
  private reserved = 0;
  private active = 0;

  constructor(
    /** Bytes the storage cap still allows, not counting reservations. */
    private readonly room: () => number,
    readonly maxConcurrent: number = DEFAULT_MAX_CONCURRENT_UPLOADS,
  ) {}

  /** Bytes reserved by uploads in flight. */
  get reservedBytes(): number {
    return this.reserved;
  }

  /** Uploads in flight. */
  get activeUploads(): number {
    return this.active;
  }

  /** Starts an upload with nothing reserved yet, or null when `maxConcurrent` are running. */
  begin(): UploadReservation | null {
    if (this.active >= this.maxConcurrent) {
      return null;
    }
    this.active++;
    let held = 0;
    let ended = false;
    return {
      grow: (bytes) => {
        if (ended || this.reserved + bytes > this.room()) {
          return false;
        }
        this.reserved += bytes;
        held += bytes;
        return true;
      },
      end: () => {
        if (ended) {
          return;
        }
        ended = true;
        this.reserved -= held;
        this.active--;
      },
    };
  }
}
