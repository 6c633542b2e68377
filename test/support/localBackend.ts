import {
  type SpawnedLocalBackend,
  type SpawnLocalBackendOptions,
  spawnLocalBackend,
} from "@convex-lens/local-backend/spawn";
import { CHAT_FUNCTIONS_DIR } from "./paths.js";

/**
 * Starts a local backend in a child process for one test file, serving the chat fixture unless
 * told otherwise. Always on a random port; pair with `backend.stop()` in `afterAll`.
 */
export function startTestBackend(
  options: Partial<SpawnLocalBackendOptions> = {},
): Promise<SpawnedLocalBackend> {
  return spawnLocalBackend({ functionsDir: CHAT_FUNCTIONS_DIR, port: 0, ...options });
}

export type { SpawnedLocalBackend };
