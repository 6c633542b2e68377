// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { StrictMode, startTransition, useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import type { Lens } from "../lens.js";
import type { MetricsSnapshot } from "../telemetry/metricsStore.js";
import {
  FunctionCalls,
  lensHarness,
  listMessages,
  type RenderCounter,
  renderCounter,
  sendMessage,
} from "./test-support/lensHarness.js";
import { shareMetrics, useFunctionMetrics } from "./useFunctionMetrics.js";

let lens: Lens | undefined;
afterEach(async () => {
  cleanup();
  await lens?.shutdown();
  lens = undefined;
});

function AllCalls({ renders }: { renders: RenderCounter }) {
  renders.hit("all");
  const { functions } = useFunctionMetrics();
  return <p>{functions.length} functions</p>;
}

let seen: unknown[] = [];
let rerender = () => {};
function Reader() {
  const [, setTick] = useState(0);
  rerender = () => setTick((n) => n + 1);
  seen.push(useFunctionMetrics("messages:list"));
  return null;
}

/** Whether a PureReader is inside its render now, and every snapshot it read. */
const pureReads = { rendering: false, reads: [] as unknown[] };

function PureReader() {
  pureReads.rendering = true;
  pureReads.reads.push(useFunctionMetrics("messages:list"));
  pureReads.rendering = false;
  return null;
}

function setup() {
  const h = lensHarness();
  lens = h.lens;
  const renders = renderCounter();
  render(
    <h.wrapper>
      <FunctionCalls path="messages:list" renders={renders} />
      <FunctionCalls path="messages:send" renders={renders} />
      <AllCalls renders={renders} />
    </h.wrapper>,
  );
  return { ...h, renders };
}

describe("useFunctionMetrics", () => {
  it("is undefined for a function never called, then shows its calls and failures", async () => {
    const { client, fail } = setup();
    expect(screen.getByText("messages:list: never called")).toBeTruthy();
    await act(async () => {
      await client.query(listMessages, {});
      fail("messages:list");
      await client.query(listMessages, {}).catch(() => {});
    });
    await waitFor(() => expect(screen.getByText("messages:list: 2 calls, 1 failed")).toBeTruthy());
    expect(screen.getByText("1 functions")).toBeTruthy();
  });

  it("reads one pure snapshot under StrictMode and in a transition: no listener runs while rendering", async () => {
    const h = lensHarness();
    lens = h.lens;
    await h.client.query(listMessages, {});
    const firedDuring: boolean[] = [];
    h.lens.onMetricsChange(() => firedDuring.push(pureReads.rendering));
    h.lens.onHealthChange(() => firedDuring.push(pureReads.rendering));
    pureReads.reads = [];
    const reads = pureReads.reads;
    await act(async () => {
      startTransition(() => {
        render(
          <StrictMode>
            <h.wrapper>
              <PureReader />
              <PureReader />
            </h.wrapper>
          </StrictMode>,
        );
      });
    });
    await act(async () => {
      await h.client.query(listMessages, {});
    });
    await waitFor(() =>
      expect((reads.at(-1) as { session: { calls: number } } | undefined)?.session.calls).toBe(2),
    );
    // StrictMode renders twice: every read of one render pass saw the same object.
    const first = reads[0];
    expect(reads.filter((read) => read === first).length).toBeGreaterThanOrEqual(4);
    expect(firedDuring).toContain(false);
    expect(firedDuring).not.toContain(true);
  });

  it("does not re-render a component reading one function when another is called", async () => {
    const { client, renders } = setup();
    await act(async () => {
      await client.query(listMessages, {});
    });
    await waitFor(() => expect(screen.getByText("messages:list: 1 calls, 0 failed")).toBeTruthy());
    const listRenders = renders.of("messages:list");
    const allRenders = renders.of("all");
    await act(async () => {
      await client.mutation(sendMessage, {});
    });
    // The witnesses: the mutation's own reader and the all-functions reader both re-render.
    await waitFor(() => expect(screen.getByText("messages:send: 1 calls, 0 failed")).toBeTruthy());
    expect(screen.getByText("2 functions")).toBeTruthy();
    expect(renders.of("all")).toBeGreaterThan(allRenders);
    expect(renders.of("messages:list")).toBe(listRenders);
  });

  it("returns the same object on every render until its function is called again", async () => {
    const h = lensHarness();
    lens = h.lens;
    await h.client.query(listMessages, {});
    seen = [];
    render(
      <h.wrapper>
        <Reader />
      </h.wrapper>,
    );
    act(() => rerender());
    act(() => rerender());
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(1);
    await act(async () => {
      await h.client.query(listMessages, {});
    });
    await waitFor(() => expect(new Set(seen).size).toBe(2));
  });
});

describe("shareMetrics", () => {
  it("keeps each unchanged function's object and the whole snapshot when nothing was recorded", async () => {
    const { lens, client } = lensHarness();
    try {
      await client.query(listMessages, {});
      await client.mutation(sendMessage, {});
      const first = lens.metrics();
      expect(shareMetrics(first, lens.metrics())).toBe(first);
      await client.mutation(sendMessage, {});
      const next: MetricsSnapshot = shareMetrics(first, lens.metrics());
      const list = (s: MetricsSnapshot) =>
        s.functions.find((f) => f.functionPath === "messages:list");
      const send = (s: MetricsSnapshot) =>
        s.functions.find((f) => f.functionPath === "messages:send");
      expect(next).not.toBe(first);
      expect(list(next)).toBe(list(first));
      expect(send(next)).not.toBe(send(first));
      expect(send(next)?.session.calls).toBe(2);
    } finally {
      await lens.shutdown();
    }
  });
});
