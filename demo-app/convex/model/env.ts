/**
 * Reads a deployment environment variable (set with `npx convex env set`). It goes through
 * `globalThis` because this project has no `@types/node`; the generated `_generated/server.ts`
 * does the same (convex/src/cli/codegen_templates/server.ts).
 */
export function readEnv(name: string): string | undefined {
  const host = globalThis as unknown as { process?: { env?: Record<string, string | undefined> } };
  return host.process?.env?.[name];
}

/** A numeric environment variable, or `undefined` when it is unset or not a finite number. */
export function readNumberEnv(name: string): number | undefined {
  const raw = readEnv(name);
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}
