/**
 * Why the panel has no health report to show. The page's lens lacking the health module is only
 * one cause: with no session at all, the bridge being off (a production build) or no page being
 * connected explains it, and telling those apart keeps the panel from advising "use everything()"
 * to a page that already does.
 */
export type HealthMissing = "imported" | "bridge-off" | "no-page" | "no-module";

/** What the panel knows of the page that decides {@link HealthMissing}. */
export interface HealthMissingInputs {
  readonly importedFrom: string | null;
  readonly session: object | null;
  readonly bridgeOff: boolean;
}

/** The reason the Health view gives when no report has arrived. */
export function healthMissing(store: HealthMissingInputs): HealthMissing {
  if (store.importedFrom !== null) return "imported";
  if (store.session !== null) return "no-module";
  return store.bridgeOff ? "bridge-off" : "no-page";
}
