import type { BridgePort } from "./bridgePort.js";
import type { EventHistory } from "./eventHistory.js";
import { PAGE_SOURCE, type PageMessage, PROTOCOL_VERSION, type WireItem } from "./protocol.js";

/**
 * Results and state items held for the next flush (commands arrive one click at a time); past it
 * the oldest go.
 */
export const MAX_PENDING_STATE = 256;

/** What a {@link BridgeOutbox} sends from, and how often. */
export interface BridgeOutboxOptions {
  readonly history: EventHistory;
  readonly sessionId: string;
  /** Posts to the page's window: before the content script's port exists, or without one. */
  readonly postToWindow: (message: PageMessage) => void;
  /** The protocol item of one history entry, or null to leave it out; may throw. */
  readonly toItem: (kind: number, item: unknown, seq: number) => WireItem | null;
  /** Where a failure is reported; must not throw. */
  readonly report: (error: unknown) => void;
  /** Whether a panel is connected: only then do events and state go out. */
  readonly isOpen: () => boolean;
  /** Milliseconds between flushes. */
  readonly flushMs: number;
  /** Items per posted message; reaching it flushes at once. */
  readonly batchMax: number;
}

/**
 * The sending half of the bridge: batching and posting. The history's events from the last one sent
 * go out every `flushMs`, or at once when a batch is full, after the state items queued meanwhile,
 * over the content script's private port (or the window before there is one). A batch that cannot
 * be posted is retried one item at a time, so one uncloneable item costs only itself.
 */
export class BridgeOutbox {
  /** The content script's private port; null: post to the window. */
  port: BridgePort | null = null;
  /** Messages posted. */
  posted = 0;
  /** `postMessage` calls that threw. */
  postFailures = 0;
  /** Items that could not be serialised or cloned, and were left out. */
  itemFailures = 0;
  private sentThrough = 0;
  private lost = 0;
  private readonly pendingState: WireItem[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private flushQueued = false;

  constructor(private readonly options: BridgeOutboxOptions) {}

  /** Events overwritten before any panel received them: so far, and pending. */
  get dropped(): number {
    return this.lost + this.options.history.lostAfter(this.sentThrough);
  }

  /** Posts `batch` now, whether or not a panel is connected (answers, the start-up announcement). */
  post(batch: WireItem[]): void {
    const { options } = this;
    const message: PageMessage = {
      source: PAGE_SOURCE,
      v: PROTOCOL_VERSION,
      session: options.sessionId,
      batch,
    };
    try {
      if (this.port === null) options.postToWindow(message);
      else this.port.postMessage(message);
      this.posted++;
    } catch (error) {
      this.postFailures++;
      options.report(error);
      if (batch.length === 1) {
        this.itemFailures++;
        return;
      }
      // One uncloneable item must not cost the whole batch: retry the items one at a time.
      for (const item of batch) this.post([item]);
    }
  }

  /** Counts an item that could not be made, and reports why. */
  failedItem(error: unknown): void {
    this.itemFailures++;
    this.options.report(error);
  }

  /** Queues a state item (current state, not history) for the next flush; the oldest go first. */
  queueState(item: WireItem): void {
    if (this.pendingState.length >= MAX_PENDING_STATE) this.pendingState.shift();
    this.pendingState.push(item);
  }

  /** Sends the history from after `sentThrough` on; what was skipped counts as dropped. */
  resume(sentThrough: number): void {
    this.lost += this.options.history.lostAfter(this.sentThrough);
    this.sentThrough = sentThrough;
  }

  /** A new event is in the history: flush on the timer, or at once when a batch is full. */
  scheduleFlush(): void {
    if (!this.options.isOpen()) return;
    if (this.options.history.lastSeq - this.sentThrough >= this.options.batchMax) {
      this.flushSoon();
      return;
    }
    if (this.flushTimer === null) this.flushTimer = setTimeout(this.flush, this.options.flushMs);
  }

  /** Flushes in a microtask: after a hello, a command, or state that changed. */
  flushSoon(): void {
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(this.flush);
    }
  }

  /** Stops the timer and forgets queued state: the panel went away. */
  stop(): void {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.pendingState.length = 0;
  }

  private readonly flush = (): void => {
    this.flushQueued = false;
    if (this.flushTimer !== null) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    const { history, batchMax } = this.options;
    if (!this.options.isOpen()) return;
    let batch: WireItem[] = this.pendingState.splice(0);
    // A burst larger than the history overwrote events before they were sent: skip past them
    // (the panel sees the gap in seq numbers and reports the loss).
    if (this.sentThrough < history.firstSeq - 1) {
      this.lost += history.lostAfter(this.sentThrough);
      this.sentThrough = history.firstSeq - 1;
    }
    while (this.sentThrough < history.lastSeq) {
      const seq = ++this.sentThrough;
      const item = this.item(history.kindAt(seq), history.itemAt(seq), seq);
      if (item !== null) batch.push(item);
      if (batch.length >= batchMax) {
        this.post(batch);
        batch = [];
      }
    }
    if (batch.length > 0) this.post(batch);
  };

  private item(kind: number, item: unknown, seq: number): WireItem | null {
    try {
      return this.options.toItem(kind, item, seq);
    } catch (error) {
      this.failedItem(error);
      return null;
    }
  }
}
