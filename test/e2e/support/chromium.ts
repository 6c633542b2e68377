import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Worker } from "playwright-core";
import { EXTENSION_DIST } from "./paths.js";

/** Debian's Chromium; never a downloaded browser. Override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The extension id its manifest `key` pins (devtools-extension/manifest.config.ts). */
export const EXTENSION_ID = "aeemgbalahllkmihkmmdgaogjpamjbbn";

/**
 * Flags for every Chromium the tests launch. Verified on this machine
 * (shared/notes/browser-testing.md): root needs --no-sandbox, and the closed network needs the
 * background-networking flags or Chromium keeps dialling out.
 */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** Launches headless Chromium without the extension, for pages that run the SDK on their own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}

/** A Chromium with the extension loaded, its background worker, and a way to close it all. */
export interface ExtensionBrowser {
  readonly context: BrowserContext;
  /** The extension's service worker as it was at launch. */
  readonly worker: Worker;
  /** The extension's service worker now (Chrome may have stopped and restarted it since). */
  currentWorker(): Worker;
  readonly extensionId: string;
  /** The browser's version string, e.g. "156.0.8078.108". */
  readonly version: string;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium (the new headless mode) with the built extension. Fails, rather
 * than skips, when Chromium or the build is missing, saying what to do.
 */
export async function launchWithExtension(): Promise<ExtensionBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Install Debian's build with ` +
        "`apt-get install -y chromium fonts-liberation` (or set CHROMIUM_PATH); the e2e tests never download a browser.",
    );
  }
  if (!existsSync(join(EXTENSION_DIST, "manifest.json"))) {
    throw new Error(
      `The extension is not built (${EXTENSION_DIST}). Run \`pnpm --filter @convex-lens/devtools-extension build\`.`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), "convex-lens-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: null,
    args: [
      `--disable-extensions-except=${EXTENSION_DIST}`,
      `--load-extension=${EXTENSION_DIST}`,
      ...CHROMIUM_FLAGS,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    version: context.browser()?.version() ?? "unknown",
    currentWorker: () =>
      context
        .serviceWorkers()
        .findLast((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)) ?? worker,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
