import { createLens, everything, type LensOptions, type LensWith } from "@convex-lens/sdk";

/**
 * The demo's lens options. The SDK's defaults suit production; these are tuned so that each story
 * the demo tells (a retry that succeeds, a breaker that opens and recovers, health that degrades
 * and comes back) happens within seconds of pressing a fault control. Each value says why.
 */
export const demoLensOptions = {
  retry: {
    // Three attempts instead of four: at 50 % injected errors one write in eight still fails, so
    // the calm error toast shows up too, not only the retries that succeed. (Reads get more below.)
    maxAttempts: 3,
    initialDelayMs: 200,
    maxDelayMs: 2_000,
  },
  breaker: {
    // Judge over a short window with few calls: a demo user clicks a handful of times, not
    // hundreds. Every attempt counts, so five writes that time out in an outage open it.
    windowMs: 20_000,
    minimumCalls: 5,
    // Three failed attempts in four: an outage opens it, while at 50 % injected errors it mostly
    // stays closed, so that story shows retries that succeed rather than fast failures.
    failureRateThreshold: 0.75,
    // Half-open after 5 s instead of 10 s, so recovery is seen soon after the backend is back.
    openMs: 5_000,
  },
  timeoutMs: {
    query: 8_000,
    // A write that hears nothing for 6 s fails with OUTCOME_UNKNOWN (the client still re-sends it
    // when the socket is back, and the server applies it once). 30 s by default.
    mutation: 6_000,
    // The suggestion service is slow on purpose (up to 10 s when asked), so actions get longer.
    action: 20_000,
  },
  functions: {
    // End-to-end traces (issue 18): every demo function is wrapped with `traced()` (convex/traced.ts),
    // so one-shot calls carry their trace context to it and its spans, down to the database reads,
    // come back under the call: in the DevTools panel's timeline and in the OTLP export.
    "*": { propagate: true },
    // Reads are safe to repeat, and a list that shows up late beats one that does not show up:
    // the lists get five attempts. (Paginated queries are traced but never retried by the SDK,
    // since a re-subscription would reset their pages; the activity feed shows that.)
    "*:list*": { retry: { maxAttempts: 5 } },
    // `tasks:addSubtasks` skips titles a task already has, so running the suggestion twice adds
    // nothing twice: declaring it idempotent lets the SDK retry this action, which it never does
    // by default. Two at a time; more queue, and past four the button answers RATE_LIMITED.
    "tasks:suggestSubtasks": { idempotent: true, maxConcurrent: 2, maxQueued: 4 },
  },
  // Argument and result previews in the DevTools panel; commenters' names are redacted to show how.
  capture: { args: true, results: true, redact: ["author"] },
  // On in production builds too (the demo is served built in its browser tests), and the panel's
  // buttons (faults, trip a breaker, go offline) work there: this is a demo, not a product.
  devtools: { enabled: true, allowCommands: true },
} satisfies LensOptions;

/**
 * The demo's modules: all of them (the demo shows every feature), through the one-line preset.
 * An app that wants less lists the modules it uses; what it leaves out is not in its bundle.
 */
export const demoModules = () =>
  everything({
    // Health judges rates and latency over the last 20 s (60 s by default), so after an outage it
    // comes back to healthy within half a minute instead of a minute and more.
    metrics: { windowMs: 20_000 },
    health: {
      thresholds: {
        // Health follows a change after 1.5 s (5 s by default) and recovers after 4 s (10 s).
        degradeAfterMs: 1_500,
        recoverAfterMs: 4_000,
        minCalls: 3,
        // A socket down for 15 s makes health unhealthy (30 s by default).
        disconnectedMs: { critical: 15_000 },
      },
    },
  });

/** The demo's lens: the core options above with every module. */
export type DemoLens = LensWith<ReturnType<typeof demoModules>>;

// The hooks learn the lens's type, so one that needs a module the lens lacks fails to compile.
declare module "@convex-lens/sdk/react" {
  interface Register {
    lens: DemoLens;
  }
}

/** Creates the demo's one lens; the app instruments its Convex client with it. */
export function createDemoLens(options: LensOptions = demoLensOptions): DemoLens {
  return createLens({ ...options, use: demoModules() });
}
