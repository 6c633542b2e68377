import type { CallTarget } from "../core/callTarget.js";
import { type Clock, MAX_TIMER_DELAY_MS } from "../core/clock.js";
import {
  CircuitOpenError,
  classifyError,
  ErrorCode,
  LensError,
  type LensErrorClass,
  MutationOutcomeUnknownError,
  NetworkError,
  OverloadedError,
  RateLimitedError,
  ServerError,
  TimeoutError,
} from "../errors/index.js";
import type { BreakerPermit, CircuitBreaker } from "../resilience/breaker.js";
import { Bulkhead } from "../resilience/bulkhead.js";
import { mayRetry } from "../resilience/convexSemantics.js";
import type { Deadline } from "../resilience/deadlineWheel.js";
import type { FaultDecision, InjectedFailure } from "../resilience/faultInjector.js";
import {
  defaultRetryOptions,
  type RetryHooks,
  type RetryOptions,
  recordRetryingCall,
  retry,
  retryAfter,
  sleep,
} from "../resilience/retry.js";
import type { RetryBudget } from "../resilience/retryBudget.js";
import { ATTR_CONVEX_BREAKER_STATE, EVENT_WAIT_ONLINE } from "../telemetry/semconv.js";
import { settlePermit } from "./breakerCounting.js";
import { runFallback } from "./breakerFallback.js";
import { failsFastWhenOpen } from "./breakerRefusal.js";
import type { CallOptions } from "./callOptions.js";
import { takeCallOptions } from "./callScope.js";
import type { CallSite } from "./callSite.js";
import { CallTrace } from "./callTrace.js";
import type { ConnectedClock } from "./connectedClock.js";
import type { InflightCall, InflightWait } from "./inflightCalls.js";
import type { LensRuntime } from "./lensRuntime.js";
import type { ServerLogSink } from "./serverLogRouter.js";

const MAX_BULKHEADS = 1_000;
// One attempt, raced against a call's signal: the retry loop without retries.
const NO_RETRY: RetryOptions = { ...defaultRetryOptions, maxAttempts: 1, budget: false };

/**
 * The path of one call (DESIGN.md): a logical span around breaker admission, bulkhead, fault
 * injection, timeout and retries with backoff; every failure classified; one record per call for
 * metrics and the panel. Telemetry failures are swallowed; the app sees its result or a LensError.
 * Options given through `lens.call` (signal, timeout, idempotency) apply to this call only.
 * `socket` is the connected-time clock of a WebSocket client's socket: the time an attempt waits
 * for it is the call's `connectMs`, not the function's latency.
 */
export function executeCall<T>(
  rt: LensRuntime,
  target: CallSite,
  args: unknown,
  send: (sink: ServerLogSink) => Promise<T>,
  socket?: ConnectedClock,
): Promise<T> {
  return new CallExecution(rt, target, args, send, takeCallOptions(), socket).start();
}

/**
 * The state of one call across its attempts. A class rather than closures because it is built on
 * every call: one object serves as the attempt runner, the retry loop's hooks and the first
 * attempt's deadline.
 */
class CallExecution<T> implements RetryHooks, Deadline, InflightCall {
  private readonly rt: LensRuntime;
  readonly target: CallSite;
  private readonly args: unknown;
  readonly trace: CallTrace;
  /** Sends one attempt through the client, as this call's (its trace is the log lines' sink). */
  private readonly send: (sink: ServerLogSink) => Promise<T>;
  /** Whether the last attempt left the client (so its failure may have reached the server). */
  private sent = false;
  private attemptStartedAt: number;
  /** Cancels this call (`lens.call`); undefined for almost every call. */
  private readonly signal: AbortSignal | undefined;
  /** What failures are classified with: the call site, plus the signal when there is one. */
  private readonly context: CallSite | (CallSite & { signal: AbortSignal });
  private readonly idempotent: boolean;
  private readonly timeoutMs: number | null;
  /** The first attempt waited for a forced offline to end, so its clocks start when it is sent. */
  private held = false;
  /** The bulkhead slot of the attempt being prepared; handed to its request once sent. */
  private slot: (() => void) | null = null;
  /** A bulkhead refused a place (RATE_LIMITED) or the wait was aborted: final, never retried. */
  private refused = false;
  /** The breaker permit of the attempt in flight; null without a breaker or when it was open. */
  private permit: BreakerPermit | null = null;
  /**
   * For a WebSocket mutation, the clock that stands still while the socket is down
   * (connectedClock.ts): time waiting out an outage is neither its timeout's nor its breaker's.
   */
  private readonly connected: Clock | null;
  /** When the attempt in flight started, on `connected` or `performance.now()`, for its breaker. */
  private t0 = 0;
  /** A WebSocket client's connected-time clock (connectedClock.ts); undefined over HTTP. */
  readonly socket: ConnectedClock | undefined;
  /** What the call waits for now, for a DevTools panel's list of calls in flight (inflightCalls.ts). */
  waiting: InflightWait = "server";
  /** The socket's downtime when the attempt in flight started: what it waits is the difference. */
  private downAtStart = 0;

  // The first attempt when nothing holds or scopes it (start): settled by callback, with one
  // promise for the whole call instead of one per layer (attempt, deadline, retry loop, call).
  /** The first attempt's deadline, on its wheel's clock (Deadline; set by the wheel). */
  at = 0;
  previousDeadline: Deadline | null = null;
  nextDeadline: Deadline | null = null;
  private firstSettled = false;
  private budget: RetryBudget | undefined;
  private resolve: (value: T | Promise<T>) => void = noop;
  private reject: (reason: unknown) => void = noop;

  constructor(
    rt: LensRuntime,
    target: CallSite,
    args: unknown,
    send: (sink: ServerLogSink) => Promise<T>,
    options: CallOptions | undefined,
    socket: ConnectedClock | undefined,
  ) {
    this.rt = rt;
    this.target = target;
    this.args = args;
    this.trace = new CallTrace(rt, target, args, false);
    // The transport is told whose request it sends (CallTrace.send passes itself), so the
    // server's log lines find this call.
    this.send = send;
    this.attemptStartedAt = this.trace.startedAt;
    const { policy, kind } = target;
    this.signal = options?.signal;
    // Any rejection with the signal's own reason is a cancellation, whatever that reason is.
    this.context = this.signal ? { ...target, signal: this.signal } : target;
    this.idempotent = options?.idempotent ?? policy.idempotent;
    this.timeoutMs = options?.timeoutMs === undefined ? policy.timeoutMs[kind] : options.timeoutMs;
    this.connected = target.deadlines === rt.deadlines ? null : target.deadlines.clock;
    this.socket = socket;
    rt.inflight?.add(this);
  }

  /**
   * Runs the call. Only a forced offline (`lens.setOnline(false)`, simulated offline) holds the
   * first attempt, until it ends or the wait's deadline passes (OFFLINE); the browser's `offline`
   * event pauses retries only, since the raw client would send the call and, over a WebSocket,
   * queue it itself. A WebSocket client with a gate on its socket is held there instead, like a
   * dropped connection (socketGate.ts): the call reaches the client at once, so its optimistic
   * update applies at once and the client queues it.
   */
  start(): Promise<T> {
    const rt = this.rt;
    const target = this.target;
    const held = rt.online.holdsCalls() && target.socketGate?.installed !== true;
    if (!held && this.signal === undefined && target.bulkhead === null && !rt.faults.active) {
      return new Promise<T>(this.first);
    }
    return this.ended(held ? this.heldAttempts() : this.attemptAll());
  }

  /** The call's outcome once its attempts settle: ended as succeeded or failed. */
  private ended(attempts: Promise<T>): Promise<T> {
    return attempts.then(
      (value) => this.succeeded(value),
      (raw: unknown) => this.failed(raw),
    );
  }

  private heldAttempts(): Promise<T> {
    this.held = true;
    this.waiting = "offline";
    this.trace.span.event(EVENT_WAIT_ONLINE);
    return this.rt.online.waitForRelease(this.signal).then(() => this.attemptAll());
  }

  private attemptAll(): Promise<T> {
    const retryOptions = this.target.policy.retry;
    const run = (attempt: number) => this.run(attempt);
    return retryOptions
      ? retry(run, retryOptions, this, { clock: this.rt.clock, signal: this.signal })
      : this.signal
        ? retry(run, NO_RETRY, this, { signal: this.signal })
        : this.run(1);
  }

  /**
   * The first attempt of a call that no signal, bulkhead, fault or forced offline touches: sent
   * at once, its deadline on the wheel, its outcome taken by two callbacks; a failure that may be
   * retried goes on to the retry loop from attempt 2 (retryAfter). Bound: a promise executor.
   */
  private readonly first = (
    resolve: (value: T | Promise<T>) => void,
    reject: (reason: unknown) => void,
  ): void => {
    this.resolve = resolve;
    this.reject = reject;
    const retryOptions = this.target.policy.retry;
    if (retryOptions) this.budget = recordRetryingCall(retryOptions);
    let pending: Promise<T>;
    try {
      this.admit(1);
      pending = this.trace.send(1, this.send);
    } catch (raw) {
      // A refusal (breaker open) has ended its attempt already; a throwing send has not.
      this.firstSettled = true;
      this.afterFirst(this.sent ? this.attemptFailed(1, raw) : classifyError(raw, this.context));
      return;
    }
    const timeoutMs = this.timeoutMs;
    // As DeadlineWheel.race: no finite deadline within what timers support means none. Placed by
    // the wheel's next tick, so the call reads no clock for it.
    if (timeoutMs !== null && timeoutMs <= MAX_TIMER_DELAY_MS) {
      this.target.deadlines.addAfter(this, Math.max(0, timeoutMs));
    }
    pending.then(this.firstSucceeded, this.firstFailed);
  };

  /** The first attempt's deadline passed before its request settled (Deadline). */
  expire(): void {
    const timeoutMs = this.timeoutMs ?? 0;
    this.firstFailed(timeoutError(this.target, timeoutMs));
  }

  private readonly firstSucceeded = (value: T): void => {
    if (this.firstSettled) return;
    this.firstSettled = true;
    this.target.deadlines.remove(this);
    try {
      this.settleAttempt(1, null);
      this.resolve(this.succeeded(value));
    } catch (error) {
      this.reject(error);
    }
  };

  // A late outcome after the deadline is ignored, as DeadlineWheel.race ignores it.
  private readonly firstFailed = (raw: unknown): void => {
    if (this.firstSettled) return;
    this.firstSettled = true;
    this.target.deadlines.remove(this);
    this.afterFirst(this.attemptFailed(1, raw));
  };

  /** The call after its first attempt failed with `error`: retried when allowed, else ended. */
  private afterFirst(error: LensError): void {
    const retryOptions = this.target.policy.retry;
    if (retryOptions && retryOptions.maxAttempts > 1) {
      const run = (attempt: number) => this.run(attempt);
      const clock = { clock: this.rt.clock };
      this.resolve(this.ended(retryAfter(error, run, retryOptions, this, clock, this.budget)));
      return;
    }
    try {
      this.resolve(this.failed(error));
    } catch (failure) {
      this.reject(failure);
    }
  }

  /** Ends a call that succeeded. */
  private succeeded(value: T): T {
    this.rt.inflight?.delete(this);
    this.trace.result(value);
    this.trace.finish(null);
    return value;
  }

  /**
   * Ends a call that failed with its classified error. A call its open breaker refused gets the
   * function's fallback when the policy has one.
   */
  private failed(raw: unknown): Promise<T> {
    this.rt.inflight?.delete(this);
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
  }

  /**
   * Runs attempt `attempt` (from 1). With a bulkhead, each attempt takes a slot and its request
   * holds it until it settles, even past its timeout, so `maxConcurrent` is never exceeded on the
   * wire; backoff sleeps hold no slot.
   */
  private run(attempt: number): Promise<T> {
    return this.target.bulkhead === null ? this.attempt(attempt) : this.attemptInSlot(attempt);
  }

  private async attemptInSlot(attempt: number): Promise<T> {
    this.waiting = "bulkhead";
    try {
      // An abort gives the place in the queue back at once (`lens.call`).
      this.slot = await acquireBulkhead(this.rt, this.target, this.signal);
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
  private async attempt(attempt: number): Promise<T> {
    this.admit(attempt);
    // The deadline race below starts from the attempt's wall time, read now if the call's was not.
    if (Number.isNaN(this.attemptStartedAt)) this.attemptStartedAt = Date.now();
    const rt = this.rt;
    const target = this.target;
    const trace = this.trace;
    try {
      if (rt.faults.active) {
        const decision = rt.faults.decide(target.functionPath);
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
              // `attemptStartedAt` is wall time: right for the shared wheel, not for a paused one.
              target.deadlines === rt.deadlines ? this.attemptStartedAt : undefined,
            );
      this.settleAttempt(attempt, null);
      return value;
    } catch (raw) {
      throw this.attemptFailed(attempt, raw);
    }
  }

  /**
   * Admits attempt `attempt`: starts its clocks and takes its breaker permit. Throws the
   * CircuitOpenError of a breaker that refuses it, that attempt already ended. From its return on
   * the call counts as sent: injected faults mirror real failures, retries included.
   */
  private admit(attempt: number): void {
    const target = this.target;
    const trace = this.trace;
    const { functionPath, kind, breaker } = target;
    trace.attempts = attempt;
    this.sent = false;
    const first = attempt === 1;
    // Time queued for a bulkhead slot or held offline is not the attempt's: its deadline and
    // slow-call clock start when it is sent.
    const fresh = !first || this.held || target.bulkhead !== null;
    let startedAt = fresh ? Date.now() : trace.startedAt;
    const socket = this.socket;
    if (socket) {
      this.downAtStart = socket.downtime();
      // Should the socket be down during the attempt, a recording span is given the function's
      // time without that wait, so the attempt's start is read even when no listener wants it.
      if (Number.isNaN(startedAt) && !trace.span.inert) startedAt = Date.now();
    }
    this.attemptStartedAt = startedAt;
    const permit = breaker ? breaker.admit() : null;
    this.permit = permit;
    if (breaker && permit === null) {
      trace.span.set(ATTR_CONVEX_BREAKER_STATE, "open");
      // A write its open breaker does not refuse goes out as the raw client would send it, uncounted.
      if (failsFastWhenOpen(target.policy, kind)) {
        const error = new CircuitOpenError({
          message: `Circuit breaker "${breaker.scope}" is open; ${functionPath} was not sent.`,
          functionPath,
          kind,
          preCommit: true,
        });
        trace.endAttempt(attempt, startedAt, error, !first);
        // The function never ran: nothing timed it.
        trace.functionMs = null;
        throw error;
      }
    }
    const connected = this.connected;
    // A breaker that does not time calls is told no duration: no clock is read for it.
    this.t0 = connected ? connected.now() : permit && breaker?.timesCalls ? performance.now() : 0;
    this.sent = true;
    this.waiting = "server";
  }

  /** Ends attempt `attempt`, which failed with `raw`: returns its classified error. */
  private attemptFailed(attempt: number, raw: unknown): LensError {
    const error = classifyError(raw, this.context);
    this.settleAttempt(attempt, error);
    return error;
  }

  /** Ends attempt `attempt`, failed with `error` or not: its breaker's verdict and its CLIENT span. */
  private settleAttempt(attempt: number, error: LensError | null): void {
    const { breaker, policy } = this.target;
    const permit = this.permit;
    // Over a WebSocket, the time the socket was down during the attempt: 0, with no clock read,
    // when it stayed connected.
    const socket = this.socket;
    const waitedMs = socket ? socket.downtime() - this.downAtStart : 0;
    if (breaker && permit) {
      // An outage's wait says nothing of the backend: counted as slow, or as a failure when the
      // attempt timed out during it, it would open the breaker and refuse the calls that follow
      // the reconnect, which the raw client would send. (A mutation's clock already stood still.)
      const waited = waitedMs > 0 && !this.connected;
      if (waited && error?.code === ErrorCode.TIMEOUT) breaker.release(permit);
      else {
        const elapsed = this.elapsed(breaker);
        const endedAt = this.endedAt(breaker, elapsed);
        const timed = waited ? Math.max(0, elapsed - waitedMs) : elapsed;
        settlePermit(breaker, permit, error, policy, timed, endedAt, this.trace.span);
      }
    }
    this.trace.endAttempt(attempt, this.attemptStartedAt, error, attempt !== 1, waitedMs);
  }

  /** How long the attempt in flight has run, for its breaker; 0 when the breaker times nothing. */
  private elapsed(breaker: CircuitBreaker): number {
    const connected = this.connected;
    if (connected) return connected.now() - this.t0;
    return breaker.timesCalls ? performance.now() - this.t0 : 0;
  }

  /**
   * The wall time the attempt ended, for its breaker's window, when known without a read; else
   * (undefined) the breaker reads its clock. The window counts in buckets of seconds, so an
   * untimed breaker is given the later of the attempt's start and the deadline wheel's recent
   * time (at most about 50 ms old while a deadline is armed, DeadlineWheel.recentNow).
   */
  private endedAt(breaker: CircuitBreaker, elapsed: number): number | undefined {
    if (this.connected) return undefined;
    // NaN when the call read no clock at its start (CallTrace.startedAt); NaN compares false.
    const start = this.attemptStartedAt;
    if (breaker.timesCalls) return Number.isNaN(start) ? undefined : start + elapsed;
    const recent = this.rt.deadlines.recentNow();
    return recent !== undefined && start > recent ? start : recent;
  }

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
    // Only a LensError gets here: shouldRetry lets nothing else through.
    const lensError = error as LensError;
    if (attempt === 1) this.trace.attemptEnded(1, this.attemptStartedAt, lensError);
    this.trace.retrying(attempt, lensError, delayMs);
    this.waiting = "backoff";
  }

  isOnline(): boolean {
    return this.rt.online.isOnline();
  }

  waitForOnline(signal?: AbortSignal): Promise<void> {
    this.waiting = "offline";
    this.trace.span.event(EVENT_WAIT_ONLINE);
    return this.rt.online.waitForOnline(signal);
  }
}

function noop(): void {}

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

// What an injected failure throws: what the real one would look like to the app, so retries and
// breakers behave as in an outage, and a bug (a function that threw) is never retried. Only a
// network failure may have reached the server.
const INJECTED: Record<Exclude<InjectedFailure, "timeout">, LensErrorClass> = {
  bug: ServerError,
  overloaded: OverloadedError,
  network: NetworkError,
};

async function injectFault(
  rt: LensRuntime,
  decision: FaultDecision,
  target: CallTarget,
): Promise<void> {
  if (decision.delayMs > 0) await sleep(decision.delayMs, { clock: rt.clock });
  const { fail } = decision;
  // "offline": the lens forces the online manager offline while this fault is set, which holds
  // calls before they are sent (CallExecution.start) or at the socket (socketGate.ts).
  if (fail === null || fail === "offline") return;
  if (fail === "timeout") throw timeoutError(target, 0);
  const { functionPath, kind } = target;
  throw new INJECTED[fail]({
    message: `[Lens fault injection] ${fail} for ${functionPath}`,
    functionPath,
    kind,
    preCommit: fail !== "network",
  });
}

function forgetAnIdleBulkhead(bulkheads: Map<string, Bulkhead>): void {
  for (const [path, bulkhead] of bulkheads) {
    const { active, queued } = bulkhead.snapshot();
    if (active === 0 && queued === 0) {
      bulkheads.delete(path);
      return;
    }
  }
}

async function acquireBulkhead(
  rt: LensRuntime,
  target: CallSite,
  signal: AbortSignal | undefined,
): Promise<() => void> {
  const limits = target.bulkhead!;
  let bulkhead = rt.bulkheads.get(target.functionPath);
  if (!bulkhead) {
    bulkhead = new Bulkhead(limits);
    // Function paths are finite; the cap only guards against generated names. At the cap an idle
    // bulkhead (nothing running or queued: no state to lose) makes room, so every function keeps
    // its limit; only were all of them busy would this one run unbounded.
    if (rt.bulkheads.size >= MAX_BULKHEADS) forgetAnIdleBulkhead(rt.bulkheads);
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
