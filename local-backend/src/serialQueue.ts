/** Thrown synchronously by `SerialQueue.push` when the queue is at its cap. */
export class QueueFullError extends Error {
  override readonly name = "QueueFullError";
  readonly code = "QueueFull";
}

/**
 * Runs async tasks one at a time, in push order. Used per socket (so Transitions extend the
 * version chain in order) and per client session (so one session's mutations apply in order).
 * Bounded: at most `maxPending` tasks may wait or run.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private count = 0;

  constructor(private readonly maxPending: number = Number.POSITIVE_INFINITY) {}

  /** Queues `task`; its result (or rejection) is returned once every earlier task settled. */
  push<T>(task: () => Promise<T>): Promise<T> {
    if (this.count >= this.maxPending) {
      throw new QueueFullError(`queue is full (${this.maxPending} pending tasks)`);
    }
    this.count++;
    const result = this.tail.then(task);
    const done = () => {
      this.count--;
    };
    this.tail = result.then(done, done);
    return result;
  }

  /** Tasks waiting or running. */
  get pending(): number {
    return this.count;
  }
}
