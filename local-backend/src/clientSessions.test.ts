import { describe, expect, it } from "vitest";
import { ClientSessions } from "./clientSessions.js";
import { QueueFullError } from "./serialQueue.js";

describe("ClientSessions", () => {
  it("gives a reconnecting session the same mutation queue", () => {
    const sessions = new ClientSessions();
    expect(sessions.queueFor("s1")).toBe(sessions.queueFor("s1"));
    expect(sessions.queueFor("s1")).not.toBe(sessions.queueFor("s2"));
  });

  it("forgets the least recently used idle sessions beyond its cap", () => {
    const sessions = new ClientSessions(2);
    const first = sessions.queueFor("a");
    sessions.queueFor("b");
    sessions.queueFor("a");
    sessions.queueFor("c");
    expect(sessions.size).toBe(2);
    expect(sessions.queueFor("a")).toBe(first);
    expect(sessions.size).toBe(2);
  });

  it("keeps a session whose mutations are still running, even past the cap", async () => {
    const sessions = new ClientSessions(1);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const busy = sessions.queueFor("busy");
    const running = busy.push(() => gate);
    sessions.queueFor("other");
    expect(sessions.queueFor("busy")).toBe(busy);
    release();
    await running;
  });

  it("caps the mutations one session may queue", () => {
    const sessions = new ClientSessions(10, 1);
    const queue = sessions.queueFor("s");
    queue.push(() => new Promise(() => {}));
    expect(() => queue.push(async () => {})).toThrow(QueueFullError);
  });

  it("forgets idle sessions by bytes as well as by count", () => {
    const sessions = new ClientSessions(10_000, 10, 10_000);
    for (let i = 0; i < 100; i++) {
      sessions.queueFor(`${i}-${"x".repeat(1_000)}`);
    }
    expect(sessions.sizeBytes).toBeLessThanOrEqual(10_000);
    expect(sessions.size).toBeLessThan(10);
  });

  it("keeps 10,000 sessions of UUID ids within a few MiB", () => {
    const sessions = new ClientSessions();
    for (let i = 0; i < 10_000; i++) {
      sessions.queueFor(crypto.randomUUID());
    }
    expect(sessions.size).toBe(10_000);
    expect(sessions.sizeBytes).toBeLessThan(4 * 1024 * 1024);
  });
});
