// The browser tests need Debian's Chromium (never a browser downloaded by a test tool). This installs
// it when it is missing and we may (root on Debian), or fails naming what to install.
import { existsSync, readFileSync } from "node:fs";
import { run, step } from "./run.mjs";

/** Where the browser tests expect Chromium; CHROMIUM_PATH overrides it. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Makes sure Chromium is installed, installing it with apt when possible. */
export function ensureChromium(name) {
  if (existsSync(chromiumPath)) return;
  const debian = existsSync("/etc/debian_version");
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (debian && isRoot) {
    step(name, "Chromium is missing: installing Debian's chromium (apt-get install chromium)…");
    run("apt-get", ["update", "-qq"], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    run("apt-get", ["install", "-y", "-qq", "chromium", "fonts-liberation"], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (existsSync(chromiumPath)) return;
  }
  const os = existsSync("/etc/os-release")
    ? readFileSync("/etc/os-release", "utf8").match(/^PRETTY_NAME="?(.*?)"?$/m)?.[1]
    : process.platform;
  console.error(
    `The browser tests need Chromium at ${chromiumPath} and it is missing (${os ?? "unknown OS"}).\n` +
      "Install it, e.g. on Debian/Ubuntu: sudo apt-get install chromium fonts-liberation\n" +
      "or point CHROMIUM_PATH at a Chromium/Chrome binary.",
  );
  process.exit(1);
}
