import type { BreakerTransition } from "../core/breakerSnapshot.js";
import type { CallRecord } from "../telemetry/callRecord.js";
import type { Redactor } from "../telemetry/redact.js";
import type { DevtoolsHealthReport, DevtoolsHost } from "./devtoolsHost.js";
import type { WireItem } from "./protocol.js";
import type { ReadableSpanLike } from "./spanProcessor.js";
import {
  toWireCall,
  toWireFaultConfig,
  toWireHealth,
  toWireSpan,
  toWireTransition,
} from "./wireSerializer.js";

// Kinds of the bridge's history entries, kept in EventHistory's typed array. A dormant bridge keeps
// each event by reference under its kind; it becomes a protocol item only when a panel wants it.
/** A finished call (its capped copy, ringEntry.ts). */
export const CALL = 1;
/** A finished span of the app's own (its capped copy). */
export const SPAN = 2;
/** A breaker's transition. */
export const BREAKER = 3;
/** A change of the health status ({@link HealthChange}). */
export const HEALTH = 4;
/** A change of the network or the socket ({@link ConnectionChange}). */
export const CONNECTION = 5;
/** A change of the fault configuration ({@link FaultsChange}). */
export const FAULTS = 6;
/** An event already made into its capped, redacted protocol item when it was recorded. */
export const SERIALISED = 7;
/** What the history counts for a breaker, health, connection or fault change (small, bounded objects). */
export const STATE_EVENT_BYTES = 1_024;

/** A health status change, as the bridge keeps it. */
export interface HealthChange {
  readonly report: DevtoolsHealthReport;
  readonly previous: DevtoolsHealthReport | undefined;
}

/** The network or the socket changed, as the bridge keeps it. */
export interface ConnectionChange {
  readonly at: number;
  readonly online: boolean;
  readonly connected: boolean;
}

/** The fault configuration changed, as the bridge keeps it. */
export interface FaultsChange {
  readonly at: number;
  readonly config: ReturnType<DevtoolsHost["faults"]>;
}

/**
 * The protocol item for the history's entry `seq` of `kind`, or null for an unknown kind. Throws
 * what the serialiser throws; the bridge counts it and leaves the item out.
 */
export function toWireHistoryItem(
  kind: number,
  item: unknown,
  seq: number,
  redactor: Redactor,
): WireItem | null {
  switch (kind) {
    case SERIALISED:
      return item as WireItem;
    case CALL:
      return toWireCall(item as CallRecord, seq, redactor);
    case SPAN:
      return toWireSpan(item as ReadableSpanLike, seq, redactor);
    case BREAKER:
      return toWireTransition(item as BreakerTransition, seq);
    case HEALTH: {
      const change = item as HealthChange;
      return toWireHealth(change.report, seq, change.previous);
    }
    case CONNECTION:
      return { type: "connection", seq, ...(item as ConnectionChange) };
    case FAULTS: {
      const change = item as FaultsChange;
      return { type: "faults", seq, at: change.at, config: toWireFaultConfig(change.config) };
    }
    default:
      return null;
  }
}
