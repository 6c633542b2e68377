/**
 * The SDK's resilience policies: framework-free, OpenTelemetry-free building blocks that the
 * instrumented client composes around every Convex call (see DESIGN.md, "The path of one call").
 */
export { abortReason } from "./abortReason.js";
export {
  type BackoffOptions,
  type JitterMode,
  nextDelay,
  validateBackoffOptions,
} from "./backoff.js";
export {
  type BreakerOptions,
  BreakerPermit,
  type BreakerSnapshot,
  type BreakerState,
  type BreakerTransition,
  CircuitBreaker,
  defaultBreakerOptions,
  resolveBreakerOptions,
} from "./breaker.js";
export { Bulkhead, type BulkheadOptions, validateBulkheadOptions } from "./bulkhead.js";
export { type Clock, MAX_TIMER_DELAY_MS, systemClock } from "./clock.js";
export { DeadlineWheel } from "./deadlineWheel.js";
export { FakeClock } from "./fakeClock.js";
export {
  type FaultConfig,
  type FaultDecision,
  FaultInjector,
  type InjectedFailure,
  validateFaultConfig,
} from "./faultInjector.js";
export { compileFunctionPattern } from "./functionPattern.js";
export {
  type ConnectionSource,
  type ConvexConnectionStateClient,
  convexConnectionSource,
  createOnlineManager,
  type OnlineEnvironment,
  type OnlineManager,
} from "./onlineManager.js";
export {
  defaultRetryOptions,
  type RetryContext,
  type RetryGiveUpReason,
  type RetryHooks,
  type RetryOptions,
  resolveRetryOptions,
  retry,
} from "./retry.js";
export {
  createRetryBudget,
  defaultRetryBudgetOptions,
  isRetryBudget,
  type RetryBudget,
  type RetryBudgetOptions,
  resolveRetryBudgetOptions,
} from "./retryBudget.js";
export { sleep } from "./sleep.js";
