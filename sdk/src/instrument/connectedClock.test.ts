import { describe, expect, it, vi } from "vitest";
import { DeadlineWheel } from "../resilience/deadlineWheel.js";
import { FakeClock } from "../resilience/test-support/fakeClock.js";
import { ConnectedClock, followConnection } from "./connectedClock.js";

describe("ConnectedClock", () => {
  it("counts only the time the socket is connected", () => {
    const wall = new FakeClock(1_000);
    const clock = new ConnectedClock(wall);
    wall.advance(100);
    clock.setConnected(false);
    wall.advance(5_000);
    expect(clock.now()).toBe(100);
    clock.setConnected(true);
    clock.setConnected(true);
    wall.advance(50);
    expect(clock.now()).toBe(150);
  });

  it("lets a deadline on it fire only after its time has passed connected", async () => {
    const wall = new FakeClock();
    const clock = new ConnectedClock(wall);
    const wheel = new DeadlineWheel(clock, 10);
    let timedOut = false;
    void wheel
      .race(new Promise(() => {}), 100, () => new Error("late"))
      .catch(() => {
        timedOut = true;
      });
    await wall.advanceAsync(60);
    clock.setConnected(false);
    await wall.advanceAsync(10_000);
    expect(timedOut).toBe(false);
    clock.setConnected(true);
    await wall.advanceAsync(60);
    expect(timedOut).toBe(true);
  });

  it("tells how long the socket was down between two readings, reading no time while it is up", () => {
    const wall = new FakeClock(1_000);
    const clock = new ConnectedClock(wall);
    const now = vi.spyOn(wall, "now");
    const before = clock.downtime();
    wall.advance(100);
    expect(clock.downtime() - before).toBe(0);
    expect(now).not.toHaveBeenCalled();
    clock.setConnected(false);
    wall.advance(15_000);
    expect(clock.downtime() - before).toBe(15_000);
    clock.setConnected(true);
    wall.advance(20);
    expect(clock.downtime() - before).toBe(15_000);
    expect(clock.now()).toBe(120);
  });

  it("counts a socket that starts down as down from the start", () => {
    const wall = new FakeClock(1_000);
    const clock = new ConnectedClock(wall, false);
    wall.advance(300);
    expect([clock.now(), clock.downtime()]).toEqual([0, 300]);
  });

  it("follows a client's connection state until told to stop", () => {
    const wall = new FakeClock();
    const listeners = new Set<(state: { isWebSocketConnected: boolean }) => void>();
    const client = {
      connectionState: () => ({ isWebSocketConnected: false }),
      subscribeToConnectionState: (cb: (state: { isWebSocketConnected: boolean }) => void) => {
        listeners.add(cb);
        return () => listeners.delete(cb);
      },
    };
    const clock = new ConnectedClock(wall);
    const stop = followConnection(client, clock);
    wall.advance(100);
    expect(clock.now()).toBe(0);
    for (const listener of listeners) listener({ isWebSocketConnected: true });
    wall.advance(100);
    expect(clock.now()).toBe(100);
    stop();
    expect(listeners.size).toBe(0);
  });
});
