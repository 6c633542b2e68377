import type { WireAttempt, WireAttributes, WireEvent } from "@convex-lens/sdk/devtools-protocol";
import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { argumentsLabel, resultLabel } from "../argumentsLabel";
import { ERROR_DATA_OPTION, errorDataLeftOut } from "../errorDataHint";
import { formatClock, formatDuration } from "../format";
import { waitBeforeAttempt } from "../retryWait";
import { functionExecutionMs } from "../serverSpanTree";
import type { CallEntry } from "../store/callEntry";
import { traceIdText } from "../traceIdText";
import { visibleText } from "../visibleText";
import { ServerSpanRows } from "./ServerSpanRows";
import { WaterfallBar } from "./WaterfallBar";

/** Copies text; falls back to a hidden textarea where the Clipboard API is blocked (DevTools). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

/** The call as JSON, without the panel's own bookkeeping fields. */
export function callAsJson(call: CallEntry): string {
  const {
    id: _id,
    haystack: _haystack,
    status: _status,
    code: _code,
    endedAt: _endedAt,
    ...rest
  } = call;
  return JSON.stringify(rest, null, 2);
}

function Attributes(props: { attributes: WireAttributes | undefined }) {
  const entries = props.attributes
    ? Object.keys(props.attributes).map((k) => [k, props.attributes?.[k]] as const)
    : [];
  if (entries.length === 0) return null;
  return (
    <dl class="kv">
      {entries.map(([key, value]) => (
        <Fragment key={key}>
          <dt>{key}</dt>
          <dd>{Array.isArray(value) ? JSON.stringify(value) : String(value)}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

// Known events get a sentence; the rest show their name and attribute table.
const DESCRIBED_EVENTS = new Set(["convex.log", "convex.retry", "convex.breaker.transition"]);

function eventLabel(event: WireEvent, attempts: readonly WireAttempt[]): string {
  const a = event.attributes ?? {};
  if (event.name === "convex.log") {
    const level = typeof a.level === "string" ? a.level : "log";
    const text = typeof a.text === "string" ? a.text : "";
    return `[${level.toUpperCase()}] ${text}`;
  }
  if (event.name === "convex.retry") {
    const attempt = a["convex.retry.attempt"];
    const code = a["error.type"];
    const planned = a["convex.retry.delay_ms"];
    // The measured gap before the next attempt, as the attempts table shows it; the planned
    // backoff only when the call never reached that attempt.
    const measured = typeof attempt === "number" ? waitBeforeAttempt(attempts, attempt + 1) : null;
    const delay = measured ?? (typeof planned === "number" ? planned : null);
    return [
      `retry: attempt ${attempt === undefined ? "?" : String(attempt)} failed`,
      code === undefined ? "" : ` with ${String(code)}`,
      delay === null ? "" : `, waiting ${formatDuration(delay)}`,
    ].join("");
  }
  if (event.name === "convex.breaker.transition") {
    return `breaker ${String(a.from ?? "?")} → ${String(a.to ?? "?")} (${String(a.reason ?? "")})`;
  }
  return event.name;
}

/**
 * Everything about one call: its attributes, every attempt with its error, its events (retries,
 * breaker transitions, server log lines inline), the redacted previews, and for a failure its
 * code, user message, developer message and request id. All of it is rendered as text.
 */
export function CallDetail(props: {
  call: CallEntry;
  /** The filters now hide the call: the detail says so rather than show a call the list lacks. */
  hiddenByFilters?: boolean;
  onClose: () => void;
}) {
  const { call } = props;
  const [copied, setCopied] = useState<string | null>(null);
  const error = call.error;
  const end = call.startedAt + call.durationMs;
  return (
    <aside class="detail" aria-label="Call detail" data-testid="call-detail">
      <div style={{ display: "flex", gap: "6px", alignItems: "center" }}>
        <h2 style={{ flex: 1 }}>{visibleText(call.name)}</h2>
        <button
          type="button"
          onClick={async () =>
            setCopied((await copyText(callAsJson(call))) ? "Copied" : "Copy failed")
          }
        >
          Copy as JSON
        </button>
        <button type="button" onClick={props.onClose} aria-label="Close detail">
          ✕
        </button>
      </div>
      {copied && <div role="status">{copied}</div>}
      {props.hiddenByFilters && (
        <div class="notice" data-testid="detail-filtered-out">
          The filters hide this call: it is not in the list.
        </div>
      )}
      <dl class="kv">
        <dt>Function</dt>
        <dd>{visibleText(call.functionPath)}</dd>
        <dt>Kind</dt>
        <dd>
          {call.kind}
          {call.subscription
            ? call.afterFirstResult
              ? " (subscription, after its first result)"
              : " (subscription)"
            : ""}
        </dd>
        <dt>Status</dt>
        <dd class={error ? "status-error" : "status-ok"}>
          {error ? visibleText(error.code) : "ok"}
        </dd>
        <dt>Duration</dt>
        <dd>{formatDuration(call.durationMs)}</dd>
        {call.connectMs !== undefined && call.connectMs > 0 && (
          <>
            <dt>Connection</dt>
            <dd>
              {formatDuration(call.connectMs)} waiting for the WebSocket; function{" "}
              {typeof call.functionMs === "number" ? formatDuration(call.functionMs) : "–"}
              {/* The SDK splits only the attempt that answered (sdk/src/telemetry/callRecord.ts). */}
              {call.attemptDetails.length > 0 && " (last attempt)"}
            </dd>
          </>
        )}
        {call.recovered && (
          <>
            <dt>Recovered</dt>
            <dd data-testid="recovered">failed, then a retry or a breaker probe masked it</dd>
          </>
        )}
        <dt>Attempts</dt>
        <dd>{call.attempts}</dd>
        <dt>Started</dt>
        <dd>{formatClock(call.startedAt)}</dd>
        <dt>Transport</dt>
        <dd>{call.transport}</dd>
        <dt>Server</dt>
        <dd>{visibleText(call.serverAddress)}</dd>
        <dt>Trace id</dt>
        <dd>{traceIdText(call.traceId)}</dd>
        <dt>Span id</dt>
        <dd>{traceIdText(call.spanId)}</dd>
        {call.faultInjected && (
          <>
            <dt>Faults</dt>
            <dd>shaped by the SDK's fault injection</dd>
          </>
        )}
      </dl>
      {error && (
        <>
          <h3>Error</h3>
          <dl class="kv" data-testid="call-error">
            <dt>Code</dt>
            <dd>{visibleText(error.code)}</dd>
            {error.appCode && (
              <>
                <dt>App code</dt>
                <dd>{visibleText(error.appCode)}</dd>
              </>
            )}
            <dt>User message</dt>
            <dd>{error.userMessage}</dd>
            <dt>Developer message</dt>
            <dd>
              <pre>{error.message}</pre>
              {errorDataLeftOut(error.message) && (
                <div class="kind" data-testid="error-data-hint">
                  The error's data was left out of telemetry; <code>{ERROR_DATA_OPTION}</code> keeps
                  a redacted preview.
                </div>
              )}
            </dd>
            <dt>Request id</dt>
            <dd>{error.requestId === undefined ? "–" : visibleText(error.requestId)}</dd>
            {/* Shown only when a server sent the status: otherwise the SDK's httpStatus is the
                code's catalog value (sdk/src/errors/errorCatalog.ts), which read as a server's
                answer. An older page does not say; then only a call over HTTP can have had one. */}
            {(error.httpStatusFromServer ?? call.transport === "http") && (
              <>
                <dt>HTTP status</dt>
                <dd>{error.httpStatus ?? "–"}</dd>
              </>
            )}
            <dt>Retryable</dt>
            <dd>{error.retryable ? "yes" : "no"}</dd>
          </dl>
        </>
      )}
      <h3>Attempts</h3>
      <WaterfallBar
        subject={{
          startedAt: call.startedAt,
          durationMs: call.durationMs,
          attemptDetails: call.attemptDetails,
          failed: error !== null,
          connectMs: call.connectMs,
        }}
        rangeStart={call.startedAt}
        rangeEnd={end}
      />
      {call.attemptDetails.length > 0 ? (
        <table class="grid" data-testid="attempts">
          <thead>
            <tr>
              <th>#</th>
              <th>Start</th>
              <th>Duration</th>
              <th>Waited before</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {call.attemptDetails.map((attempt) => {
              const waited = waitBeforeAttempt(call.attemptDetails, attempt.attempt);
              return (
                <tr key={attempt.attempt}>
                  <td>{attempt.attempt}</td>
                  <td>+{formatDuration(attempt.startedAt - call.startedAt)}</td>
                  <td>{formatDuration(attempt.durationMs)}</td>
                  <td>{waited === null ? "–" : formatDuration(waited)}</td>
                  <td>
                    {attempt.error
                      ? `${visibleText(attempt.error.code)}: ${attempt.error.message}`
                      : "ok"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <div>One attempt.</div>
      )}
      {call.serverSpans && call.serverSpans.length > 0 && (
        <>
          <h3>Server (traced function)</h3>
          <ServerTime call={call} />
          <div data-testid="call-server-spans">
            <ServerSpanRows
              spans={call.serverSpans}
              rangeStart={call.startedAt}
              rangeEnd={end}
              indent={0}
            />
          </div>
        </>
      )}
      <h3>Events</h3>
      {call.events.length === 0 ? (
        <div>None.</div>
      ) : (
        <ol data-testid="events" style={{ paddingLeft: "18px", margin: 0 }}>
          {call.events.map((event, i) => (
            <li key={i}>
              <span class="kind">+{formatDuration(event.at - call.startedAt)} </span>
              <span>{eventLabel(event, call.attemptDetails)}</span>
              {!DESCRIBED_EVENTS.has(event.name) && <Attributes attributes={event.attributes} />}
            </li>
          ))}
        </ol>
      )}
      <ArgumentsHeading call={call} />
      {call.argsPreview !== undefined && <pre>{call.argsPreview}</pre>}
      {call.resultPreview !== undefined && (
        <>
          <h3>{resultLabel(call.resultPreview)}</h3>
          <pre>{call.resultPreview}</pre>
        </>
      )}
    </aside>
  );
}

// The option stays in a <code> that is not uppercased with the heading (panel.css), so it reads
// `capture.args` as it must be typed.
function ArgumentsHeading(props: { call: CallEntry }) {
  const label = argumentsLabel(props.call);
  return (
    <h3 data-testid="arguments-label">
      {label.heading}
      {label.option !== null && (
        <>
          {" "}
          <code>{label.option}</code>
        </>
      )}
    </h3>
  );
}

/**
 * The function's own execution time against the rest of the attempt that ran it: network,
 * queueing and the server's work around the function. Both come from the page's clock, the
 * function's from its server spans (placed inside the attempt by the SDK).
 */
function ServerTime(props: { call: CallEntry }) {
  const { call } = props;
  const functionMs = functionExecutionMs(call.serverSpans);
  if (functionMs === null) return null;
  const last = call.attemptDetails[call.attemptDetails.length - 1];
  // The wait for the WebSocket opens the attempt that answered: it is not network or queueing.
  const attemptMs = (last ? last.durationMs : call.durationMs) - (call.connectMs ?? 0);
  return (
    <dl class="kv" data-testid="server-time">
      <dt>Function</dt>
      <dd>{formatDuration(functionMs)}</dd>
      <dt>Network and queue</dt>
      <dd>{formatDuration(Math.max(0, attemptMs - functionMs))}</dd>
      <dt>Attempt</dt>
      <dd>{formatDuration(attemptMs)}</dd>
    </dl>
  );
}
