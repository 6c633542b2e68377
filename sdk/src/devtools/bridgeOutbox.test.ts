import { describe, expect, it } from "vitest";
import { BridgeOutbox, MAX_PENDING_STATE } from "./bridgeOutbox.js";
import { EventHistory } from "./eventHistory.js";
import type { PageMessage, WireItem } from "./protocol.js";

const item = (seq: number): WireItem => ({
  type: "connection",
  seq,
  at: 0,
  online: true,
  connected: true,
});

const seqOf = (wire: WireItem): number | undefined => (wire as { seq?: number }).seq;

function outboxWith(
  options: { open?: boolean; batchMax?: number; capacity?: number; uncloneable?: number } = {},
) {
  const history = new EventHistory(options.capacity ?? 100);
  const sent: PageMessage[] = [];
  const reported: unknown[] = [];
  const outbox = new BridgeOutbox({
    history,
    sessionId: "s",
    postToWindow: (message) => {
      if (message.batch.some((i) => seqOf(i) === options.uncloneable)) {
        throw new Error("DataCloneError");
      }
      sent.push(message);
    },
    toItem: (_kind, _item, seq) => item(seq),
    report: (error) => reported.push(error),
    isOpen: () => options.open ?? true,
    flushMs: 100,
    batchMax: options.batchMax ?? 500,
  });
  return { history, outbox, sent, reported };
}

const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe("BridgeOutbox", () => {
  it("costs one uncloneable item only itself: the rest of its batch is sent one by one", async () => {
    const { history, outbox, sent, reported } = outboxWith({ uncloneable: 2 });
    for (let i = 0; i < 3; i++) history.push(1, null);
    outbox.flushSoon();
    await tick();
    expect(sent.flatMap((m) => m.batch.map(seqOf))).toEqual([1, 3]);
    expect(outbox.postFailures).toBe(2);
    expect(outbox.itemFailures).toBe(1);
    expect(reported).toHaveLength(2);
  });

  it("flushes at once when a full batch is waiting, instead of waiting for the timer", async () => {
    const { history, outbox, sent } = outboxWith({ batchMax: 2 });
    history.push(1, null);
    history.push(1, null);
    outbox.scheduleFlush();
    await tick();
    expect(sent.map((m) => m.batch.length)).toEqual([2]);
  });

  it("sends nothing but answers while no panel is connected", async () => {
    const { history, outbox, sent } = outboxWith({ open: false });
    history.push(1, null);
    outbox.scheduleFlush();
    outbox.flushSoon();
    await tick();
    expect(sent).toEqual([]);
    outbox.post([item(0)]);
    expect(sent).toHaveLength(1);
  });

  it("holds at most MAX_PENDING_STATE state items between flushes, sending the newest", async () => {
    const { outbox, sent } = outboxWith();
    for (let i = 1; i <= MAX_PENDING_STATE + 50; i++) outbox.queueState(item(i));
    outbox.flushSoon();
    await tick();
    const seqs = sent.flatMap((m) => m.batch.map(seqOf));
    expect(seqs).toHaveLength(MAX_PENDING_STATE);
    expect(seqs[0]).toBe(51);
    expect(seqs.at(-1)).toBe(MAX_PENDING_STATE + 50);
  });

  it("counts as dropped the events the history overwrote before they were sent", async () => {
    const { history, outbox } = outboxWith({ capacity: 2 });
    for (let i = 0; i < 5; i++) history.push(1, null);
    expect(outbox.dropped).toBe(3);
    outbox.flushSoon();
    await tick();
    expect(outbox.dropped).toBe(3);
  });
});
