import type { InflightCall, InflightRegistrar } from "../instrument/inflightCalls.js";
import type { DevtoolsOptions } from "../options.js";
import type { CallRecord } from "../telemetry/callRecord.js";
import type { PageWindow } from "./bridge.js";
import { markBridgeOff } from "./bridgeOffMarker.js";
import { resolveDevtoolsSettings } from "./devtoolsSettings.js";
import type { DevtoolsLens } from "./lensDevtoolsHost.js";

/**
 * Starts the DevTools bridge from its own chunk, loaded with a dynamic `import()` only when the
 * bridge is on and there is a page. The bridge (protocol, serializer, history: about 13 KB
 * minified) is thus not in the app's initial bundle, and never loaded in production builds, where
 * it is off by default. Calls that finish while the chunk loads are kept (up to the buffer size) and
 * handed to the bridge, so its history starts with the page's first call; so are the one-shot calls
 * begun meanwhile and not yet settled, so a call that hangs from the page's start is listed in
 * flight. Returns the function that stops it, whether or not it has loaded yet.
 */
export function loadDevtoolsBridge(
  lens: DevtoolsLens,
  option: boolean | DevtoolsOptions | undefined,
  reportError: (error: unknown) => void,
  page: PageWindow | undefined = globalThis.window,
): () => void {
  const settings = resolveDevtoolsSettings(option);
  if (page === undefined) return () => {};
  if (!settings.enabled) {
    // So the panel can explain the silence (production builds) rather than wait for a page.
    markBridgeOff();
    return () => {};
  }
  const earlier: CallRecord[] = [];
  let stopped = false;
  let dispose: (() => void) | null = null;
  const inflight = new Set<InflightCall>();
  const { runtime } = lens;
  const holder: InflightRegistrar = {
    // Capped as `earlier` is: a chunk that never loads must not keep every hanging call.
    add: (call) => {
      if (inflight.size < settings.bufferSize) inflight.add(call);
    },
    delete: (call) => void inflight.delete(call),
  };
  if (runtime && runtime.inflight === undefined) runtime.inflight = holder;
  const stopKeeping = (): void => {
    keepCalls();
    // The bridge's own registry replaced the holder when it started; else no one reads it.
    if (runtime?.inflight === holder) runtime.inflight = undefined;
  };
  const keepCalls = lens.onCall((record) => {
    if (earlier.length < settings.bufferSize) earlier.push(record);
  });
  import("./lensDevtoolsHost.js").then(
    ({ startDevtoolsBridge }) => {
      if (!stopped) {
        const bridge = startDevtoolsBridge(lens, option, reportError, page, earlier, inflight);
        if (bridge) dispose = () => bridge.dispose();
      }
      stopKeeping();
    },
    (error: unknown) => {
      stopKeeping();
      reportError(error);
    },
  );
  return () => {
    stopped = true;
    stopKeeping();
    dispose?.();
  };
}
