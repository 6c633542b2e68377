import { SerialQueue } from "./serialQueue.js";

/** Default cap on remembered client sessions. */
export const DEFAULT_MAX_SESSIONS = 10_000;

/** Default cap on mutations one session may have queued or running. */
export const DEFAULT_MAX_PENDING_MUTATIONS = 1_000;

/**
 * Client sessions (the `sessionId` a client keeps across reconnects). Each has a queue so its
 * mutations execute one at a time in the order sent, as on a deployment, including mutations
 * re-sent on a new socket. Bounded: idle sessions beyond `maxSessions` are forgotten oldest first.
 */
export class ClientSessions {
  private readonly queues = new Map<string, SerialQueue>();

  constructor(
    private readonly maxSessions: number = DEFAULT_MAX_SESSIONS,
    private readonly maxPendingMutations: number = DEFAULT_MAX_PENDING_MUTATIONS,
  ) {}

  /** The mutation queue of `sessionId`, created on first use. */
  queueFor(sessionId: string): SerialQueue {
    let queue = this.queues.get(sessionId);
    if (queue === undefined) {
      queue = new SerialQueue(this.maxPendingMutations);
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

  private evictIdle(): void {
    if (this.queues.size <= this.maxSessions) {
      return;
    }
    for (const [sessionId, queue] of this.queues) {
      if (this.queues.size <= this.maxSessions) {
        return;
      }
      if (queue.pending === 0) {
        this.queues.delete(sessionId);
      }
    }
  }
}
