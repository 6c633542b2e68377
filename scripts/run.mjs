// Small process helpers shared by the start and test scripts. Plain Node, no dependencies, so these
// scripts work before `pnpm install` has run.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { stripAnsi, terminalStyle } from "./terminalStyle.mjs";

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Prints a progress line prefixed with the script's name (in colour only on a terminal). */
export function step(name, message) {
  console.log(`${terminalStyle(process.stdout).cyan(`[${name}]`)} ${message}`);
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

/**
 * Starts a long-running command; its output is prefixed so several can share a terminal.
 * `show(stream, line)` decides which lines reach the user (all, by default); colour the child
 * writes is removed when our own stream should get none.
 */
export function start(label, command, args, options = {}) {
  const { show = () => () => true, ...spawnOptions } = options;
  const child = spawn(command, args, {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    ...spawnOptions,
  });
  for (const [name, input, output] of [
    ["stdout", child.stdout, process.stdout],
    ["stderr", child.stderr, process.stderr],
  ]) {
    const style = terminalStyle(output);
    const accepts = show(name);
    createInterface({ input }).on("line", (line) => {
      if (line.length === 0 || !accepts(line)) return;
      output.write(`${style.dim(`${label} |`)} ${style.colour ? line : stripAnsi(line)}\n`);
    });
  }
  return child;
}

/**
 * Runs a command to completion with its output captured, for a step that should stay quiet unless
 * it fails. Resolves with the exit code and everything it printed.
 */
export function runCaptured(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      ...options,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", (error) =>
      resolve({ code: 1, stdout, stderr: `${stderr}${error.message}\n` }),
    );
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Installs the workspace's dependencies when they are missing or older than the lockfile. */
export function ensureInstalled(name) {
  const marker = join(root, "node_modules", ".modules.yaml");
  if (existsSync(marker)) return;
  step(name, "installing dependencies (pnpm install --frozen-lockfile)…");
  run("pnpm", ["install", "--frozen-lockfile"]);
}
