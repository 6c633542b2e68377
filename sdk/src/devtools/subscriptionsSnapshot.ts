import { truncate } from "../errors/safeText.js";
import type { Redactor } from "../telemetry/redact.js";
import type { DevtoolsSubscription } from "./devtoolsHost.js";
import {
  PROTOCOL_LIMITS,
  type WirePausedBy,
  type WireSubscription,
  type WireSubscriptionEvent,
  type WireSubscriptions,
} from "./protocol.js";
import { estimateBytes } from "./ringEntry.js";

/**
 * Bytes one snapshot may take, by the history's estimate (two per character): about a million
 * characters, a quarter of what the extension's validator reads in one message, and room for
 * 2,000 ordinary subscriptions.
 */
export const SUBSCRIPTIONS_SNAPSHOT_BYTES = 2_000_000;
// A preview or log line longer than this is cut: the view shows a preview, not the data.
const MAX_PREVIEW = 1_024;
const MAX_LOG_LINE = 512;

/**
 * A cheap fingerprint of the subscriptions: it changes whenever what the view shows does (a new
 * or closed subscription, a state, an update, a log line, a failure, why they are paused), so the
 * bridge serialises and sends a snapshot only then.
 */
export function subscriptionsFingerprint(
  subscriptions: readonly DevtoolsSubscription[],
  pausedBy: WirePausedBy | null,
): string {
  let out = pausedBy ?? "";
  for (const s of subscriptions) {
    const last = s.history?.[s.history.length - 1];
    out += `|${s.id ?? s.functionPath}:${s.state}:${s.listeners}:${s.updates}:${s.lastUpdateAt}:${s.recentLogs.length}:${s.recentLogs[s.recentLogs.length - 1]?.length}:${s.error?.code}:${last?.at}:${last?.event}:${s.firstResult?.at}`;
  }
  return out;
}

/**
 * The page's subscriptions as one protocol item: at most `maxSubscriptions` and about
 * {@link SUBSCRIPTIONS_SNAPSHOT_BYTES}, the first opened first, `total` saying how many there
 * were. Text is redacted again through the lens's redactor and cut; offline or with the socket
 * down (`pausedBy` not null), a subscription that is not failing is shown paused, and why.
 */
export function toWireSubscriptions(
  subscriptions: readonly DevtoolsSubscription[],
  at: number,
  pausedBy: WirePausedBy | null,
  redactor: Redactor,
): WireSubscriptions {
  const out: WireSubscription[] = [];
  let bytes = 0;
  for (const [index, subscription] of subscriptions.entries()) {
    if (out.length >= PROTOCOL_LIMITS.maxSubscriptions) break;
    const wire = toWireSubscription(subscription, index, pausedBy, redactor);
    bytes += estimateBytes(wire);
    if (bytes > SUBSCRIPTIONS_SNAPSHOT_BYTES) break;
    out.push(wire);
  }
  return { type: "subscriptions", at, total: subscriptions.length, subscriptions: out };
}

function toWireSubscription(
  s: DevtoolsSubscription,
  index: number,
  pausedBy: WirePausedBy | null,
  redactor: Redactor,
): WireSubscription {
  const max = PROTOCOL_LIMITS.maxSubscriptionEvents;
  const state = s.state ?? (s.error ? "error" : "live");
  const out: WireSubscription = {
    id: String(s.id ?? `i${index}`).slice(0, PROTOCOL_LIMITS.maxIdLength),
    functionPath: String(s.functionPath).slice(0, PROTOCOL_LIMITS.maxIdLength),
    state: pausedBy !== null && state !== "error" ? "paused" : state,
    subscribedAt: nonNegative(s.subscribedAt),
    listeners: count(s.listeners),
    updates: count(s.updates),
    logs: s.recentLogs
      .slice(-max)
      .map((line) => truncate(redactor.text(String(line)), MAX_LOG_LINE)),
    history: (s.history ?? []).slice(-max).map(toWireEvent),
  };
  if (out.state === "paused" && pausedBy !== null) out.pausedBy = pausedBy;
  if (s.args !== undefined) out.args = truncate(redactor.text(String(s.args)), MAX_PREVIEW);
  if (s.result !== undefined) out.result = truncate(redactor.text(String(s.result)), MAX_PREVIEW);
  if (s.firstResult) {
    out.firstResult = {
      at: nonNegative(s.firstResult.at),
      connectMs: nonNegative(s.firstResult.connectMs),
      functionMs: nonNegative(s.firstResult.functionMs),
    };
  }
  if (s.lastUpdateAt !== undefined) out.lastUpdateAt = nonNegative(s.lastUpdateAt);
  if (s.error) {
    out.error = {
      code: String(s.error.code).slice(0, PROTOCOL_LIMITS.maxIdLength) || "UNKNOWN",
      message: truncate(redactor.text(String(s.error.message)), PROTOCOL_LIMITS.maxTextLength),
    };
  }
  if (s.page) out.page = { numItems: count(s.page.numItems), first: s.page.first === true };
  return out;
}

function toWireEvent(event: NonNullable<DevtoolsSubscription["history"]>[number]) {
  const out: WireSubscriptionEvent = { at: nonNegative(event.at), event: event.event };
  if (event.code !== undefined) out.code = String(event.code).slice(0, PROTOCOL_LIMITS.maxIdLength);
  return out;
}

function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function count(value: number): number {
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}
