// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Lens } from "../lens.js";
import {
  FunctionCalls,
  lensHarness,
  listMessages,
  type RenderCounter,
  renderCounter,
} from "./test-support/lensHarness.js";
import { useOnline } from "./useOnline.js";

let lens: Lens | undefined;
afterEach(async () => {
  cleanup();
  await lens?.shutdown();
  lens = undefined;
});

function Banner({ renders }: { renders: RenderCounter }) {
  renders.hit("online");
  return <p>{useOnline() ? "online" : "offline"}</p>;
}

function setup() {
  const h = lensHarness();
  lens = h.lens;
  const renders = renderCounter();
  render(
    <h.wrapper>
      <Banner renders={renders} />
      <FunctionCalls path="messages:list" />
    </h.wrapper>,
  );
  return { ...h, renders };
}

describe("useOnline", () => {
  it("flips when offline is simulated and back, one render per flip", () => {
    const { lens, renders } = setup();
    expect(screen.getByText("online")).toBeTruthy();
    const before = renders.of("online");
    act(() => lens.faults.set({ offline: true }));
    expect(screen.getByText("offline")).toBeTruthy();
    act(() => lens.faults.clear());
    expect(screen.getByText("online")).toBeTruthy();
    expect(renders.of("online")).toBe(before + 2);
  });

  it("follows the browser's own offline and online events", () => {
    setup();
    act(() => {
      window.dispatchEvent(new Event("offline"));
    });
    expect(screen.getByText("offline")).toBeTruthy();
    act(() => {
      window.dispatchEvent(new Event("online"));
    });
    expect(screen.getByText("online")).toBeTruthy();
  });

  it("is not re-rendered by calls", async () => {
    const { client, renders } = setup();
    const before = renders.of("online");
    await act(async () => {
      await client.query(listMessages, {});
    });
    await waitFor(() => expect(screen.getByText("messages:list: 1 calls, 0 failed")).toBeTruthy());
    expect(renders.of("online")).toBe(before);
  });
});
