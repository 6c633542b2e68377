/**
 * `@convex-lens/sdk`: instrumented Convex clients with OpenTelemetry spans, a typed error taxonomy,
 * retries, circuit breakers, timeouts and offline awareness. Start with {@link createLens}.
 */
export * from "./errors/index.js";
export type { Transport } from "./instrument/callTarget.js";
export type { SubscriptionSnapshot } from "./instrument/subscriptionHub.js";
export {
  type BreakerHandle,
  createLens,
  type InstrumentableClient,
  type Lens,
  type LensFaults,
} from "./lens.js";
export type {
  BreakerScope,
  CaptureOptions,
  DevtoolsOptions,
  FunctionPolicy,
  LensBreakerOptions,
  LensOptions,
} from "./options.js";
export { defaultTimeouts } from "./options.js";
export type { JitterMode } from "./resilience/backoff.js";
export type {
  BreakerOptions,
  BreakerSnapshot,
  BreakerState,
  BreakerTransition,
} from "./resilience/breaker.js";
export { defaultBreakerOptions } from "./resilience/breaker.js";
export type { BulkheadOptions } from "./resilience/bulkhead.js";
export type { FaultConfig, InjectedFailure } from "./resilience/faultInjector.js";
export { defaultRetryOptions, type RetryOptions } from "./resilience/retry.js";
export { defaultRetryBudgetOptions, type RetryBudgetOptions } from "./resilience/retryBudget.js";
export type { CallRecord } from "./telemetry/callRecord.js";
export type { DiagnosticSource, DiagnosticsSnapshot } from "./telemetry/diagnostics.js";
export * as semconv from "./telemetry/semconv.js";
export { SDK_NAME, SDK_VERSION } from "./version.js";
