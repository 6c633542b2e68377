import type { LensRuntime } from "./lensRuntime.js";

/**
 * Loads the reader of traced functions' `[convex-lens]` lines from its own chunk (a dynamic
 * `import()`), for lenses with a `propagate: true` function only, so the browser SDK's core does
 * not grow for apps that do not use end-to-end traces. Lines that arrive before it has loaded
 * stay ordinary server log lines. A failed load is counted; the calls go on untraced.
 */
export function loadServerTraceReader(rt: LensRuntime): void {
  import("./serverTraceReader.js").then(
    ({ createServerTraceReader }) => {
      rt.serverTraces.reader = createServerTraceReader(
        (name, kind, startTime, parent) => rt.tracer.startSpan(name, { kind, startTime }, parent),
        rt.diagnostics,
      );
    },
    (error: unknown) => rt.diagnostics.record("server-trace", error),
  );
}
