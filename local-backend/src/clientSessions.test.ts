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
});
