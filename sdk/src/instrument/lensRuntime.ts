import type { Tracer } from "@opentelemetry/api";
import type { Clock } from "../core/clock.js";
import type { ListenerSet } from "../core/listenerSet.js";
import type { UserMessageOption } from "../options.js";
import type { Bulkhead } from "../resilience/bulkhead.js";
import type { DeadlineWheel } from "../resilience/deadlineWheel.js";
import type { FaultSlot } from "../resilience/faultSource.js";
import type { OnlineManager } from "../resilience/onlineManager.js";
import type { RetryBudget } from "../resilience/retryBudget.js";
import type { CallRecord } from "../telemetry/callRecord.js";
import type { Diagnostics } from "../telemetry/diagnostics.js";
import type { Redactor } from "../telemetry/redact.js";
import type { BreakerRegistry } from "./breakerRegistry.js";
import type { InflightRegistrar } from "./inflightCalls.js";
import type { PolicyResolver } from "./policyResolver.js";
import type { ServerTraceReader } from "./serverTraceReader.js";
import type { SubscriptionSnapshot } from "./subscriptionSnapshot.js";
import type { UnattributedLogs } from "./unattributedLogs.js";

/**
 * What the lens reads of a client's subscription hub (subscriptionHub.ts). Named here rather than
 * imported, so the runtime does not depend on the hub that depends on it.
 */
export interface SubscriptionLister {
  /** The client's live subscriptions. */
  snapshots(): SubscriptionSnapshot[];
}

/**
 * Everything the path of one call needs, owned by one lens and shared by every client it
 * instruments. Built once by `createLens`; the hot path only reads it.
 */
export interface LensRuntime {
  readonly tracer: Tracer;
  readonly diagnostics: Diagnostics;
  readonly policies: PolicyResolver;
  readonly breakers: BreakerRegistry;
  readonly bulkheads: Map<string, Bulkhead>;
  /** Client-side faults: none until the `faults()` module plugs its injector in. */
  readonly faults: FaultSlot;
  readonly online: OnlineManager;
  readonly budget: RetryBudget | undefined;
  readonly clock: Clock;
  /** Per-attempt timeouts, on one shared timer. */
  readonly deadlines: DeadlineWheel;
  /** The lens's one redactor: span status, events and previews all go through it. */
  readonly redactor: Redactor;
  /** Present only when capture of args or results is on. */
  readonly capture: {
    readonly args: boolean;
    readonly results: boolean;
    readonly redactor: Redactor;
  } | null;
  /** Called once per finished call: metrics, health and the DevTools bridge listen here. */
  readonly onCall: ListenerSet<(record: CallRecord) => void>;
  /** The subscription hubs of the instrumented WebSocket clients, for `lens.subscriptions()`. */
  readonly hubs: Set<SubscriptionLister>;
  /** Server log lines no call could be named for, from every instrumented client (issue 13 §5). */
  readonly unattributed: UnattributedLogs;
  /** Whether the lens logs each failed call itself; then the client's own console line is not printed. */
  readonly logsFailures: () => boolean;
  /** The `userMessage` option: whether a ConvexError's own text may reach end users. */
  readonly userMessage: UserMessageOption | undefined;
  /**
   * End-to-end tracing (the trace argument, and the reader of traced functions' lines), once its
   * chunk has loaded: only for lenses with a `propagate: true` function.
   */
  readonly serverTraces: { reader: ServerTraceReader | null };
  /**
   * Where one-shot calls register while in flight: set while the DevTools bridge runs (development
   * builds, by default; inflightCalls.ts); unset, a call pays one property read for it.
   */
  inflight?: InflightRegistrar | undefined;
  /**
   * Told when the app closes an instrumented WebSocket client (`client.close()`), so the lens lets
   * go of it instead of holding it until shutdown.
   */
  readonly clientClosed: (client: object) => void;
}
