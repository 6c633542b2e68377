import { describe, expect, it, vi } from "vitest";
import { SnapshotSaver } from "./snapshotSaver.js";

/** A save whose completion the test controls, recording what each save saw. */
function controlledSave(state: { value: number }) {
  const saves: { saw: number; finish: () => void; fail: (error: Error) => void }[] = [];
  const save = () =>
    new Promise<void>((resolve, reject) => {
      saves.push({ saw: state.value, finish: resolve, fail: reject });
    });
  return { save, saves };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("SnapshotSaver", () => {
  it("resolves a flush only after a save that started after the commit has finished", async () => {
    const state = { value: 0 };
    const { save, saves } = controlledSave(state);
    const saver = new SnapshotSaver(save, () => {}, 60_000);
    state.value = 1;
    saver.noteCommit();
    let flushed = false;
    const flush = saver.flush().then(() => {
      flushed = true;
    });
    await tick();
    expect(saves).toHaveLength(1);
    expect(flushed).toBe(false);
    saves[0]?.finish();
    await flush;
    expect(saves[0]?.saw).toBe(1);
    expect(saver.dirty).toBe(false);
    saver.close();
  });

  it("makes a commit during a running save wait for the next save, not the running one", async () => {
    const state = { value: 0 };
    const { save, saves } = controlledSave(state);
    const saver = new SnapshotSaver(save, () => {}, 60_000);
    state.value = 1;
    saver.noteCommit();
    const first = saver.flush();
    state.value = 2;
    saver.noteCommit();
    let secondDone = false;
    const second = saver.flush().then(() => {
      secondDone = true;
    });
    saves[0]?.finish();
    await first;
    await tick();
    expect(secondDone).toBe(false);
    expect(saves).toHaveLength(2);
    expect(saves[1]?.saw).toBe(2);
    saves[1]?.finish();
    await second;
    saver.close();
  });

  it("groups a burst of commits that arrive during one save into a single next save", async () => {
    const state = { value: 0 };
    const { save, saves } = controlledSave(state);
    const saver = new SnapshotSaver(save, () => {}, 60_000);
    saver.noteCommit();
    const first = saver.flush();
    const waiting: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      saver.noteCommit();
      waiting.push(saver.flush());
    }
    saves[0]?.finish();
    await first;
    await tick();
    expect(saves).toHaveLength(2);
    saves[1]?.finish();
    await Promise.all(waiting);
    expect(saves).toHaveLength(2);
    saver.close();
  });

  it("costs nothing when nothing was committed", async () => {
    const save = vi.fn(async () => {});
    const saver = new SnapshotSaver(save, () => {}, 60_000);
    await saver.flush();
    expect(save).not.toHaveBeenCalled();
  });

  it("saves a commit nobody flushes after the debounce", async () => {
    vi.useFakeTimers();
    try {
      const save = vi.fn(async () => {});
      const saver = new SnapshotSaver(save, () => {}, 200);
      saver.noteCommit();
      saver.noteCommit();
      await vi.advanceTimersByTimeAsync(199);
      expect(save).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(save).toHaveBeenCalledTimes(1);
      expect(saver.dirty).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it("reports a failed save, stays dirty and saves again on the next flush", async () => {
    const errors: unknown[] = [];
    let fail = true;
    const save = vi.fn(async () => {
      if (fail) throw new Error("disk full");
    });
    const saver = new SnapshotSaver(save, (error) => errors.push(error), 60_000);
    saver.noteCommit();
    await saver.flush();
    expect(errors).toHaveLength(1);
    expect(saver.dirty).toBe(true);
    fail = false;
    await saver.flush();
    expect(save).toHaveBeenCalledTimes(2);
    expect(saver.dirty).toBe(false);
    saver.close();
  });
});
