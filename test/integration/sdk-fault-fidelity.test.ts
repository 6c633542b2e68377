import { createLens, faults, type Lens } from "@convex-lens/sdk";
import type { OptimisticLocalStore } from "convex/browser";
import { ConvexReactClient } from "convex/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { chat, type Message } from "../support/chatApi.js";
import { eventually } from "../support/eventually.js";
import { type SpawnedLocalBackend, startTestBackend } from "../support/localBackend.js";
import { quiet } from "../support/recordingLogger.js";

// Issue 15 §2: the SDK's client-side faults must look to the app exactly as the real faults they
// imitate. Each test runs one story twice, once with the SDK's fault and once with the local
// backend's real one, and compares what the app sees: the states of a live query around a write
// with an optimistic update, and when the write and the first results arrive.
const LATENCY_MS = 600;
const OPTIMISTIC_ID = "optimistic";

let backend: SpawnedLocalBackend;
const lenses: Lens[] = [];
const clients: ConvexReactClient[] = [];

beforeAll(async () => {
  backend = await startTestBackend();
});
afterEach(async () => {
  await backend.clearFaults();
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(lenses.splice(0).map((lens) => lens.shutdown()));
});
afterAll(async () => {
  await backend?.stop();
});

function instrumentedClient() {
  const lens = createLens({ use: [faults()] });
  const client = lens.instrument(
    new ConvexReactClient(backend.url, {
      skipConvexDeploymentUrlCheck: true,
      logger: quiet,
      webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    }),
  );
  lenses.push(lens);
  clients.push(client);
  return { lens, client };
}

/** Appends the message at once, as an app's optimistic update would. */
function optimisticSend(store: OptimisticLocalStore, args: { author: string; body: string }) {
  const list = store.getQuery(chat.list, {});
  if (list === undefined) return;
  store.setQuery(chat.list, {}, [
    ...list,
    { _id: OPTIMISTIC_ID, _creationTime: Date.now(), author: args.author, body: args.body },
  ]);
}

/** Watches `messages:list` and names each state the app renders for the message `body`. */
function watchStates(client: ConvexReactClient, body: string) {
  const watch = client.watchQuery(chat.list, {});
  const states: string[] = [];
  const read = (): string => {
    const list = watch.localQueryResult() as Message[] | undefined;
    if (list === undefined) return "loading";
    const mine = list.find((message) => message.body === body);
    if (!mine) return "absent";
    return mine._id === OPTIMISTIC_ID ? "optimistic" : "server";
  };
  const note = () => {
    const state = read();
    if (states.at(-1) !== state) states.push(state);
  };
  const stop = watch.onUpdate(note);
  return { states, read, note, stop };
}

/** Sends a message with an optimistic update; what the app sees at once, and when it resolves. */
async function writeWithOptimisticUpdate(client: ConvexReactClient, fault: "sdk" | "backend") {
  const body = `${fault} ${Math.random()}`;
  const view = watchStates(client, body);
  await eventually(() => expect(view.read()).toBe("absent"));
  view.note();
  const startedAt = performance.now();
  const sent = client.mutation(
    chat.send,
    { author: "fidelity", body },
    { optimisticUpdate: optimisticSend },
  );
  const atOnce = view.read();
  await sent;
  const elapsedMs = performance.now() - startedAt;
  await eventually(() => expect(view.read()).toBe("server"));
  view.stop();
  return { atOnce, states: view.states, elapsedMs };
}

describe("SDK latency behaves like a slow network", () => {
  it("applies an optimistic update at once and the server's value after the delay, as backend latency does", async () => {
    const viaSdk = instrumentedClient();
    viaSdk.lens.faults.set({ latencyMs: LATENCY_MS, functions: "messages:send" });
    const sdk = await writeWithOptimisticUpdate(viaSdk.client, "sdk");

    const viaBackend = instrumentedClient();
    await backend.setFaults({ latencyMs: LATENCY_MS, functions: "messages:send" });
    const real = await writeWithOptimisticUpdate(viaBackend.client, "backend");

    expect(real.atOnce).toBe("optimistic");
    expect(sdk.atOnce).toBe(real.atOnce);
    expect(real.states).toEqual(["absent", "optimistic", "server"]);
    expect(sdk.states).toEqual(real.states);
    expect(real.elapsedMs).toBeGreaterThanOrEqual(LATENCY_MS - 50);
    expect(sdk.elapsedMs).toBeGreaterThanOrEqual(LATENCY_MS - 50);
  });

  it("delays a subscription's first result, as backend latency does", async () => {
    const firstResultMs = async (client: ConvexReactClient) => {
      // The socket is open first, so only the query's own time is measured.
      await client.query(chat.count, {});
      const startedAt = performance.now();
      const watch = client.watchQuery(chat.list, { limit: 3 });
      await new Promise<void>((resolve) => {
        const stop = watch.onUpdate(() => {
          if (watch.localQueryResult() === undefined) return;
          stop();
          resolve();
        });
      });
      return performance.now() - startedAt;
    };
    const viaSdk = instrumentedClient();
    const marked: boolean[] = [];
    viaSdk.lens.onCall((record) => {
      if (record.functionPath === "messages:list") marked.push(record.faultInjected);
    });
    viaSdk.lens.faults.set({ latencyMs: LATENCY_MS, functions: "messages:list" });
    const sdk = await firstResultMs(viaSdk.client);
    // The panel can tell the delay was injected.
    await eventually(() => expect(marked).toEqual([true]));

    const viaBackend = instrumentedClient();
    await backend.setFaults({ latencyMs: LATENCY_MS, functions: "messages:list" });
    const real = await firstResultMs(viaBackend.client);

    expect(real).toBeGreaterThanOrEqual(LATENCY_MS - 50);
    expect(sdk).toBeGreaterThanOrEqual(LATENCY_MS - 50);
  });
});

/** A write while disconnected: what the app sees at once, while down, and after it ends. */
async function writeWhileDown(
  client: ConvexReactClient,
  goDown: () => Promise<void>,
  comeBack: () => Promise<void>,
  fault: string,
) {
  const body = `${fault} ${Math.random()}`;
  const view = watchStates(client, body);
  await eventually(() => expect(view.read()).toBe("absent"));
  view.note();
  await goDown();
  await eventually(() => expect(client.connectionState().isWebSocketConnected).toBe(false));
  let landed = false;
  const sent = client
    .mutation(chat.send, { author: "offline", body }, { optimisticUpdate: optimisticSend })
    .then(() => {
      landed = true;
    });
  const atOnce = view.read();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const whileDown = { landed, state: view.read(), stored: await rowsWithBody(body) };
  await comeBack();
  await sent;
  await eventually(() => expect(view.read()).toBe("server"), { timeoutMs: 20_000 });
  view.stop();
  return { atOnce, whileDown, states: view.states, stored: await rowsWithBody(body) };
}

async function rowsWithBody(body: string): Promise<number> {
  const { tables } = await backend.exportData();
  return ((tables.messages ?? []) as unknown as Message[]).filter((m) => m.body === body).length;
}

describe("Simulated offline behaves like a dropped connection", () => {
  it("applies the optimistic update at once, keeps the last result, and delivers the write once after, as a real outage does", async () => {
    const viaSdk = instrumentedClient();
    const sdk = await writeWhileDown(
      viaSdk.client,
      async () => viaSdk.lens.faults.set({ offline: true }),
      async () => viaSdk.lens.faults.clear(),
      "simulated",
    );

    const viaBackend = instrumentedClient();
    const real = await writeWhileDown(
      viaBackend.client,
      async () => {
        await backend.setFaults({ refuseConnections: true });
      },
      async () => {
        await backend.clearFaults();
      },
      "outage",
    );

    expect(real.atOnce).toBe("optimistic");
    expect(real.whileDown).toEqual({ landed: false, state: "optimistic", stored: 0 });
    expect(real.states).toEqual(["absent", "optimistic", "server"]);
    expect(real.stored).toBe(1);
    expect(sdk).toEqual(real);
  }, 60_000);
});
