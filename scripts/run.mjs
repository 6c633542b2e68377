// Small process helpers shared by the start and test scripts. Plain Node, no dependencies, so these
// scripts work before `pnpm install` has run.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Prints a progress line prefixed with the script's name. */
export function step(name, message) {
  console.log(`\x1b[36m[${name}]\x1b[0m ${message}`);
}

/** Runs a command to completion with inherited output; exits the process with its code on failure. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root, ...options });
  if (result.error) {
    console.error(`Could not run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Starts a long-running command; its output is prefixed so several can share a terminal. */
export function start(label, command, args, options = {}) {
  const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], ...options });
  const prefix = (chunk) =>
    chunk
      .toString()
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => `\x1b[2m${label} |\x1b[0m ${line}`)
      .join("\n");
  child.stdout.on("data", (chunk) => console.log(prefix(chunk)));
  child.stderr.on("data", (chunk) => console.error(prefix(chunk)));
  return child;
}

/** Installs the workspace's dependencies when they are missing or older than the lockfile. */
export function ensureInstalled(name) {
  const marker = join(root, "node_modules", ".modules.yaml");
  if (existsSync(marker)) return;
  step(name, "installing dependencies (pnpm install --frozen-lockfile)…");
  run("pnpm", ["install", "--frozen-lockfile"]);
}
