// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { ConvexClient } from "convex/browser";
import { afterEach, describe, expect, it } from "vitest";
import { fakeSyncDeployment } from "../errors/test-support/fakeSyncDeployment.js";
import { createLens, type Lens } from "../lens.js";
import { LensProvider } from "./LensProvider.js";
import { useConnection } from "./useConnection.js";

let lens: Lens | undefined;
let client: ConvexClient | undefined;
afterEach(async () => {
  cleanup();
  await client?.close();
  await lens?.shutdown();
  lens = undefined;
  client = undefined;
});

function Status() {
  return <p>{useConnection() ? "connected" : "reconnecting"}</p>;
}

describe("useConnection", () => {
  it("shows the WebSocket dropping and coming back", async () => {
    const deployment = fakeSyncDeployment({});
    let refuse = false;
    // While `refuse` is set, every new socket drops at once, so the client stays disconnected.
    class Socket extends deployment.WebSocket {
      constructor(url: string) {
        super(url);
        if (refuse) this.drop();
      }
    }
    lens = createLens({ devtools: false });
    client = lens.instrument(
      new ConvexClient("http://127.0.0.1:3210", {
        webSocketConstructor: Socket as unknown as typeof WebSocket,
        unsavedChangesWarning: false,
        logger: false,
      }),
    );
    render(
      <LensProvider lens={lens}>
        <Status />
      </LensProvider>,
    );
    await waitFor(() => expect(screen.getByText("connected")).toBeTruthy());
    refuse = true;
    act(() => deployment.sockets.at(-1)?.drop());
    await waitFor(() => expect(screen.getByText("reconnecting")).toBeTruthy());
    refuse = false;
    // The official client retries after about a second (web_socket_manager.ts nextBackoff).
    await waitFor(() => expect(screen.getByText("connected")).toBeTruthy(), { timeout: 10_000 });
  });
});
