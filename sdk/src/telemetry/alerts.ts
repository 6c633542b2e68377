import type { Attributes } from "@opentelemetry/api";
import type { FunctionKind } from "../core/callTarget.js";
import { type Clock, systemClock } from "../core/clock.js";
import { ListenerSet } from "../core/listenerSet.js";
import type { ErrorCode } from "../errors/index.js";
import { truncate } from "../errors/safeText.js";
import type { CallRecord } from "./callRecord.js";
import { Diagnostics } from "./diagnostics.js";
import { createRedactor, type Redactor } from "./redact.js";
import { safeExecute } from "./safeExecute.js";
import {
  ATTR_AUDIT_TYPE,
  ATTR_ERROR_TYPE,
  ATTR_RPC_METHOD,
  EVENT_SECURITY_AUDIT,
} from "./semconv.js";

/** Why an alert fired. An auth failure of a critical function reports the auth reason. */
export type AlertReason = "unauthenticated" | "forbidden" | "critical_function";

/** A failure someone should hear about now, delivered to `onAlert` listeners. */
export interface Alert {
  readonly reason: AlertReason;
  readonly code: ErrorCode;
  readonly functionPath: string;
  readonly kind: FunctionKind;
  /** The developer message of the error, redacted and capped at 500 characters. */
  readonly message: string;
  /** Whether the function is marked critical. */
  readonly critical: boolean;
  readonly traceId: string;
  readonly spanId: string;
  /** Clock time (epoch ms with the real clock). */
  readonly at: number;
}

/** What a security audit event records. */
export type AuditEventType = "auth.unauthenticated" | "auth.forbidden";

/** One security audit event: an auth failure, kept in `lens.auditLog()` and added to its span. */
export interface AuditEvent {
  readonly type: AuditEventType;
  readonly code: ErrorCode;
  readonly functionPath: string;
  readonly kind: FunctionKind;
  readonly message: string;
  /** The Convex request id, to find the call in the deployment's logs, when the error had one. */
  readonly requestId?: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly at: number;
}

/** The fields of a {@link CallRecord} alerts read. */
export type AlertCall = Pick<CallRecord, "functionPath" | "kind" | "error" | "traceId" | "spanId">;

/** Options of {@link AlertCenter}. */
export interface AlertCenterOptions {
  /**
   * What every message kept or delivered goes through: the lens's one redactor. Default: one with
   * the built-in rules.
   */
  redactor?: Redactor;
  /** Whether a function path is marked `critical` (the lens's per-function policy). */
  isCritical?: (functionPath: string) => boolean;
  /** Audit events kept, oldest dropped first (default 200). */
  auditCapacity?: number;
  clock?: Clock;
  /** Where a throwing `onAlert` listener or `isCritical` is counted. */
  diagnostics?: Diagnostics;
}

// The message kept: 500 characters and the "…" that marks a cut.
const MAX_MESSAGE = 501;

/** The audit event type of a taxonomy code, or `null` when the code is not a security event. */
export function auditEventType(code: string): AuditEventType | null {
  if (code === "UNAUTHENTICATED") return "auth.unauthenticated";
  if (code === "FORBIDDEN") return "auth.forbidden";
  return null;
}

/**
 * The attributes of the span event to add for an auth failure (name {@link EVENT_SECURITY_AUDIT}),
 * or `null` when `code` is not one. Kept free of the message: it may name the user.
 */
export function auditSpanAttributes(code: string, functionPath: string): Attributes | null {
  const type = auditEventType(code);
  if (type === null) return null;
  return { [ATTR_AUDIT_TYPE]: type, [ATTR_ERROR_TYPE]: code, [ATTR_RPC_METHOD]: functionPath };
}

/**
 * Turns finished calls into alerts and security audit events. `onAlert` fires for every
 * UNAUTHENTICATED or FORBIDDEN failure and for every failure of a critical function; auth failures
 * also go into a bounded audit log. Meant as a `rt.onCall` listener; successes cost one check.
 */
export class AlertCenter {
  private readonly listeners: ListenerSet<(alert: Alert) => void>;
  /** Oldest first; auth failures are rare, so dropping the oldest with `shift` is cheap enough. */
  private readonly audit: AuditEvent[] = [];
  private readonly capacity: number;
  private dropped = 0;
  private readonly clock: Clock;
  private readonly diagnostics: Diagnostics;
  private readonly isCritical: (functionPath: string) => boolean;
  private readonly redactor: Redactor;

  constructor(options: AlertCenterOptions = {}) {
    this.capacity = options.auditCapacity ?? 200;
    this.clock = options.clock ?? systemClock;
    this.diagnostics = options.diagnostics ?? new Diagnostics();
    this.listeners = new ListenerSet(this.diagnostics);
    this.isCritical = options.isCritical ?? (() => false);
    this.redactor = options.redactor ?? createRedactor();
  }

  /** Looks at one finished call; raises its alert and audit event, if any. */
  record(call: AlertCall): void {
    const error = call.error;
    if (error === null) return;
    const code = error.code;
    const audit = auditEventType(code);
    const critical = safeExecute(
      this.diagnostics,
      "hook",
      () => this.isCritical(call.functionPath) === true,
      false,
    );
    if (audit === null && !critical) return;
    // What an audit event and an alert both say.
    const base = {
      code,
      functionPath: call.functionPath,
      kind: call.kind,
      // Listeners forward alerts to monitoring: a token in an auth error must not go with them.
      message: truncate(this.redactor.errorMessage(error), MAX_MESSAGE),
      traceId: call.traceId,
      spanId: call.spanId,
      at: this.clock.now(),
    };
    if (audit !== null) {
      const { requestId } = error;
      this.audit.push({
        type: audit,
        ...base,
        ...(typeof requestId === "string" ? { requestId } : {}),
      });
      if (this.audit.length > this.capacity) {
        this.audit.shift();
        this.dropped++;
      }
    }
    if (this.listeners.size === 0) return;
    this.listeners.notify({
      // "auth.unauthenticated" → "unauthenticated", "auth.forbidden" → "forbidden"
      reason: audit === null ? "critical_function" : (audit.slice(5) as AlertReason),
      ...base,
      critical,
    });
  }

  /** Calls `listener` with each alert; a throwing listener is counted, never propagated. */
  onAlert(listener: (alert: Alert) => void): () => void {
    return this.listeners.add(listener);
  }

  /** The audit events kept, oldest first (at most `auditCapacity`). */
  auditLog(): AuditEvent[] {
    return this.audit.slice();
  }

  /** Audit events dropped because the log was full: non-zero means history was lost. */
  get auditDropped(): number {
    return this.dropped;
  }

  /** Empties the audit log. */
  clearAuditLog(): void {
    this.audit.length = 0;
    this.dropped = 0;
  }
}
