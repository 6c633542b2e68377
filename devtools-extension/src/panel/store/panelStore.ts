import type {
  WireBreakerSnapshot,
  WireBreakerTransition,
  WireCommandResult,
  WireConnection,
  WireFaultConfig,
  WireHealth,
  WireItem,
  WireMetrics,
  WireSession,
  WireSpan,
  WireUnattributedLog,
} from "@convex-lens/sdk/devtools-protocol";
import { BoundedMap } from "../../shared/boundedMap";
import type { SessionBatch } from "../../shared/portMessages";
import { BoundedRing } from "./boundedRing";
import { type CallEntry, toCallEntry } from "./callEntry";
import { type CallFilter, emptyFilter } from "./callFilter";
import { ErrorGroups } from "./errorGroups";
import { FilteredCalls } from "./filteredCalls";
import { type FunctionRow, FunctionStats } from "./functionStats";
import { InflightSnapshots } from "./inflightCalls";
import { LatencySeries } from "./latencySeries";
import { SubscriptionSnapshots } from "./subscriptionSnapshots";

/** A non-Convex span as the panel holds it. */
export interface SpanEntry extends WireSpan {
  readonly id: number;
  readonly session: string;
}

/** A page session as the panel knows it: what the page said, and where it really came from. */
export interface PageSession extends WireSession {
  /** The page's origin as the browser reported it (the page's own `url` is only a claim). */
  readonly origin: string | null;
}

/** A health report with the panel's id, for the transitions list. */
export interface HealthEntry extends WireHealth {
  readonly session: string;
}

/** Where a later page load's calls begin in the calls list (with "preserve log"). */
export interface SessionBreak {
  /** The index in the visible list of the first call of the page load. */
  readonly index: number;
  /** When the page loaded, as it said; null when its session item never came. */
  readonly startedAt: number | null;
  /** Whether it is the same address as the page load before it (a reload, not a navigation). */
  readonly reload: boolean;
}

/** Sizes of the panel's buffers. */
export interface PanelStoreLimits {
  calls: number;
  spans: number;
  transitions: number;
  healthChanges: number;
  sessions: number;
  results: number;
  /** Server log lines no call could be named for, across the page's sessions. */
  unattributedLogs: number;
}

/** Defaults: 100,000 calls (the list stays smooth at that size), 10,000 spans. */
export const defaultPanelLimits: PanelStoreLimits = {
  calls: 100_000,
  spans: 10_000,
  transitions: 500,
  healthChanges: 500,
  sessions: 64,
  results: 100,
  unattributedLogs: 500,
};

/** Options of the store; `schedule` decides when listeners hear of changes. */
export interface PanelStoreOptions {
  limits?: Partial<PanelStoreLimits>;
  /** Runs `fn` later; by default on the next animation frame, so bursts cost one render. */
  schedule?: (fn: () => void) => void;
}

/**
 * Everything the panel shows, in plain TypeScript: bounded rings, grouping, filtering, state. The
 * components only read it and call its methods. Items arrive already validated; duplicates (a
 * page resending its history after the worker restarted) are dropped by `seq` per session.
 */
export class PanelStore {
  readonly limits: PanelStoreLimits;
  readonly calls: BoundedRing<CallEntry>;
  readonly filtered: FilteredCalls;
  readonly spans: BoundedRing<SpanEntry>;
  readonly transitions: BoundedRing<WireBreakerTransition & { session: string }>;
  readonly healthChanges: BoundedRing<HealthEntry>;
  /** Server log lines the page could not name a call for (issue 13 §5): listed, never guessed. */
  readonly unattributedLogs: BoundedRing<WireUnattributedLog & { session: string }>;
  readonly errors = new ErrorGroups();
  readonly functions = new FunctionStats();
  readonly series = new LatencySeries();
  /** The page's live subscriptions, the latest snapshot per session (issue 15 §4). */
  readonly subscriptions: SubscriptionSnapshots;
  /** The page's one-shot calls in flight, shown as pending rows above the calls list. */
  readonly inflight: InflightSnapshots;

  filter: CallFilter = emptyFilter;
  /** While paused, the list shows calls up to this id; new calls are kept but not shown. */
  pausedAt: number | null = null;
  selectedId: number | null = null;
  breakers: WireBreakerSnapshot[] = [];
  breakersAt = 0;
  health: WireHealth | null = null;
  metrics: WireMetrics | null = null;
  connection: WireConnection | null = null;
  faults: WireFaultConfig | null = null;
  faultsAt = 0;
  /** The page the most recent items came from. */
  session: PageSession | null = null;
  /** Whether the background can reach the page (its content script is connected). */
  pageConnected = false;
  /**
   * The page loaded the SDK with its DevTools bridge off (a production build), as the content
   * script read it from the page's marker; the toolbar says how to turn it on.
   */
  bridgeOff = false;
  /** Whether the background connection is up. */
  backgroundConnected = false;
  /** Connections to the background so far: more than one means the worker restarted. */
  connections = 0;
  /** Events the page lost before the panel could show them (ring overflow, gaps in seq). */
  lost = 0;
  /** Items skipped because the panel already had them. */
  duplicates = 0;
  /** Batches refused because they came from another origin than their session's first ones. */
  refused = 0;
  /** Bumped on every change; components compare it to re-render. */
  version = 0;
  /** Set when the data came from an imported file rather than a live page. */
  importedFrom: string | null = null;

  // Per page session (the `sessions` limit) and per command (`results`): bounded, as pages reload.
  private readonly lastSeq: BoundedMap<string, number>;
  private readonly droppedBySession: BoundedMap<string, number>;
  private readonly sessions: BoundedMap<string, PageSession>;
  // The origin each session's first batch came from: a later batch from another origin is refused.
  private readonly sessionOrigins: BoundedMap<string, string>;
  private readonly results: BoundedMap<string, WireCommandResult>;
  // The first call id of each page session, in arrival order (one per session, bounded as they are).
  private readonly sessionFirstCalls: BoundedMap<string, number>;
  private readonly listeners = new Set<() => void>();
  private notifyQueued = false;
  private readonly schedule: (fn: () => void) => void;

  constructor(options: PanelStoreOptions = {}) {
    this.limits = { ...defaultPanelLimits, ...options.limits };
    this.calls = new BoundedRing(this.limits.calls);
    this.filtered = new FilteredCalls(this.calls);
    this.spans = new BoundedRing(this.limits.spans);
    this.transitions = new BoundedRing(this.limits.transitions);
    this.healthChanges = new BoundedRing(this.limits.healthChanges);
    this.unattributedLogs = new BoundedRing(this.limits.unattributedLogs);
    this.subscriptions = new SubscriptionSnapshots(this.limits.sessions);
    this.inflight = new InflightSnapshots(this.limits.sessions);
    this.lastSeq = new BoundedMap(this.limits.sessions);
    this.droppedBySession = new BoundedMap(this.limits.sessions);
    this.sessions = new BoundedMap(this.limits.sessions);
    this.sessionOrigins = new BoundedMap(this.limits.sessions);
    this.results = new BoundedMap(this.limits.results);
    this.sessionFirstCalls = new BoundedMap(this.limits.sessions);
    this.schedule = options.schedule ?? defaultSchedule;
  }

  /**
   * Takes one batch of validated items from one page session. A session stays with the origin
   * it first came from: a batch of it from another origin (a page after a navigation, writing
   * under the old page's session) is refused, whatever the background let through.
   */
  ingest(batch: SessionBatch): void {
    const { session } = batch;
    const origin = batch.origin ?? null;
    if (origin !== null && !this.bindOrigin(session, origin)) {
      this.refused++;
      this.changed();
      return;
    }
    for (const item of batch.items) {
      if ("seq" in item && item.seq !== undefined && !this.acceptSeq(session, item.seq)) {
        this.duplicates++;
        continue;
      }
      this.apply(session, origin, item);
    }
    this.changed();
  }

  /** Forgets everything shown (a navigation without "preserve log", or Clear). */
  reset(): void {
    this.calls.clear();
    this.filtered.clear();
    this.spans.clear();
    this.transitions.clear();
    this.healthChanges.clear();
    this.unattributedLogs.clear();
    this.subscriptions.clear();
    this.inflight.clear();
    this.errors.clear();
    this.functions.clear();
    this.series.clear();
    this.lastSeq.clear();
    this.droppedBySession.clear();
    this.sessionFirstCalls.clear();
    this.lost = 0;
    this.duplicates = 0;
    this.selectedId = null;
    this.importedFrom = null;
    this.changed();
  }

  /** Keeps history but forgets the sessions' seq marks, so a re-sent history is taken again. */
  forgetSeqs(): void {
    this.lastSeq.clear();
  }

  setFilter(partial: Partial<CallFilter>): void {
    this.filter = { ...this.filter, ...partial };
    this.filtered.setFilter(this.filter);
    this.changed();
  }

  pause(): void {
    if (this.pausedAt === null) this.pausedAt = this.calls.lastId;
    this.changed();
  }

  resume(): void {
    this.pausedAt = null;
    this.changed();
  }

  select(id: number | null): void {
    this.selectedId = id;
    this.changed();
  }

  /** Rows the calls list shows now (respecting pause). */
  visibleCount(): number {
    return this.pausedAt === null ? this.filtered.count() : this.filtered.count(this.pausedAt);
  }

  /** Calls received while paused and not yet shown. */
  hiddenWhilePaused(): number {
    return this.pausedAt === null ? 0 : this.filtered.count() - this.filtered.count(this.pausedAt);
  }

  /** The call at a visible row, 0 being the oldest. */
  callAt(index: number): CallEntry | undefined {
    const id = this.filtered.idAt(index);
    return id === undefined ? undefined : this.calls.get(id);
  }

  selected(): CallEntry | undefined {
    return this.selectedId === null ? undefined : this.calls.get(this.selectedId);
  }

  /** The SDK's per-function metrics when the page sends them; else the panel's own figures. */
  functionRows(): FunctionRow[] {
    if (this.metrics !== null && this.metrics.functions.length > 0) {
      return this.metrics.functions;
    }
    return this.functions.rows();
  }

  /**
   * Where each later page load's calls start in the visible list, for a separator row: with
   * "preserve log" the calls of two page loads ran together with no mark between them. A page
   * load none of whose calls is visible, or that starts the list, gets none.
   */
  sessionBreaks(): SessionBreak[] {
    const visible = this.visibleCount();
    const breaks: SessionBreak[] = [];
    let previousUrl: string | undefined;
    for (const [session, firstId] of this.sessionFirstCalls.entries()) {
      const known = this.sessions.get(session);
      const index = this.filtered.count(firstId - 1);
      const reload = previousUrl !== undefined && known?.url === previousUrl;
      previousUrl = known?.url;
      if (index === 0 || index >= visible) continue;
      const entry = { index, startedAt: known?.startedAt ?? null, reload };
      // Page loads with no visible call between them share one separator: the later one's.
      if (breaks[breaks.length - 1]?.index === index) breaks[breaks.length - 1] = entry;
      else breaks.push(entry);
    }
    return breaks;
  }

  /** The answer to a command, once it arrived. */
  result(id: string): WireCommandResult | undefined {
    return this.results.get(id);
  }

  /** Records a command answer that did not come from the page (a timeout, say). */
  recordResult(result: WireCommandResult): void {
    this.rememberResult(result);
    this.changed();
  }

  /** Every session seen, most recent last. */
  knownSessions(): PageSession[] {
    return [...this.sessions.values()];
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Marks a change and tells listeners once, later (bursts of batches cost one render). */
  changed(): void {
    this.version++;
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    this.schedule(() => {
      this.notifyQueued = false;
      for (const listener of [...this.listeners]) listener();
    });
  }

  private bindOrigin(session: string, origin: string): boolean {
    const bound = this.sessionOrigins.get(session);
    if (bound !== undefined) return bound === origin;
    this.sessionOrigins.set(session, origin);
    return true;
  }

  private acceptSeq(session: string, seq: number): boolean {
    const last = this.lastSeq.get(session);
    if (last !== undefined && seq <= last) return false;
    if (last !== undefined && seq > last + 1) this.lost += seq - last - 1;
    this.lastSeq.set(session, seq);
    return true;
  }

  private apply(session: string, origin: string | null, item: WireItem): void {
    switch (item.type) {
      case "call": {
        const entry = toCallEntry(item, session, origin, this.calls.lastId + 1);
        this.calls.push(entry);
        if (!this.sessionFirstCalls.has(session)) this.sessionFirstCalls.set(session, entry.id);
        this.filtered.add(entry);
        this.errors.add(entry);
        this.functions.add(entry);
        this.series.add(entry);
        if (!item.subscription) this.inflight.settle(session, item);
        if (this.selectedId !== null && this.selectedId < this.calls.oldestId)
          this.selectedId = null;
        return;
      }
      case "span":
        this.spans.push({ ...item, id: this.spans.lastId + 1, session });
        return;
      case "breaker":
        this.transitions.push({ ...item, session });
        return;
      case "breakers":
        if (item.at >= this.breakersAt) {
          this.breakers = item.breakers;
          this.breakersAt = item.at;
        }
        return;
      case "health":
        if (item.seq !== undefined) this.healthChanges.push({ ...item, session });
        if (this.health === null || item.at >= this.health.at) this.health = item;
        return;
      case "metrics":
        if (this.metrics === null || item.at >= this.metrics.at) this.metrics = item;
        return;
      case "connection":
        if (this.connection === null || item.at >= this.connection.at) this.connection = item;
        return;
      case "faults":
        if (item.at >= this.faultsAt) {
          this.faults = item.config;
          this.faultsAt = item.at;
        }
        return;
      case "session": {
        // A page speaks for its own session only.
        if (item.sessionId !== session) return;
        const known: PageSession = { ...item, origin };
        this.sessions.delete(item.sessionId);
        this.sessions.set(item.sessionId, known);
        this.session = known;
        if (item.announce !== true) {
          const before = this.droppedBySession.get(item.sessionId) ?? 0;
          this.lost += Math.max(0, item.dropped - before);
          this.droppedBySession.set(item.sessionId, Math.max(before, item.dropped));
        }
        return;
      }
      case "unattributedLog":
        this.unattributedLogs.push({ ...item, session });
        return;
      case "subscriptions":
        this.subscriptions.add(session, item);
        return;
      case "inflight":
        this.inflight.add(session, item);
        return;
      case "result":
        this.rememberResult(item);
        return;
    }
  }

  private rememberResult(result: WireCommandResult): void {
    this.results.delete(result.id);
    this.results.set(result.id, result);
  }
}

// The next animation frame, or 250 ms if frames are not running (a hidden DevTools panel does
// not get frames): whichever comes first runs `fn`, once.
function defaultSchedule(fn: () => void): void {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    fn();
  };
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(once);
  setTimeout(once, 250);
}
