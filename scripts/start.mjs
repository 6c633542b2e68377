// `pnpm start`: everything for a newcomer, offline, in one command. Installs dependencies, builds the
// local backend and the DevTools extension, starts the local backend with the demo's Convex functions
// and seeded data, serves the demo app, waits until it answers, and prints the URLs and how to load
// the extension.
//
// With VITE_CONVEX_URL set (a real Convex deployment), the local backend is not started and the
// demo's backend fault controls are hidden. VITE_OTLP_URL (an OTLP/HTTP traces endpoint) is passed
// through to the demo, which then exports its spans there too.
//
// The output is quiet: the steps, the URLs and real warnings. `--verbose` or LENS_VERBOSE=1 shows
// everything the backend and Vite print. A package whose sources did not change since its last
// build is not built again (scripts/buildStamp.mjs).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { inputFingerprint, isUpToDate, writeStamp } from "./buildStamp.mjs";
import { childLineFilter, isBuildNoise, isVerbose } from "./childOutput.mjs";
import { progressLine } from "./progressLine.mjs";
import { ensureInstalled, root, runCaptured, start, step } from "./run.mjs";
import { stripAnsi, terminalStyle } from "./terminalStyle.mjs";

const name = "start";
const verbose = isVerbose(process.argv.slice(2), process.env);
const style = terminalStyle(process.stdout);
const backendPort = process.env.LENS_BACKEND_PORT ?? "3210";
const appPort = process.env.DEMO_PORT ?? "5173";
const realDeployment = process.env.VITE_CONVEX_URL;
const extensionDir = join(root, "devtools-extension", "dist");
const children = [];
let stopping = false;
/** The build's progress line while one runs, so that a stop ends it with a newline. */
let building;

// Before the first await: a Ctrl+C while it builds or starts must stop as cleanly as one later.
process.on("SIGINT", () => shutdown(0, { childrenSignalled: true }));
process.on("SIGHUP", () => shutdown(0, { childrenSignalled: true }));
process.on("SIGTERM", () => shutdown(0));

ensureInstalled(name);
await buildAll();
await unlessStopping();

let convexUrl = realDeployment;
// The admin API's token, from the backend's ready line; the demo's fault controls send it.
let adminToken = "";
if (!realDeployment) {
  const dataDir = join(root, ".lens-data");
  mkdirSync(dataDir, { recursive: true });
  step(name, `starting the local backend on port ${backendPort} (data in .lens-data/demo.json)…`);
  const backend = start(
    "backend",
    process.execPath,
    [
      join(root, "local-backend", "bin", "convex-lens-backend.js"),
      "--functions",
      join(root, "demo-app", "convex"),
      "--port",
      backendPort,
      "--data",
      join(dataDir, "demo.json"),
      "--json",
    ],
    { show: (stream) => childLineFilter("backend", stream, verbose) },
  );
  children.push(backend);
  const ready = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: backend.stdout });
    lines.on("line", (line) => {
      if (!line.startsWith("{")) return;
      try {
        const event = JSON.parse(line);
        if (event.event === "ready") resolve(event);
        if (event.event === "error") reject(new Error(event.message));
      } catch {
        // not a JSON line: the backend's own log output
      }
    });
    backend.on("exit", (code) => reject(new Error(`the local backend exited with code ${code}`)));
  }).catch((error) => {
    console.error(`\nCould not start the local backend: ${error.message}`);
    console.error(`If port ${backendPort} is in use, run with LENS_BACKEND_PORT=<another port>.`);
    shutdown(1);
  });
  convexUrl = ready?.url;
  adminToken = ready?.adminToken ?? "";
  await seed(convexUrl);
  await unlessStopping();
}

const demoDir = join(root, "demo-app");
const hasDemoUi = existsSync(join(demoDir, "index.html"));
let appUrl;
if (hasDemoUi) {
  step(name, `serving the demo app on port ${appPort}…`);
  // Vite's own entry, not `pnpm exec`: a direct child stops when we stop it. 127.0.0.1, because the
  // fault controls drive the backend's admin API, which is for this machine only.
  const vite = start(
    "demo",
    process.execPath,
    [
      join(demoDir, "node_modules", "vite", "bin", "vite.js"),
      "--host",
      "127.0.0.1",
      "--port",
      appPort,
      "--strictPort",
    ],
    {
      cwd: demoDir,
      env: {
        ...process.env,
        VITE_CONVEX_URL: convexUrl,
        VITE_LENS_BACKEND_URL: realDeployment ? "" : convexUrl,
        VITE_LENS_ADMIN_TOKEN: adminToken,
      },
      show: (stream) => childLineFilter("demo", stream, verbose),
    },
  );
  children.push(vite);
  appUrl = `http://127.0.0.1:${appPort}`;
  vite.on("exit", (code) => {
    if (stopping) return;
    console.error(`\nThe demo app's server exited (code ${code}).`);
    console.error(`If port ${appPort} is in use, run with DEMO_PORT=<another port>.`);
    shutdown(1);
  });
  await waitForHttp(appUrl, 60_000).catch((error) => {
    console.error(`\nThe demo app did not start: ${error.message}`);
    shutdown(1);
  });
}

const lines = [
  "",
  style.bold("Convex Lens is running."),
  "",
  appUrl ? `  Demo app:        ${appUrl}` : "  Demo app:        (not built yet)",
  realDeployment
    ? `  Convex:          ${convexUrl} (your deployment)`
    : `  Local backend:   ${convexUrl}`,
  realDeployment
    ? ""
    : `  Backend admin:   ${convexUrl}/_lens/status  (faults: POST ${convexUrl}/_lens/faults)`,
  realDeployment
    ? undefined
    : `                   send "Authorization: Bearer <token>"; admin token: ${adminToken}`,
  existsSync(extensionDir)
    ? `  Extension:       ${extensionDir}`
    : "  Extension:       (not built yet)",
  "",
  "  Load the DevTools extension in Chrome:",
  "    1. open chrome://extensions and turn on Developer mode",
  `    2. click "Load unpacked" and choose ${extensionDir}`,
  '    3. open the demo app, open DevTools (F12) and pick the "Convex" panel',
  "",
  "  Then try the fault controls on the right of the app (errors, an outage…) and watch the",
  "  health badge, the toasts and the panel. demo-app/README.md says what each one shows.",
  "",
  realDeployment
    ? "  Press Ctrl+C to stop."
    : "  Press Ctrl+C to stop. Demo data is saved to .lens-data/demo.json as you go.",
  "",
];
console.log(lines.filter((line) => line !== undefined).join("\n"));

/** Never resolves once a stop has begun: the stop exits, and nothing new may start meanwhile. */
function unlessStopping() {
  return stopping ? new Promise(() => {}) : Promise.resolve();
}

/**
 * Builds the local backend, the SDK and the DevTools extension, each only when its inputs changed
 * since its last successful build, with a progress line and the tool's output only on failure.
 */
async function buildAll() {
  const shared = ["pnpm-lock.yaml", "tsconfig.json"];
  const builds = [
    { label: "the local backend", dir: "local-backend", inputs: ["local-backend"], output: "dist" },
    { label: "the SDK", dir: "sdk", inputs: ["sdk"], output: "dist" },
    {
      label: "the DevTools extension",
      dir: "devtools-extension",
      // It bundles the SDK's protocol module from source.
      inputs: ["devtools-extension", "sdk/src", "sdk/package.json"],
      output: "dist/manifest.json",
    },
  ];
  for (const build of builds) {
    const stampFile = join(root, "node_modules", ".cache", "convex-lens", `build-${build.dir}`);
    const output = join(root, build.dir, build.output);
    const fingerprint = inputFingerprint(root, [...build.inputs, ...shared]);
    if (isUpToDate(stampFile, fingerprint, output)) {
      if (verbose) step(name, `${build.label} is up to date`);
      continue;
    }
    const progress = progressLine(process.stdout, `building ${build.label}…`, {
      prefix: `${style.cyan(`[${name}]`)} `,
    });
    building = progress;
    const result = await runCaptured("pnpm", ["run", "build"], {
      cwd: join(root, build.dir),
      env: { ...process.env, FORCE_COLOR: style.colour ? "1" : "0" },
    });
    building = undefined;
    if (stopping) return;
    if (result.code !== 0) {
      progress.done(`building ${build.label} failed`);
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      process.exit(result.code);
    }
    progress.done(`built ${build.label}`);
    if (verbose) process.stdout.write(result.stdout);
    // Warnings (Vite and Rollup write them to stderr) are worth a look even when the build passed.
    const warnings = stripAnsi(result.stderr)
      .split("\n")
      .filter((line) => !isBuildNoise(line));
    if (warnings.length > 0) process.stderr.write(`${warnings.join("\n")}\n`);
    writeStamp(stampFile, fingerprint);
  }
}

async function seed(url) {
  try {
    const response = await fetch(`${url}/api/mutation`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        path: "boards:seedIfEmpty",
        format: "convex_encoded_json",
        args: [{}],
      }),
    });
    const body = await response.json();
    if (body.status !== "success") throw new Error(body.errorMessage ?? JSON.stringify(body));
    step(name, body.value?.seeded ? "seeded a demo board" : "demo data already present");
  } catch (error) {
    console.error(`Could not seed the demo data: ${error.message}`);
  }
}

/** Resolves once `url` answers any HTTP status; rejects after `timeoutMs`. */
async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer: ${error.message}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * Stops the children and exits. Ctrl+C and a closed terminal signal the whole process group, so the
 * children already have the signal: sending a second one would only cut their shutdown short. A
 * child that is still running after a grace period (the signal was sent to this process alone) gets
 * SIGTERM. The backend has already saved every acknowledged write; it saves the rest on its way out.
 */
function shutdown(code = 0, { childrenSignalled = false } = {}) {
  if (stopping) return;
  stopping = true;
  building?.done("build interrupted");
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  const exited = Promise.all(
    running.map((child) => new Promise((resolve) => child.once("exit", resolve))),
  );
  const terminate = () => {
    for (const child of running) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    }
  };
  if (childrenSignalled) setTimeout(terminate, 5_000).unref();
  else terminate();
  setTimeout(() => {
    console.error(`[${name}] a child did not stop within 20 s; exiting anyway.`);
    process.exit(1);
  }, 20_000).unref();
  exited.then(() => {
    if (code === 0) {
      console.log(
        realDeployment
          ? `[${name}] stopped.`
          : `[${name}] stopped; demo data is saved in .lens-data/demo.json.`,
      );
    }
    process.exit(code);
  });
}
