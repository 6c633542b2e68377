// `pnpm start`: everything for a newcomer, offline, in one command. Installs dependencies, builds the
// local backend and the DevTools extension, starts the local backend with the demo's Convex functions
// and seeded data, serves the demo app, and prints the URLs and how to load the extension.
//
// With VITE_CONVEX_URL set (a real Convex deployment), the local backend is not started.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { ensureInstalled, root, run, start, step } from "./run.mjs";

const name = "start";
const backendPort = process.env.LENS_BACKEND_PORT ?? "3210";
const appPort = process.env.DEMO_PORT ?? "5173";
const realDeployment = process.env.VITE_CONVEX_URL;
const extensionDir = join(root, "devtools-extension", "dist");
const children = [];

ensureInstalled(name);
step(name, "building the local backend, the SDK and the DevTools extension…");
run("pnpm", [
  "--filter",
  "@convex-lens/local-backend",
  "--filter",
  "@convex-lens/sdk",
  "--filter",
  "@convex-lens/devtools-extension",
  "--if-present",
  "run",
  "build",
]);

let convexUrl = realDeployment;
if (!realDeployment) {
  const dataDir = join(root, ".lens-data");
  mkdirSync(dataDir, { recursive: true });
  step(name, `starting the local backend on port ${backendPort} (data in .lens-data/demo.json)…`);
  const backend = start("backend", process.execPath, [
    join(root, "local-backend", "bin", "convex-lens-backend.js"),
    "--functions",
    join(root, "demo-app", "convex"),
    "--port",
    backendPort,
    "--data",
    join(dataDir, "demo.json"),
    "--json",
  ]);
  children.push(backend);
  convexUrl = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: backend.stdout });
    lines.on("line", (line) => {
      if (!line.startsWith("{")) return;
      try {
        const event = JSON.parse(line);
        if (event.event === "ready") resolve(event.url);
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
  await seed(convexUrl);
}

const hasDemoUi = existsSync(join(root, "demo-app", "index.html"));
let appUrl;
if (hasDemoUi) {
  step(name, `serving the demo app on port ${appPort}…`);
  const vite = start(
    "demo",
    "pnpm",
    ["--filter", "@convex-lens/demo-app", "exec", "vite", "--port", appPort, "--strictPort"],
    {
      env: {
        ...process.env,
        VITE_CONVEX_URL: convexUrl,
        ...(realDeployment ? {} : { VITE_LENS_BACKEND_URL: convexUrl }),
      },
    },
  );
  children.push(vite);
  appUrl = `http://localhost:${appPort}`;
}

const lines = [
  "",
  "\x1b[1mConvex Lens is running.\x1b[0m",
  "",
  appUrl ? `  Demo app:        ${appUrl}` : "  Demo app:        (not built yet)",
  realDeployment
    ? `  Convex:          ${convexUrl} (your deployment)`
    : `  Local backend:   ${convexUrl}`,
  realDeployment
    ? ""
    : `  Backend admin:   ${convexUrl}/_lens/status  (faults: POST ${convexUrl}/_lens/faults)`,
  existsSync(extensionDir)
    ? `  Extension:       ${extensionDir}`
    : "  Extension:       (not built yet)",
  "",
  "  Load the DevTools extension in Chrome:",
  "    1. open chrome://extensions and turn on Developer mode",
  `    2. click "Load unpacked" and choose ${extensionDir}`,
  '    3. open the demo app, open DevTools (F12) and pick the "Convex" panel',
  "",
  "  Press Ctrl+C to stop. Demo data is saved to .lens-data/demo.json on exit.",
  "",
];
console.log(lines.filter((line) => line !== undefined).join("\n"));

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

function shutdown(code = 0) {
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 500).unref();
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));
