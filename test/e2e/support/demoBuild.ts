import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DEMO_DIR } from "./demoPaths.js";

const run = promisify(execFile);

/**
 * Builds the demo app for one backend into a fresh temp directory. Vite bakes `VITE_*` values in at
 * build time, and each test file's backend has its own random port, so each file builds its own
 * copy: a production build, as users of `vite build` get it (with Vite 8 this takes about a second).
 */
export async function buildDemoApp(env: {
  convexUrl: string;
  backendAdminUrl?: string;
  /** The token the fault controls send to the admin API. */
  backendAdminToken?: string;
  /** Where the page exports its spans (`VITE_OTLP_URL`); none by default. */
  otlpUrl?: string;
}): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), "convex-lens-demo-"));
  const vite = join(DEMO_DIR, "node_modules", "vite", "bin", "vite.js");
  await run(
    process.execPath,
    [vite, "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"],
    {
      cwd: DEMO_DIR,
      env: {
        ...process.env,
        VITE_CONVEX_URL: env.convexUrl,
        VITE_LENS_BACKEND_URL: env.backendAdminUrl ?? "",
        VITE_LENS_ADMIN_TOKEN: env.backendAdminToken ?? "",
        VITE_OTLP_URL: env.otlpUrl ?? "",
      },
      timeout: 120_000,
    },
  );
  return outDir;
}
