import { execFile } from "node:child_process";

/** How a command ended, with everything it printed. */
export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion; never rejects, so a test can show what it printed. */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 120_000,
): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: childEnv(), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * The environment without the `npm_*` variables pnpm sets for the test run: npm would read them as
 * its own configuration, and the app must install as it would on a user's machine.
 */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)),
  ) as NodeJS.ProcessEnv;
}

/** A command's exit code and output, for a failure message. */
export function describeRun(what: string, ran: Ran): string {
  return `${what} exited with ${ran.code}\n--- stdout\n${ran.stdout}\n--- stderr\n${ran.stderr}`;
}

/** Runs a command and rejects, with its output, unless it exits with 0. */
export async function mustRun(
  what: string,
  command: string,
  args: string[],
  cwd: string,
  timeoutMs?: number,
): Promise<Ran> {
  const ran = await run(command, args, cwd, timeoutMs);
  if (ran.code !== 0) throw new Error(describeRun(what, ran));
  return ran;
}
