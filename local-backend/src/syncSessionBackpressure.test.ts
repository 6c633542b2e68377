import { EventEmitter } from "node:events";
import { describe, expect, it, vi } from "vitest";
import type { WebSocket } from "ws";
import type { BackendServices } from "./backendServices.js";
import { newCounters } from "./backendStats.js";
import { silentLogger } from "./logger.js";
import { MemoryBudget } from "./memoryBudget.js";
import { DEFAULT_SYNC_SESSION_OPTIONS, SyncSession } from "./syncSession.js";

function fakeSocket(bufferedAmount: number) {
  return Object.assign(new EventEmitter(), {
    OPEN: 1,
    readyState: 1,
    bufferedAmount,
    send: vi.fn(),
    close: vi.fn(),
    terminate: vi.fn(),
  });
}

const services = {
  engine: { addListener() {}, removeListener() {}, release() {} },
  counters: newCounters(),
  logger: silentLogger,
  clientMemory: new MemoryBudget(),
} as unknown as BackendServices;

describe("SyncSession backpressure", () => {
  it("drops a client that stops reading once its queued bytes pass the cap", async () => {
    const ws = fakeSocket(2_000);
    new SyncSession(
      ws as unknown as WebSocket,
      services,
      { ...DEFAULT_SYNC_SESSION_OPTIONS, pingIntervalMs: 5, maxBufferedBytes: 1_000 },
      () => {},
    );
    await vi.waitFor(() => expect(ws.terminate).toHaveBeenCalled());
    expect(ws.send).not.toHaveBeenCalled();
    ws.emit("close");
  });

  it("keeps sending to a client that keeps up", async () => {
    const ws = fakeSocket(0);
    new SyncSession(
      ws as unknown as WebSocket,
      services,
      { ...DEFAULT_SYNC_SESSION_OPTIONS, pingIntervalMs: 5, maxBufferedBytes: 1_000 },
      () => {},
    );
    await vi.waitFor(() => expect(ws.send).toHaveBeenCalledWith('{"type":"Ping"}'));
    expect(ws.terminate).not.toHaveBeenCalled();
    ws.emit("close");
  });
});
