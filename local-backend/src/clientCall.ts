import { setTimeout as sleep } from "node:timers/promises";
import type { BackendServices } from "./backendServices.js";
import type { FaultTransport } from "./faults.js";
import { canonicalizeUdfPath } from "./functionRegistry.js";
import { injectedFault, type SystemErrorAnswer } from "./injectedFault.js";
import type { ExecuteRequest, FunctionOutcome } from "./runtime.js";

/** A client call's result: the function's outcome (an injected bug included), or a system error. */
export type ClientCallResult =
  | { readonly systemError: SystemErrorAnswer; readonly outcome?: undefined }
  | { readonly systemError?: undefined; readonly outcome: FunctionOutcome };

/**
 * Runs a call a client made, applying the current faults first: the injected delay, then either
 * an injected error (before the function runs, so nothing commits) or the call itself, whose
 * commits are saved before it returns (the caller acknowledges only after that).
 */
export async function runClientCall(
  services: BackendServices,
  request: ExecuteRequest,
  transport: FaultTransport,
): Promise<ClientCallResult> {
  services.counters[
    request.kind === "query" ? "queries" : request.kind === "mutation" ? "mutations" : "actions"
  ]++;
  const decision = services.faults.decide(canonicalizeUdfPath(request.udfPath), transport);
  if (decision.delayMs > 0) {
    await sleep(decision.delayMs);
  }
  if (decision.error !== null) {
    return injectedFault(decision.error, request.kind);
  }
  const execution = await services.runtime.execute(request);
  // Queries write nothing; a mutation or an action (through runMutation) may have committed.
  if (request.kind !== "query") await services.persisted();
  return { outcome: execution.outcome };
}
