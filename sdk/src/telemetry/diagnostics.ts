/**
 * Where a swallowed telemetry failure came from. Telemetry never breaks the app (DESIGN.md), so every
 * failure in these places is caught, counted here, and the call goes on unchanged.
 */
export type DiagnosticSource =
  | "tracer"
  | "span"
  | "meter"
  | "redactor"
  | "hook"
  | "listener"
  | "logger"
  | "bridge"
  | "exporter"
  | "client-internals"
  /** A `[convex-lens]` line from a traced function that failed validation, or spans past the cap. */
  | "server-trace";

/** Counts of swallowed telemetry failures, so a broken exporter is visible instead of silent. */
export interface DiagnosticsSnapshot {
  /** Failures per source since the lens was created. */
  readonly errors: Readonly<Record<DiagnosticSource, number>>;
  /** Total across sources. */
  readonly total: number;
  /** The most recent failure, for a first clue. */
  readonly last?: {
    readonly source: DiagnosticSource;
    readonly message: string;
    readonly at: number;
  };
}

// Every source, each counted from zero, so that a snapshot lists them all.
const SOURCES =
  "tracer span meter redactor hook listener logger bridge exporter client-internals server-trace".split(
    " ",
  ) as DiagnosticSource[];

/** Collects telemetry failures. Fixed-size: one counter per source and the last message. */
export class Diagnostics {
  private readonly counts = new Map<DiagnosticSource, number>(SOURCES.map((s) => [s, 0]));
  private last: DiagnosticsSnapshot["last"];

  /** Records a swallowed failure. Never throws, whatever `error` is. */
  record(source: DiagnosticSource, error: unknown): void {
    this.counts.set(source, (this.counts.get(source) ?? 0) + 1);
    this.last = { source, message: describe(error), at: Date.now() };
  }

  /** A copy of the counters. */
  snapshot(): DiagnosticsSnapshot {
    const errors = Object.fromEntries(this.counts) as Record<DiagnosticSource, number>;
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return this.last ? { errors, total, last: this.last } : { errors, total };
  }
}

function describe(error: unknown): string {
  try {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return text.length > 500 ? `${text.slice(0, 500)}…` : text;
  } catch {
    return "unprintable error";
  }
}
