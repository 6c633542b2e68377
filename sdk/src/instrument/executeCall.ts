import type { BreakerState } from "../core/breakerSnapshot.js";
import type { CallTarget } from "../core/callTarget.js";
import {
  CircuitOpenError,
  classifyError,
  LensError,
  MutationOutcomeUnknownError,
  NetworkError,
  OverloadedError,
  RateLimitedError,
  ServerError,
  TimeoutError,
} from "../errors/index.js";
import type { CircuitBreaker } from "../resilience/breaker.js";
import { Bulkhead } from "../resilience/bulkhead.js";
import { mayRetry } from "../resilience/convexSemantics.js";
import type { FaultDecision } from "../resilience/faultInjector.js";
import {
  defaultRetryOptions,
  type RetryHooks,
  type RetryOptions,
  retry,
  sleep,
} from "../resilience/retry.js";
import type { CallSpan } from "../telemetry/callSpan.js";
import {
  ATTR_CONVEX_BREAKER_STATE,
  EVENT_BREAKER_TRANSITION,
  EVENT_WAIT_ONLINE,
} from "../telemetry/semconv.js";
import { breakerVerdictFor } from "./breakerCounting.js";
import { runFallback } from "./breakerFallback.js";
import { failsFastWhenOpen } from "./breakerRefusal.js";
import type { CallOptions } from "./callOptions.js";
import { takeCallOptions } from "./callScope.js";
import type { CallSite } from "./callSite.js";
import { CallTrace } from "./callTrace.js";
import type { LensRuntime } from "./lensRuntime.js";
import type { ResolvedPolicy } from "./policyResolver.js";
import type { ServerLogSink } from "./serverLogRouter.js";

const MAX_BULKHEADS = 1_000;
// One attempt, raced against a call's signal: the retry loop without retries.
const NO_RETRY: RetryOptions = { ...defaultRetryOptions, maxAttempts: 1, budget: false };

/**
 * The path of one call (DESIGN.md): a logical span around breaker admission, bulkhead, fault
 * injection, timeout and retries with backoff; every failure classified; one record per call for
 * metrics and the panel. Telemetry failures are swallowed; the app sees its result or a LensError.
 * Options given through `lens.call` (signal, timeout, idempotency) apply to this call only.
 */
export function executeCall<T>(
  rt: LensRuntime,
  target: CallSite,
  args: unknown,
  send: (sink: ServerLogSink) => Promise<T>,
): Promise<T> {
  const call = new CallExecution(rt, target, args, send, takeCallOptions());
  // A plain promise chain rather than an async function: one promise layer less on every call.
  return call.attempts().then(call.succeeded, call.failed);
}

/**
 * The state of one call across its attempts. A class rather than closures because it is built on
 * every call: one object serves as the attempt runner and as the retry loop's hooks.
 */
class CallExecution<T> implements RetryHooks {
  readonly trace: CallTrace;
  /** Sends one attempt through the client, as this call's (its trace is the log lines' sink). */
  private readonly send: () => Promise<T>;
  /** Whether the last attempt left the client (so its failure may have reached the server). */
  private sent = false;
  private attemptStartedAt: number;
  /** Cancels this call (`lens.call`); undefined for almost every call. */
  readonly signal: AbortSignal | undefined;
  /** What failures are classified with: the call site, plus the signal when there is one. */
  private readonly context: CallSite | (CallSite & { signal: AbortSignal });
  private readonly idempotent: boolean;
  private readonly timeoutMs: number | null;
  /** The first attempt waited for a forced offline to end, so its clocks start when it is sent. */
  private held = false;

  constructor(
    private readonly rt: LensRuntime,
    private readonly target: CallSite,
    private readonly args: unknown,
    send: (sink: ServerLogSink) => Promise<T>,
    options: CallOptions | undefined,
  ) {
    this.trace = new CallTrace(rt, target, args, false);
    // The transport is told whose request it sends, so the server's log lines find this call.
    this.send = () => send(this.trace);
    this.attemptStartedAt = this.trace.startedAt;
    const { policy, kind } = target;
    this.signal = options?.signal;
    // Any rejection with the signal's own reason is a cancellation, whatever that reason is.
    this.context = this.signal ? { ...target, signal: this.signal } : target;
    this.idempotent = options?.idempotent ?? policy.idempotent;
    this.timeoutMs = options?.timeoutMs === undefined ? policy.timeoutMs[kind] : options.timeoutMs;
  }

  /** The bulkhead slot of the attempt being prepared; handed to its request once sent. */
  private slot: (() => void) | null = null;
  /** A bulkhead refused a place (RATE_LIMITED) or the wait was aborted: final, never retried. */
  private refused = false;

  /**
   * Every attempt, with retries when the function's policy has them. Only a forced offline
   * (`lens.setOnline(false)`, simulated offline) holds the first attempt, until it ends or the
   * wait's deadline passes (OFFLINE); the browser's `offline` event pauses retries only, since the
   * raw client would send the call and, over a WebSocket, queue it itself. A WebSocket client with
   * a gate on its socket is held there instead, like a dropped connection (socketGate.ts): the call
   * reaches the client at once, so its optimistic update applies at once and the client queues it.
   */
  attempts(): Promise<T> {
    if (!this.rt.online.holdsCalls() || this.target.socketGate?.installed) {
      return this.attemptAll();
    }
    this.held = true;
    this.trace.span.event(EVENT_WAIT_ONLINE);
    return this.rt.online.waitForRelease(this.signal).then(() => this.attemptAll());
  }

  private attemptAll(): Promise<T> {
    const retryOptions = this.target.policy.retry;
    return retryOptions
      ? retry(this.run, retryOptions, this, {
          clock: this.rt.clock,
          signal: this.signal,
        })
      : this.signal
        ? retry(this.run, NO_RETRY, this, { signal: this.signal })
        : this.run(1);
  }

  /** Ends a call that succeeded; bound, as a promise reaction. */
  readonly succeeded = (value: T): T => {
    this.trace.result(value);
    this.trace.finish(null);
    return value;
  };

  /**
   * Ends a call that failed with its classified error; bound, as a promise reaction. A call its
   * open breaker refused gets the function's fallback when the policy has one.
   */
  readonly failed = (raw: unknown): Promise<T> => {
    const error = classifyError(raw, this.context);
    this.trace.finish(error);
    const { fallback } = this.target.policy;
    if (fallback === null || !(error instanceof CircuitOpenError)) throw error;
    const { functionPath, kind } = this.target;
    return runFallback(this.rt.diagnostics, fallback, error, {
      functionPath,
      kind,
      args: this.args,
    });
  };

  /**
   * Runs attempt `attempt` (from 1); bound once, since the retry loop calls it as a function. With
   * a bulkhead, each attempt takes a slot and its request holds it until it settles, even past its
   * timeout, so `maxConcurrent` is never exceeded on the wire; backoff sleeps hold no slot.
   */
  readonly run = (attempt: number): Promise<T> =>
    this.target.policy.bulkhead === null ? this.attempt(attempt) : this.attemptInSlot(attempt);

  private async attemptInSlot(attempt: number): Promise<T> {
    try {
      // An abort gives the place in the queue back at once (`lens.call`).
      this.slot = await acquireBulkhead(this.rt, this.target, this.target.policy, this.signal);
    } catch (error) {
      this.refused = true;
      throw error;
    }
    try {
      return await this.attempt(attempt);
    } finally {
      // Still here when the attempt ended before sending (breaker open, a fault, offline).
      this.slot?.();
      this.slot = null;
    }
  }

  /** One attempt: breaker admission, injected faults, the request and its timeout. */
  private readonly attempt = async (attempt: number): Promise<T> => {
    const { rt, target, trace } = this;
    const { functionPath, kind, breaker } = target;
    trace.attempts = attempt;
    this.sent = false;
    const first = attempt === 1;
    // Time queued for a bulkhead slot or held offline is not the attempt's: its deadline and
    // slow-call clock start when it is sent.
    const fresh = !first || this.held || this.target.policy.bulkhead !== null;
    const startedAt = fresh ? Date.now() : trace.startedAt;
    this.attemptStartedAt = startedAt;
    const permit = breaker ? breaker.admit() : null;
    if (breaker && permit === null) {
      trace.span.set(ATTR_CONVEX_BREAKER_STATE, "open");
    }
    // A write its open breaker does not refuse goes out as the raw client would send it, uncounted.
    if (breaker && permit === null && failsFastWhenOpen(target.policy, kind)) {
      const error = new CircuitOpenError({
        message: `Circuit breaker "${breaker.scope}" is open; ${functionPath} was not sent.`,
        functionPath,
        kind,
        preCommit: true,
      });
      trace.endAttempt(attempt, startedAt, error, !first);
      throw error;
    }
    // A WebSocket mutation's clock stands still while the socket is down (connectedClock.ts): time
    // waiting out an outage is neither its timeout's nor the breaker's slow-call clock's.
    const connected = target.deadlines === rt.deadlines ? null : target.deadlines.clock;
    const t0 = connected ? connected.now() : fresh ? performance.now() : trace.t0;
    try {
      // From here on the call counts as sent: injected faults mirror real failures, retries included.
      this.sent = true;
      if (rt.faults.active) {
        const decision = rt.faults.decide(functionPath);
        if (decision) {
          trace.faultInjected = true;
          // Through a gated socket, latency and offline act on the request on its way out, as on
          // a slow or absent network; awaiting nothing here keeps the client's synchronous part
          // (an optimistic update) immediate. Injected failures still happen here.
          const atSocket =
            target.socketGate?.installed === true &&
            (decision.fail === null || decision.fail === "offline");
          if (!atSocket) await injectFault(rt, decision, target);
        }
      }
      // The attempt's CLIENT span is active while the transport sends (CallTrace.send).
      const pending = trace.send(attempt, this.send);
      if (this.slot !== null) {
        // The slot is the request's now: freed when it settles, not when its timeout fires.
        pending.then(this.slot, this.slot);
        this.slot = null;
      }
      const timeoutMs = this.timeoutMs;
      const value =
        timeoutMs === null
          ? await pending
          : await target.deadlines.race(
              pending,
              timeoutMs,
              () => timeoutError(target, timeoutMs),
              // `startedAt` is wall time: right for the shared wheel, not for a paused one.
              target.deadlines === rt.deadlines ? startedAt : undefined,
            );
      if (breaker && permit) {
        const elapsed = (connected ? connected.now() : performance.now()) - t0;
        const before = breaker.state;
        breaker.success(permit, elapsed, connected ? undefined : startedAt + elapsed);
        noteTransition(breaker, before, trace.span);
      }
      trace.endAttempt(attempt, startedAt, null, !first);
      return value;
    } catch (raw) {
      const error = classifyError(raw, this.context);
      if (breaker && permit) {
        const elapsed = (connected ? connected.now() : performance.now()) - t0;
        const now = connected ? undefined : startedAt + elapsed;
        const before = breaker.state;
        const verdict = breakerVerdictFor(error, target.policy);
        if (verdict === "failure") breaker.failure(permit, elapsed, now);
        else if (verdict === "neutral") breaker.release(permit);
        else breaker.success(permit, elapsed, now);
        noteTransition(breaker, before, trace.span);
      }
      trace.endAttempt(attempt, startedAt, error, !first);
      throw error;
    }
  };

  shouldRetry(error: unknown): boolean {
    return (
      !this.refused &&
      error instanceof LensError &&
      mayRetry(this.target.kind, this.idempotent, error, this.sent)
    );
  }

  /** A server's `Retry-After` (HTTP 429/503): waited out in the backoff, before the next attempt's clocks. */
  minDelayAfter(error: unknown): number | undefined {
    return error instanceof LensError ? error.retryAfterMs : undefined;
  }

  onRetry({ attempt, delayMs, error }: { attempt: number; delayMs: number; error: unknown }): void {
    const lensError = classifyError(error, this.context);
    if (attempt === 1) this.trace.attemptEnded(1, this.attemptStartedAt, lensError);
    this.trace.retrying(attempt, lensError, delayMs);
  }

  isOnline(): boolean {
    return this.rt.online.isOnline();
  }

  waitForOnline(signal?: AbortSignal): Promise<void> {
    this.trace.span.event(EVENT_WAIT_ONLINE);
    return this.rt.online.waitForOnline(signal);
  }
}

/** Records a breaker transition a verdict caused as an event on the call's span. */
function noteTransition(breaker: CircuitBreaker, before: BreakerState, span: CallSpan): void {
  const after = breaker.state;
  if (after !== before) span.event(EVENT_BREAKER_TRANSITION, { from: before, to: after });
}

function timeoutError(target: CallTarget, timeoutMs: number): LensError {
  const { functionPath, kind } = target;
  if (kind === "query") {
    return new TimeoutError({
      message: `${functionPath} timed out after ${timeoutMs} ms.`,
      functionPath,
      kind,
    });
  }
  // A mutation or action that timed out may still run and commit later (DESIGN.md).
  return new MutationOutcomeUnknownError({
    message: `${kind} ${functionPath} timed out after ${timeoutMs} ms; it may still complete on the server.`,
    functionPath,
    kind,
  });
}

async function injectFault(
  rt: LensRuntime,
  decision: FaultDecision,
  target: CallTarget,
): Promise<void> {
  if (decision.delayMs > 0) await sleep(decision.delayMs, { clock: rt.clock });
  const { functionPath, kind } = target;
  const message = `[Lens fault injection] ${decision.fail} for ${functionPath}`;
  // Injected failures mirror what the real failure would look like to the app: retries and
  // breakers behave as in an outage, and a bug (a function that threw) is never retried.
  switch (decision.fail) {
    case null:
      return;
    case "bug":
      throw new ServerError({ message, functionPath, kind, preCommit: true });
    case "overloaded":
      throw new OverloadedError({ message, functionPath, kind, preCommit: true });
    case "network":
      throw new NetworkError({ message, functionPath, kind, preCommit: false });
    case "timeout":
      throw timeoutError(target, 0);
    case "offline":
      // The lens forces the online manager offline while this fault is set, which holds calls
      // before they are sent (CallExecution.attempts) or at the socket (socketGate.ts).
      return;
  }
}

async function acquireBulkhead(
  rt: LensRuntime,
  target: CallTarget,
  policy: ResolvedPolicy,
  signal: AbortSignal | undefined,
): Promise<() => void> {
  const limits = policy.bulkhead!;
  let bulkhead = rt.bulkheads.get(target.functionPath);
  if (!bulkhead) {
    bulkhead = new Bulkhead(limits);
    // Function paths are finite; the cap only guards against generated names.
    if (rt.bulkheads.size < MAX_BULKHEADS) rt.bulkheads.set(target.functionPath, bulkhead);
  }
  // An abort gives the place in the queue back at once (`lens.call`).
  const pending = bulkhead.acquire(signal);
  if (pending === null) {
    throw new RateLimitedError({
      message: `Too many concurrent calls to ${target.functionPath}: ${limits.maxConcurrent} running and ${limits.maxQueued} queued (bulkhead).`,
      functionPath: target.functionPath,
      kind: target.kind,
      preCommit: true,
    });
  }
  return pending;
}
