// The app page of the cross-origin suite, bundled for the browser by crossOriginSites.ts: a lens
// with the DevTools bridge on and commands allowed (as in development), over an in-page transport
// whose results carry a marker, so any message that carries the app's data can be recognised.
// It starts once the page has loaded, so every frame around it is already listening.
import { createLens, everything } from "@convex-lens/sdk";
import { makeFunctionReference } from "convex/server";
import { scriptedClient } from "../../../sdk/src/instrument/test-support/scriptedClient.js";
import { APP_MARKER } from "./framedAppMarker.js";

/** The page's handle for the test, `window.app`. */
export interface FramedAppHandle {
  /** A query through the real SDK; its result carries {@link APP_MARKER}. */
  call(path: string): Promise<void>;
  /** Whether a command (from the panel, or forged) has taken the app offline. */
  offline(): boolean;
}

async function start(): Promise<void> {
  if (document.readyState !== "complete") {
    await new Promise((resolve) => addEventListener("load", resolve, { once: true }));
  }
  const lens = createLens({
    retry: false,
    capture: { args: true, results: true },
    devtools: { enabled: true, allowCommands: true },
    use: everything(),
  });
  const client = scriptedClient(() => ({ note: APP_MARKER }), undefined, { keepSent: false });
  const instrumented = lens.instrument(client.client);
  const handle: FramedAppHandle = {
    async call(path) {
      await instrumented.query(makeFunctionReference<"query">(path), { note: APP_MARKER });
    },
    offline: () => lens.faults.get().offline === true,
  };
  (window as unknown as { app: FramedAppHandle }).app = handle;
}

void start();
