import { describe, expect, it, vi } from "vitest";
import { createReconnectingPort } from "./reconnectingPort";
import { FakePort } from "./test-support/fakePort";

function setup(random = () => 0.5) {
  const ports: FakePort[] = [];
  const delays: number[] = [];
  const timers: (() => void)[] = [];
  const received: unknown[] = [];
  const connect = vi.fn(() => {
    const port = new FakePort();
    ports.push(port);
    return port;
  });
  const port = createReconnectingPort<unknown, string>({
    connect,
    onConnect: (send) => send("hello"),
    onMessage: (message) => received.push(message),
    backoff: { initialMs: 100, maxMs: 1_000, maxAttempts: 5 },
    random,
    setTimer: (fn, ms) => {
      delays.push(ms);
      timers.push(fn);
      return timers.length;
    },
    clearTimer: () => {},
  });
  const fireTimer = () => timers.shift()?.();
  return { port, ports, delays, received, connect, fireTimer };
}

describe("createReconnectingPort", () => {
  it("sends its opening message on connect and on every reconnection", () => {
    const { ports, fireTimer } = setup();
    expect(ports[0]?.sent).toEqual(["hello"]);
    ports[0]?.drop();
    fireTimer();
    expect(ports).toHaveLength(2);
    expect(ports[1]?.sent).toEqual(["hello"]);
  });

  it("waits longer after each failure, within the jitter bounds, up to the cap", () => {
    const { ports, delays, fireTimer } = setup(() => 0.999);
    for (let i = 0; i < 5; i++) {
      ports.at(-1)?.drop();
      fireTimer();
    }
    // Equal jitter: each delay lies in [ceiling/2, ceiling]; ceilings 100, 200, 400, 800, 1000.
    const ceilings = [100, 200, 400, 800, 1_000];
    delays.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual((ceilings[i] as number) / 2);
      expect(delay).toBeLessThanOrEqual(ceilings[i] as number);
    });
  });

  it("spreads reconnections of many ports instead of retrying in lockstep", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    const firstDelays = Array.from({ length: 20 }, () => {
      const { ports, delays } = setup(random);
      ports[0]?.drop();
      return delays[0] as number;
    });
    expect(new Set(firstDelays.map((d) => Math.round(d))).size).toBeGreaterThan(10);
  });

  it("starts over at the shortest delay once a connection delivers a message", () => {
    const { ports, delays, fireTimer } = setup();
    ports[0]?.drop();
    fireTimer();
    ports[1]?.drop();
    fireTimer();
    ports[2]?.deliver("history");
    ports[2]?.drop();
    expect(delays).toEqual([75, 150, 75]);
  });

  it("gives up after too many failures in a row (an orphaned content script)", () => {
    const { ports, connect, fireTimer } = setup();
    for (let i = 0; i < 10; i++) {
      ports.at(-1)?.drop();
      fireTimer();
    }
    expect(connect).toHaveBeenCalledTimes(6);
  });

  it("reports a dropped message instead of throwing while disconnected", () => {
    const { port, ports } = setup();
    ports[0]?.drop();
    expect(port.connected).toBe(false);
    expect(port.send("lost")).toBe(false);
  });

  it("stops reconnecting once closed", () => {
    const { port, ports, connect, fireTimer } = setup();
    port.close();
    ports[0]?.drop();
    fireTimer();
    expect(connect).toHaveBeenCalledTimes(1);
    expect(ports[0]?.disconnected).toBe(true);
  });
});
