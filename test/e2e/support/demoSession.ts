import { rm } from "node:fs/promises";
import { type SpawnedLocalBackend, spawnLocalBackend } from "@convex-lens/local-backend/spawn";
import { type ExtensionBrowser, launchWithExtension } from "./chromium.js";
import { buildDemoApp } from "./demoBuild.js";
import { DEMO_FUNCTIONS_DIR } from "./demoPaths.js";
import { type StaticServer, serveStatic } from "./demoStaticServer.js";

/** Everything one demo test file runs against: its own backend, build, server and browser. */
export interface DemoSession {
  readonly backend: SpawnedLocalBackend;
  readonly browser: ExtensionBrowser;
  /** The built demo's address. */
  readonly appUrl: string;
  close(): Promise<void>;
}

/**
 * Starts a local backend serving the demo's functions (empty: the app seeds its board on first
 * load), builds the demo for it with the fault controls on, serves the build, and launches
 * Chromium with the DevTools extension (the e2e suite's global setup builds the backend's dist/
 * and the extension). With `otlpUrl`, the page also exports its spans there. `close()` stops all
 * of it, whatever failed.
 */
export async function startDemoSession(options: { otlpUrl?: string } = {}): Promise<DemoSession> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    const backend = await spawnLocalBackend({ functionsDir: DEMO_FUNCTIONS_DIR, port: 0 });
    cleanups.push(() => backend.stop());
    const dist = await buildDemoApp({
      convexUrl: backend.url,
      backendAdminUrl: backend.url,
      backendAdminToken: backend.adminToken,
      ...(options.otlpUrl === undefined ? {} : { otlpUrl: options.otlpUrl }),
    });
    cleanups.push(() => rm(dist, { recursive: true, force: true }));
    const app: StaticServer = await serveStatic(dist);
    cleanups.push(() => app.close());
    const browser = await launchWithExtension();
    cleanups.push(() => browser.close());
    return { backend, browser, appUrl: app.url, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A task as the backend stores it. */
export interface StoredTask {
  readonly title: string;
  readonly completed: boolean;
}

/** The demo's tasks as the backend stores them (`/_lens/export`), for counting what committed. */
export async function storedTasks(backend: SpawnedLocalBackend): Promise<StoredTask[]> {
  const data = (await backend.exportData()) as unknown as {
    tables: Record<string, StoredTask[] | undefined>;
  };
  return (data.tables.tasks ?? []).map(({ title, completed }) => ({ title, completed }));
}

/** The stored tasks' titles. */
export async function storedTaskTitles(backend: SpawnedLocalBackend): Promise<string[]> {
  return (await storedTasks(backend)).map((task) => task.title);
}
