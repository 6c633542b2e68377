import { SerialQueue } from "./serialQueue.js";

/** Default cap on remembered client sessions. */
export const DEFAULT_MAX_SESSIONS = 10_000;

/** Default cap on the bytes remembered sessions take (their ids and queues). */
export const DEFAULT_MAX_SESSION_BYTES = 4 * 1024 * 1024;

/** Default cap on mutations one session may have queued or running. */
export const DEFAULT_MAX_PENDING_MUTATIONS = 1_000;

/** Rough bytes of one idle session besides its id: the map entry and an empty queue. */
const SESSION_OVERHEAD_BYTES = 200;

function sessionBytes(sessionId: string): number {
  return sessionId.length * 2 + SESSION_OVERHEAD_BYTES;
}

/**
 * Client sessions (the `sessionId` a client keeps across reconnects). Each has a queue so its
 * mutations execute one at a time in the order sent, as on a deployment, including mutations
 * re-sent on a new socket. Bounded by count and by bytes, since a count alone let ids of any
 * size fill the heap: idle sessions beyond either cap are forgotten oldest first.
 */
export class ClientSessions {
  private readonly queues = new Map<string, SerialQueue>();
  private bytes = 0;

  constructor(
    private readonly maxSessions: number = DEFAULT_MAX_SESSIONS,
    private readonly maxPendingMutations: number = DEFAULT_MAX_PENDING_MUTATIONS,
    private readonly maxBytes: number = DEFAULT_MAX_SESSION_BYTES,
  ) {}

  /** The mutation queue of `sessionId`, created on first use. */
  queueFor(sessionId: string): SerialQueue {
    let queue = this.queues.get(sessionId);
    if (queue === undefined) {
      queue = new SerialQueue(this.maxPendingMutations);
      this.bytes += sessionBytes(sessionId);
    } else {
      this.queues.delete(sessionId);
    }
    this.queues.set(sessionId, queue);
    this.evictIdle();
    return queue;
  }

  /** Sessions remembered. */
  get size(): number {
    return this.queues.size;
  }

  /** Bytes the remembered sessions take, roughly. */
  get sizeBytes(): number {
    return this.bytes;
  }

  private overCap(): boolean {
    return this.queues.size > this.maxSessions || this.bytes > this.maxBytes;
  }

  private evictIdle(): void {
    for (const [sessionId, queue] of this.queues) {
      if (!this.overCap()) {
        return;
      }
      if (queue.pending === 0) {
        this.queues.delete(sessionId);
        this.bytes -= sessionBytes(sessionId);
      }
    }
  }
}
