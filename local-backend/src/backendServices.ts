import type { BackendCounters } from "./backendStats.js";
import type { ClientSessions } from "./clientSessions.js";
import type { FaultController } from "./faults.js";
import type { SocketClose } from "./injectedFault.js";
import type { BackendLogger } from "./logger.js";
import type { MemoryBudget } from "./memoryBudget.js";
import type { MutationDedupe } from "./mutationDedupe.js";
import type { FunctionOutcome, Runtime } from "./runtime.js";
import type { SubscriptionEngine } from "./subscriptionEngine.js";

/**
 * A mutation's answer as remembered for dedupe: its outcome and, on success, its commit ts; or an
 * injected system error, answered by closing the socket (never remembered: the re-send runs).
 */
export type MutationAnswer =
  | { readonly outcome: FunctionOutcome; readonly ts: bigint | null; readonly close?: undefined }
  | { readonly close: SocketClose; readonly outcome?: undefined; readonly ts?: undefined };

/** The parts of one running backend that the protocol handlers share. */
export interface BackendServices {
  readonly runtime: Runtime;
  readonly engine: SubscriptionEngine;
  readonly faults: FaultController;
  readonly dedupe: MutationDedupe<MutationAnswer>;
  readonly sessions: ClientSessions;
  /** What every sync socket's data may hold in total; each socket takes an account from it. */
  readonly clientMemory: MemoryBudget;
  readonly counters: BackendCounters;
  readonly logger: BackendLogger;
  /**
   * Resolves once every commit made so far is in the data file (at once without one). A client is
   * answered only after it, so an acknowledged write survives any stop, a crash included.
   */
  persisted(): Promise<void>;
}
