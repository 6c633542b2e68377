/**
 * Keeps the data file as new as every acknowledged write: a group commit over whole-snapshot saves.
 *
 * Each commit bumps a generation. `flush()` resolves once a save that started at or after the
 * caller's generation has finished, so a mutation acknowledged after `flush()` is on disk, and a
 * crash (even SIGKILL) loses nothing a client was told had committed. Commits that arrive while a
 * save runs share the next one, so a burst of writes costs two saves, not one per write. Commits
 * nobody waits for (scheduled functions, crons) are saved after a short debounce.
 */
export class SnapshotSaver {
  private committed = 0;
  private saved = 0;
  private running: { readonly generation: number; readonly done: Promise<void> } | null = null;
  private queued: Promise<void> | null = null;
  private debounce: NodeJS.Timeout | undefined;

  constructor(
    private readonly save: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly debounceMs: number,
  ) {}

  /** Notes a commit; it reaches disk within `debounceMs` even if nobody flushes. */
  noteCommit(): void {
    this.committed++;
    if (this.debounce === undefined) {
      this.debounce = setTimeout(() => {
        this.debounce = undefined;
        void this.flush();
      }, this.debounceMs);
      this.debounce.unref();
    }
  }

  /** Whether some commit is not on disk yet. */
  get dirty(): boolean {
    return this.saved < this.committed;
  }

  /**
   * Resolves once every commit noted so far is on disk. Never rejects: a failed save is reported
   * through `onError` (the write stays in memory and the next save tries again).
   */
  flush(): Promise<void> {
    const target = this.committed;
    if (this.saved >= target) return Promise.resolve();
    if (this.running === null) return this.start();
    if (this.running.generation >= target) return this.running.done;
    this.queued ??= this.running.done.then(() => {
      this.queued = null;
      return this.start();
    });
    return this.queued;
  }

  /** Stops the debounce timer; what is dirty is saved by the final `flush()`. */
  close(): void {
    clearTimeout(this.debounce);
    this.debounce = undefined;
  }

  private start(): Promise<void> {
    const generation = this.committed;
    const done = this.save().then(
      () => {
        this.saved = Math.max(this.saved, generation);
      },
      (error: unknown) => this.onError(error),
    );
    const running = {
      generation,
      done: done.finally(() => {
        if (this.running === running) this.running = null;
      }),
    };
    this.running = running;
    return running.done;
  }
}
