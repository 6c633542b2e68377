import { describe, expect, it } from "vitest";
import { MutationDedupe } from "./mutationDedupe.js";

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("MutationDedupe", () => {
  it("runs a re-sent mutation once and answers both copies with the same outcome", async () => {
    const dedupe = new MutationDedupe<string>();
    let runs = 0;
    const first = dedupe.run("s1", 7, async () => {
      runs++;
      return "ok";
    });
    const second = dedupe.run("s1", 7, async () => {
      runs++;
      return "second execution";
    });
    expect(second.deduped).toBe(true);
    expect(await first.promise).toBe("ok");
    expect(await second.promise).toBe("ok");
    expect(runs).toBe(1);
  });

  it("waits for a first execution that is still running instead of starting another", async () => {
    const dedupe = new MutationDedupe<number>();
    const gate = deferred<number>();
    dedupe.run("s1", 1, () => gate.promise);
    const copy = dedupe.run("s1", 1, async () => -1);
    gate.resolve(42);
    expect(await copy.promise).toBe(42);
  });

  it("keeps sessions apart: the same requestId in another session runs", async () => {
    const dedupe = new MutationDedupe<string>();
    dedupe.run("s1", 0, async () => "a");
    const other = dedupe.run("s2", 0, async () => "b");
    expect(other.deduped).toBe(false);
    expect(await other.promise).toBe("b");
  });

  it("forgets the oldest settled outcomes beyond its capacity", async () => {
    const dedupe = new MutationDedupe<number>(3);
    for (let i = 0; i < 10; i++) {
      await dedupe.run("s", i, async () => i).promise;
    }
    await Promise.resolve();
    expect(dedupe.size).toBe(3);
    expect(dedupe.run("s", 9, async () => -1).deduped).toBe(true);
    expect(dedupe.run("s", 0, async () => -1).deduped).toBe(false);
  });

  it("never forgets a mutation that is still running, even past capacity", async () => {
    const dedupe = new MutationDedupe<number>(1);
    const gate = deferred<number>();
    dedupe.run("s", 0, () => gate.promise);
    await dedupe.run("s", 1, async () => 1).promise;
    await dedupe.run("s", 2, async () => 2).promise;
    await Promise.resolve();
    expect(dedupe.run("s", 0, async () => -1).deduped).toBe(true);
    gate.resolve(0);
  });
});

describe("MutationDedupe.forget", () => {
  it("lets the next copy of a forgotten request run again", async () => {
    const dedupe = new MutationDedupe<string>();
    await dedupe.run("s1", 3, async () => "refused").promise;
    dedupe.forget("s1", 3);
    const again = dedupe.run("s1", 3, async () => "ran");
    expect(again.deduped).toBe(false);
    expect(await again.promise).toBe("ran");
  });
});
