/**
 * @convex-lens/local-backend: an offline Convex backend for development and tests. It speaks
 * Convex's real wire protocol, runs real Convex functions through convex-test, and injects
 * faults on demand.
 */
export { BackendError, type BackendErrorCode } from "./backendError.js";
export type { BackendCounters } from "./backendStats.js";
export type { CronJobStatus } from "./cronRunner.js";
export { DEFAULT_FETCH_TIMEOUT_MS, ExternalFetchError } from "./externalFetch.js";
export {
  type FaultConfig,
  type FaultErrorKind,
  type FaultPatch,
  NO_FAULTS,
  parseFaultPatch,
} from "./faults.js";
export type { FunctionKind, RegisteredFunction } from "./functionRegistry.js";
export { type BackendLogger, silentLogger, stderrLogger } from "./logger.js";
export { DEFAULT_MAX_STORAGE_BYTES } from "./runtime.js";
export {
  type BackendStatus,
  DEFAULT_HOST,
  DEFAULT_PORT,
  type ExportedData,
  type LocalBackend,
  type LocalBackendOptions,
  startLocalBackend,
} from "./server.js";
export {
  LOCAL_BACKEND_BIN,
  type SpawnedLocalBackend,
  type SpawnLocalBackendOptions,
  spawnLocalBackend,
} from "./spawn.js";
export { StorageFullError } from "./storageSyscalls.js";
