// @vitest-environment happy-dom
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Lens } from "../lens.js";
import {
  lensHarness,
  listMessages,
  type RenderCounter,
  renderCounter,
} from "./test-support/lensHarness.js";
import { useBreakers } from "./useBreakers.js";

let lens: Lens | undefined;
afterEach(async () => {
  cleanup();
  await lens?.shutdown();
  lens = undefined;
});

function Breakers({ renders }: { renders?: RenderCounter }) {
  renders?.hit("breakers");
  return (
    <ul>
      {useBreakers().map((b) => (
        <li key={b.scope}>
          {b.scope} {b.state}
          {b.isolated ? " (isolated)" : ""}
        </li>
      ))}
    </ul>
  );
}

describe("useBreakers", () => {
  it("shows a breaker opening after failures and closing when reset, not each counted call", async () => {
    const h = lensHarness({ breaker: { consecutiveFailures: 3 } });
    lens = h.lens;
    const renders = renderCounter();
    render(
      <h.wrapper>
        <Breakers renders={renders} />
      </h.wrapper>,
    );
    h.fail("messages:list");
    const before = renders.of("breakers");
    await act(async () => {
      for (let i = 0; i < 2; i++) await h.client.query(listMessages, {}).catch(() => {});
    });
    // Two failures are counted but change no state.
    expect(renders.of("breakers")).toBe(before);
    await act(async () => {
      await h.client.query(listMessages, {}).catch(() => {});
    });
    expect(screen.getByText("messages:list open")).toBeTruthy();
    act(() => h.lens.breaker("messages:list").reset());
    expect(screen.getByText("messages:list closed")).toBeTruthy();
  });

  it("shows a breaker isolated by hand", async () => {
    const h = lensHarness();
    lens = h.lens;
    render(
      <h.wrapper>
        <Breakers />
      </h.wrapper>,
    );
    expect(screen.queryByRole("listitem")).toBeNull();
    // Only calls create breakers: isolating one needs a function that has run.
    await act(async () => {
      await h.client.query(listMessages, {});
    });
    act(() => h.lens.breaker("messages:list").isolate());
    expect(screen.getByText("messages:list open (isolated)")).toBeTruthy();
  });
});
