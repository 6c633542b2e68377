import { setTimeout as sleep } from "node:timers/promises";
import type { BackendServices } from "./backendServices.js";
import type { FaultErrorKind } from "./faults.js";
import { canonicalizeUdfPath } from "./functionRegistry.js";
import type { ExecuteRequest, Execution } from "./runtime.js";

/** A client call's result: the function ran, or a fault was injected instead. */
export type ClientCallResult =
  | { readonly injected: FaultErrorKind; readonly execution?: undefined }
  | { readonly injected?: undefined; readonly execution: Execution };

/**
 * Runs a call a client made, applying the current faults first: the injected delay, then either
 * an injected system error (before the function runs, so nothing commits) or the call itself, whose
 * commits are saved before it returns (the caller acknowledges only after that).
 */
export async function runClientCall(
  services: BackendServices,
  request: ExecuteRequest,
): Promise<ClientCallResult> {
  services.counters[
    request.kind === "query" ? "queries" : request.kind === "mutation" ? "mutations" : "actions"
  ]++;
  const decision = services.faults.decide(canonicalizeUdfPath(request.udfPath));
  if (decision.delayMs > 0) {
    await sleep(decision.delayMs);
  }
  if (decision.error !== null) {
    return { injected: decision.error };
  }
  const execution = await services.runtime.execute(request);
  // Queries write nothing; a mutation or an action (through runMutation) may have committed.
  if (request.kind !== "query") await services.persisted();
  return { execution };
}
