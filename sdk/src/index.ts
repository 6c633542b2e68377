/**
 * `@convex-lens/sdk`: instrumented Convex clients with OpenTelemetry spans, a typed error taxonomy,
 * retries, circuit breakers, timeouts and offline awareness. Start with {@link createLens}.
 */

export type { BreakerSnapshot, BreakerState, BreakerTransition } from "./core/breakerSnapshot.js";
export type { FunctionKind, Transport } from "./core/callTarget.js";
export type { ConnectionCause } from "./core/connectionCause.js";
export * from "./errors/index.js";
export type { CallOptions } from "./instrument/callOptions.js";
export type { ScopedClient } from "./instrument/callScope.js";
export type { UnattributedLog } from "./instrument/serverLogRouter.js";
export type { SubscriptionSnapshot } from "./instrument/subscriptionSnapshot.js";
export {
  type BreakerHandle,
  type CreateLensOptions,
  createLens,
  type InstrumentableClient,
  type Lens,
  type LensWith,
} from "./lens.js";
export { type AlertsApi, alerts } from "./modules/alerts.js";
export { type EverythingOptions, everything } from "./modules/everything.js";
export { type FaultsApi, faults, type LensFaults } from "./modules/faults.js";
export { type GlobalHandlersApi, globalHandlers } from "./modules/globalHandlers.js";
export { type HealthApi, type HealthOptions, health } from "./modules/health.js";
export type {
  InstalledModule,
  LensModule,
  ModuleApi,
  ModuleHost,
  ModulesApi,
  SharedSlot,
} from "./modules/lensModule.js";
export { type LoggerApi, logger } from "./modules/logger.js";
export { type MetricsApi, type MetricsOptions, metrics } from "./modules/metrics.js";
export { type OtelMetricsOptions, otelMetrics } from "./modules/otelMetrics.js";
export type {
  BreakerFallback,
  BreakerRefusalOptions,
  BreakerScope,
  CaptureOptions,
  DevtoolsOptions,
  FunctionPolicy,
  LensBreakerOptions,
  LensOptions,
  OnlineOptions,
  RefusedCall,
  UserMessageOption,
} from "./options.js";
export { defaultTimeouts } from "./options.js";
export { policyFor } from "./policyFor.js";
export type { JitterMode } from "./resilience/backoff.js";
export type { BreakerOptions } from "./resilience/breaker.js";
export { defaultBreakerOptions } from "./resilience/breaker.js";
export type { BulkheadOptions } from "./resilience/bulkhead.js";
export type { FaultConfig, InjectedFailure } from "./resilience/faultInjector.js";
export { defaultRetryOptions, type RetryOptions } from "./resilience/retry.js";
export { defaultRetryBudgetOptions, type RetryBudgetOptions } from "./resilience/retryBudget.js";
export type { Alert, AlertReason, AuditEvent, AuditEventType } from "./telemetry/alerts.js";
export type { AttemptRecord, CallEvent, CallRecord } from "./telemetry/callRecord.js";
export type { ConvexLoggerLike } from "./telemetry/convexLogger.js";
export type { DiagnosticSource, DiagnosticsSnapshot } from "./telemetry/diagnostics.js";
export type {
  CheckStatus,
  HealthCheck,
  HealthCheckName,
  HealthListener,
  HealthReport,
  HealthStatus,
} from "./telemetry/health.js";
export {
  defaultHealthThresholds,
  type HealthThresholds,
  type HealthThresholdsInput,
  type ThresholdBand,
} from "./telemetry/healthThresholds.js";
export {
  createLogger,
  jsonLineSink,
  type LensLogger,
  type LogFields,
  type LoggerOptions,
  type LogLevel,
  type LogRecord,
  type LogSink,
  readableSink,
} from "./telemetry/logger.js";
export {
  type CallStats,
  type FunctionMetrics,
  type KindMetrics,
  type LatencyStats,
  type MetricsSnapshot,
  OVERFLOW_FUNCTION_PATH,
  type SlowCall,
} from "./telemetry/metricsStore.js";
export * as semconv from "./telemetry/semconv.js";
export { SDK_NAME, SDK_VERSION } from "./version.js";
