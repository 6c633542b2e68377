import type {
  WireConnection,
  WireSubscription,
  WireSubscriptions,
} from "@convex-lens/sdk/devtools-protocol";
import { useRef, useState } from "preact/hooks";
import { formatClock } from "../format";
import type { PanelStore } from "../store/panelStore";
import { firstResultText, stateLabel } from "../subscriptionTiming";
import { useClientSize } from "../useClientSize";
import { visibleText } from "../visibleText";
import { scrollToRow, windowedRows } from "../windowedRows";

/** Height of one subscription row, in pixels (as the calls list's). */
export const SUBSCRIPTION_ROW_HEIGHT = 22;
const COLUMNS = "140px minmax(120px, 2fr) minmax(80px, 1fr) minmax(120px, 1.4fr) 64px 96px";
const ARGS_OFF = "args not captured: createLens({ capture: { args: true } }) shows them";
const RESULT_OFF = "result not captured: createLens({ capture: { results: true } }) shows it";

/**
 * The Subscriptions tab: the page's live subscriptions (a Convex app is mostly subscriptions, as
 * TanStack Query's and Apollo's devtools centre on the live query set), windowed like the calls
 * list so a thousand stay smooth, and the selected one's detail, read only when selected.
 */
export function SubscriptionsView(props: { store: PanelStore }) {
  const { store } = props;
  const snapshot = store.subscriptions.latest(store.session?.sessionId ?? null);
  const selected = store.subscriptions.selected(snapshot);
  const select = (id: string | null) => {
    store.subscriptions.selectedId = id;
    store.changed();
  };
  return (
    <div class="view subscriptions">
      <SubscriptionsSummary snapshot={snapshot} />
      <div class="split">
        <SubscriptionList
          snapshot={snapshot}
          connection={store.connection}
          selectedId={selected?.id ?? null}
          onSelect={select}
        />
        {selected && (
          <SubscriptionDetail
            subscription={selected}
            connection={store.connection}
            pages={pagesOf(snapshot, selected)}
            onSelect={select}
            onClose={() => select(null)}
          />
        )}
      </div>
    </div>
  );
}

function SubscriptionsSummary(props: { snapshot: WireSubscriptions | null }) {
  const { snapshot } = props;
  if (snapshot === null) return null;
  const shown = snapshot.subscriptions.length;
  return (
    <div class="subscriptions-summary" data-testid="subscriptions-summary">
      {shown.toLocaleString()} live subscription{shown === 1 ? "" : "s"}
      {snapshot.total > shown &&
        ` (the page has ${snapshot.total.toLocaleString()}; the rest were not sent)`}
      , as of {formatClock(snapshot.at)}
    </div>
  );
}

/** The windowed list: only the rows on screen (plus a few) are in the DOM. */
function SubscriptionList(props: {
  snapshot: WireSubscriptions | null;
  /** The page's connection state, which says why a subscription is paused. */
  connection: WireConnection | null;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
}) {
  const subscriptions = props.snapshot?.subscriptions ?? [];
  const count = subscriptions.length;
  const body = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  // Until the body is measured (or where it measures 0, as in tests), assume 400 px of rows.
  const height = useClientSize(body).height || 400;

  const { first, last } = windowedRows(scrollTop, height, count, SUBSCRIPTION_ROW_HEIGHT);
  const rows = subscriptions.slice(first, last);
  const selectedIndex = subscriptions.findIndex((s) => s.id === props.selectedId);

  const onKeyDown = (event: KeyboardEvent) => {
    if (count === 0) return;
    let next: number | null = null;
    if (event.key === "ArrowDown") next = Math.min(count - 1, selectedIndex + 1);
    else if (event.key === "ArrowUp") next = Math.max(0, selectedIndex - 1);
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = count - 1;
    else if (event.key === "Escape") props.onSelect(null);
    if (next === null) return;
    event.preventDefault();
    props.onSelect(subscriptions[next]?.id ?? null);
    const element = body.current;
    if (!element) return;
    element.scrollTop = scrollToRow(
      next,
      SUBSCRIPTION_ROW_HEIGHT,
      element.scrollTop,
      element.clientHeight,
    );
    setScrollTop(element.scrollTop);
  };

  return (
    <div class="list" style={{ "--call-columns": COLUMNS }}>
      <div class="list-head" role="presentation">
        <span>State</span>
        <span>Function</span>
        <span>Args</span>
        <span>First result</span>
        <span class="num">Updates</span>
        <span>Last update</span>
      </div>
      <div
        class="list-body"
        ref={body}
        role="listbox"
        aria-label="Live subscriptions (state, function, args, first result, updates, last update)"
        aria-activedescendant={
          props.selectedId === null ? undefined : `subscription-${props.selectedId}`
        }
        tabIndex={0}
        onScroll={() => setScrollTop(body.current?.scrollTop ?? 0)}
        onKeyDown={onKeyDown}
        data-testid="subscription-list"
      >
        <div style={{ height: `${count * SUBSCRIPTION_ROW_HEIGHT}px` }} />
        {rows.map((subscription, i) => (
          <div
            key={subscription.id}
            id={`subscription-${subscription.id}`}
            class="row"
            role="option"
            tabIndex={-1}
            aria-posinset={first + i + 1}
            aria-setsize={count}
            aria-selected={subscription.id === props.selectedId}
            style={{ top: `${(first + i) * SUBSCRIPTION_ROW_HEIGHT}px` }}
            onClick={() => props.onSelect(subscription.id)}
            onKeyDown={(event) => {
              if (event.key === "Enter") props.onSelect(subscription.id);
            }}
            data-subscription-id={subscription.id}
          >
            <span class={subscription.state === "error" ? "status-error" : "status-ok"}>
              {stateLabel(subscription, props.connection)}
            </span>
            <span title={visibleText(subscription.functionPath)}>
              {visibleText(subscription.functionPath)}
              {subscription.page && (
                <span class="kind"> · {subscription.page.first ? "first page" : "page"}</span>
              )}
            </span>
            <span class={subscription.args === undefined ? "kind" : undefined}>
              {subscription.args ?? "not captured"}
            </span>
            <span>{firstResultText(subscription)}</span>
            <span class="num">{subscription.updates.toLocaleString()}</span>
            <span>
              {subscription.lastUpdateAt === undefined
                ? "–"
                : formatClock(subscription.lastUpdateAt)}
            </span>
          </div>
        ))}
        {count === 0 && (
          <div class="empty">
            No live subscriptions. They appear here while the page is subscribed to queries
            (useQuery, onUpdate, watchQuery) through an instrumented client.
          </div>
        )}
      </div>
    </div>
  );
}

/**
 * The pages of a paginated query the selected one belongs to: every page subscription of the same
 * function on the page, first page first. The SDK does not send which pages share their other
 * arguments, so two paginated lists of one function show together; the args tell them apart when
 * captured.
 */
export function pagesOf(
  snapshot: WireSubscriptions | null,
  selected: WireSubscription,
): WireSubscription[] {
  if (!selected.page || snapshot === null) return [];
  return snapshot.subscriptions
    .filter((other) => other.page && other.functionPath === selected.functionPath)
    .sort(
      (a, b) => Number(b.page?.first) - Number(a.page?.first) || a.subscribedAt - b.subscribedAt,
    );
}

/** One subscription in full: what it is, how fast it answered, what it holds, its history. */
function SubscriptionDetail(props: {
  subscription: WireSubscription;
  connection: WireConnection | null;
  pages: WireSubscription[];
  onSelect: (id: string) => void;
  onClose: () => void;
}) {
  const s = props.subscription;
  return (
    <div class="detail" data-testid="subscription-detail">
      <button type="button" class="close" aria-label="Close the detail" onClick={props.onClose}>
        ×
      </button>
      <h2>{visibleText(s.functionPath)}</h2>
      <dl class="kv">
        <dt>State</dt>
        <dd>{stateLabel(s, props.connection)}</dd>
        <dt>Args</dt>
        <dd>{s.args === undefined ? ARGS_OFF : <pre>{s.args}</pre>}</dd>
        <dt>Subscribed</dt>
        <dd>{formatClock(s.subscribedAt)}</dd>
        <dt>First result</dt>
        <dd>{firstResultText(s)}</dd>
        <dt>Updates</dt>
        <dd>{s.updates.toLocaleString()}</dd>
        <dt>Last update</dt>
        <dd>{s.lastUpdateAt === undefined ? "–" : formatClock(s.lastUpdateAt)}</dd>
        <dt>Listeners</dt>
        <dd>{s.listeners}</dd>
        {s.page && (
          <>
            <dt>Page</dt>
            <dd>
              {s.page.first ? "first page" : "a later page"} of a paginated query, {s.page.numItems}{" "}
              items requested
            </dd>
          </>
        )}
        {props.pages.length > 1 && (
          <>
            <dt>Pages</dt>
            <dd>
              <ol class="pages" data-testid="subscription-pages">
                {props.pages.map((page) => (
                  <li key={page.id}>
                    <button
                      type="button"
                      class="link"
                      aria-current={page.id === s.id ? "true" : undefined}
                      onClick={() => props.onSelect(page.id)}
                    >
                      {page.page?.first ? "first page" : "page"}, {page.page?.numItems} items,{" "}
                      {stateLabel(page, props.connection)}, {page.updates.toLocaleString()} updates
                    </button>
                  </li>
                ))}
              </ol>
            </dd>
          </>
        )}
        {s.error && (
          <>
            <dt>Error</dt>
            <dd class="status-error">
              {visibleText(s.error.code)}: {s.error.message}
            </dd>
          </>
        )}
      </dl>
      <h3>Current result</h3>
      {s.result === undefined ? <p class="kind">{RESULT_OFF}</p> : <pre>{s.result}</pre>}
      <h3>Server log lines</h3>
      {s.logs.length === 0 ? (
        <p class="kind">None since the first result.</p>
      ) : (
        <pre data-testid="subscription-logs">{s.logs.join("\n")}</pre>
      )}
      <h3>History (last {s.history.length})</h3>
      <ol class="subscription-history" data-testid="subscription-history">
        {s.history.map((event, i) => (
          <li key={`${event.at}:${event.event}:${i}`}>
            {formatClock(event.at)} {historyLabel(event.event)}
            {event.code !== undefined && ` (${visibleText(event.code)})`}
          </li>
        ))}
      </ol>
    </div>
  );
}

function historyLabel(event: WireSubscription["history"][number]["event"]): string {
  switch (event) {
    case "firstResult":
      return "first result";
    case "update":
      return "update";
    case "failure":
      return "failure";
    case "recovery":
      return "recovered";
  }
}
