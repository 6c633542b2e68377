import type { WireFaultConfig } from "@convex-lens/sdk/devtools-protocol";

const ERROR_NAMES: Record<NonNullable<WireFaultConfig["error"]>, string> = {
  overloaded: "Overloaded errors",
  network: "Network errors",
  timeout: "Timeouts",
  bug: "Bug errors (a throwing function)",
};

/**
 * The page's fault injection in one sentence, for people: "Overloaded errors on 30 % of
 * messages:* calls, +200 ms latency". Raw JSON ("Now: {…}") made users parse it (issue 15 §7).
 */
export function faultSummary(config: WireFaultConfig | null): string {
  if (config === null) return "not reported by this page yet";
  const scope = config.functions ? `${config.functions} calls` : "all calls";
  const parts: string[] = [];
  if (config.errorRate)
    parts.push(
      `${ERROR_NAMES[config.error ?? "overloaded"]} on ${Math.round(config.errorRate * 1_000) / 10} % of ${scope}`,
    );
  if (config.latencyMs) {
    const jitter = config.jitterMs ? ` ± ${config.jitterMs} ms` : "";
    parts.push(`+${config.latencyMs} ms latency${jitter}${config.errorRate ? "" : ` on ${scope}`}`);
  }
  if (config.offline) parts.push("offline (calls wait for the network)");
  return parts.length === 0 ? "no faults" : parts.join(", ");
}

/** The fields of the Faults form, as text, the way the user types them. */
export interface FaultForm {
  latencyMs: string;
  jitterMs: string;
  errorPercent: string;
  error: string;
  functions: string;
}

/**
 * The form filled from the page's current settings, so it shows what is in force (it emptied
 * after Apply) and follows changes made by the page's own controls.
 */
export function faultFormOf(config: WireFaultConfig | null): FaultForm {
  const c = config ?? {};
  return {
    latencyMs: c.latencyMs ? String(c.latencyMs) : "",
    jitterMs: c.jitterMs ? String(c.jitterMs) : "",
    errorPercent: c.errorRate ? String(Math.round(c.errorRate * 1_000) / 10) : "",
    error: c.error ?? "overloaded",
    functions: c.functions ?? "",
  };
}
