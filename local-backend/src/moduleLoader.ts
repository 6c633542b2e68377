import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, parse, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { type BuildFailure, build, type Message, type Plugin } from "esbuild";
import { BackendError } from "./backendError.js";
import { markHandlerEntered } from "./callContext.js";
import { convexPackagePlugin } from "./convexPackagePlugin.js";
import { type CronJob, parseCronJobs } from "./cronJobs.js";
import { describeExport, FunctionRegistry, type RegisteredFunction } from "./functionRegistry.js";

/** A loaded functions directory, ready to hand to convex-test. */
export interface LoadedFunctions {
  /** The functions directory, absolute. */
  readonly dir: string;
  /** The default export of `schema.ts`, or undefined when the app has no schema. */
  readonly schema: unknown;
  /** convex-test's modules map (keys contain `_generated`, as convex-test requires). */
  readonly modules: Record<string, () => Promise<unknown>>;
  readonly registry: FunctionRegistry;
  /** The default export of `http.ts` when it is an HttpRouter; null otherwise. */
  readonly httpRouter: HttpRouterLike | null;
  /** The jobs of `crons.ts`. */
  readonly cronJobs: readonly CronJob[];
  /** Things worth telling the user that do not stop the app from loading. */
  readonly warnings: readonly string[];
  /** Removes the bundle from disk. */
  dispose(): Promise<void>;
}

/** What the backend uses of an `HttpRouter` (convex/src/server/router.ts). */
export interface HttpRouterLike {
  lookup(path: string, method: string): unknown;
}

// The extensions Convex accepts as modules (convex/src/bundler/index.ts, ENTRY_POINT_EXTENSIONS).
const MODULE_EXTENSIONS = [".js", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".jsx"];

// What `npx convex codegen` would generate, for apps that do not commit `_generated/`.
const VIRTUAL_GENERATED: Readonly<Record<string, string>> = {
  server: `export {
  queryGeneric as query,
  internalQueryGeneric as internalQuery,
  mutationGeneric as mutation,
  internalMutationGeneric as internalMutation,
  actionGeneric as action,
  internalActionGeneric as internalAction,
  httpActionGeneric as httpAction,
} from "convex/server";
`,
  api: `import { anyApi, componentsGeneric } from "convex/server";
export const api = anyApi;
export const internal = anyApi;
export const components = componentsGeneric();
`,
  dataModel: "export {};\n",
};

const MODULES_ROOT = "/convex/";
const HANDLER_WRAPPED = Symbol.for("convex-lens.handler-wrapped");

interface ModuleFiles {
  /** Module path (`folder/file`) → absolute source file. */
  readonly modules: Map<string, string>;
  readonly schemaFile: string | undefined;
  readonly warnings: string[];
}

function isTypeScript(file: string): boolean {
  return /\.(ts|tsx|mts|cts)$/.test(file);
}

/** Lists module files with the rules `npx convex dev` uses (convex/src/bundler/index.ts `entryPoints`). */
function findModuleFiles(dir: string): ModuleFiles {
  const modules = new Map<string, string>();
  const warnings: string[] = [];
  let schemaFile: string | undefined;
  const walk = (current: string, depth: number) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      const rel = relative(dir, full);
      if (entry.isDirectory()) {
        if (entry.name === "node_modules" || (depth === 0 && entry.name === "_generated")) {
          continue;
        }
        if (existsSync(join(full, "convex.config.ts"))) {
          warnings.push(
            `Skipping ${rel}: it defines a component, which the local backend does not run.`,
          );
          continue;
        }
        walk(full, depth + 1);
        continue;
      }
      if (!entry.isFile()) {
        continue;
      }
      const { base, ext, name } = parse(entry.name);
      if (!MODULE_EXTENSIONS.includes(ext.toLowerCase())) {
        continue;
      }
      if (depth === 0 && (base === "schema.ts" || base === "schema.js")) {
        schemaFile = full;
        continue;
      }
      if (
        base.startsWith(".") ||
        base.startsWith("#") ||
        (base.match(/\./g) ?? []).length > 1 ||
        rel.includes(" ")
      ) {
        if (depth === 0 && base === "convex.config.ts") {
          warnings.push(
            "This app uses components (convex.config.ts); the local backend does not run them.",
          );
        }
        continue;
      }
      if (isTypeScript(full) && !/^\s{0,100}(import|export)/m.test(readFileSync(full, "utf8"))) {
        continue;
      }
      const modulePath = join(relative(dir, current), name).split(sep).join("/");
      modules.set(modulePath, full);
    }
  };
  walk(dir, 0);
  return { modules, schemaFile, warnings };
}

function virtualGeneratedPlugin(dir: string): Plugin {
  const generatedDir = join(dir, "_generated");
  return {
    name: "convex-lens-virtual-generated",
    setup(b) {
      b.onResolve(
        { filter: /(^|\/)_generated\/(server|api|dataModel)(\.js|\.ts|\.d\.ts)?$/ },
        (args) => {
          if (args.namespace !== "file") {
            return undefined;
          }
          const target = resolve(args.resolveDir, args.path);
          if (!target.startsWith(generatedDir + sep)) {
            return undefined;
          }
          const base = target.replace(/(\.d\.ts|\.js|\.ts)$/, "");
          if (
            [".js", ".ts", ".mjs", ""].some(
              (ext) => existsSync(base + ext) && statSync(base + ext).isFile(),
            )
          ) {
            return undefined;
          }
          const name = /(server|api|dataModel)$/.exec(base)?.[1] ?? "dataModel";
          return { path: name, namespace: "convex-lens-generated" };
        },
      );
      b.onLoad({ filter: /.*/, namespace: "convex-lens-generated" }, (args) => ({
        contents: VIRTUAL_GENERATED[args.path] ?? "export {};\n",
        loader: "js",
        resolveDir: dir,
      }));
    },
  };
}

// Stubs Next.js's `server-only` marker, as `npx convex dev` does (convex/src/bundler/serverOnly.ts).
const serverOnlyPlugin: Plugin = {
  name: "convex-lens-server-only",
  setup(b) {
    b.onResolve({ filter: /^server-only$/ }, (args) => ({
      path: args.path,
      namespace: "server-only-stub",
    }));
    b.onLoad({ filter: /.*/, namespace: "server-only-stub" }, () => ({
      contents: "",
      loader: "js",
    }));
  },
};

function formatBuildMessages(dir: string, messages: readonly Message[]): string {
  return messages
    .slice(0, 10)
    .map((message) => {
      const location = message.location;
      if (location === null) {
        return message.text;
      }
      const file = isAbsolute(location.file) ? relative(dir, location.file) : location.file;
      return `${file}:${location.line}:${location.column}: ${message.text}`;
    })
    .join("\n");
}

function isBuildFailure(error: unknown): error is BuildFailure {
  return (
    typeof error === "object" && error !== null && Array.isArray((error as BuildFailure).errors)
  );
}

function wrapHandlers(namespace: Record<string, unknown>): void {
  for (const value of Object.values(namespace)) {
    if (describeExport(value) === null) {
      continue;
    }
    const fn = value as { _handler?: unknown };
    const original = fn._handler;
    if (
      typeof original !== "function" ||
      (original as { [HANDLER_WRAPPED]?: boolean })[HANDLER_WRAPPED]
    ) {
      continue;
    }
    const wrapped = function (this: unknown, ...args: unknown[]) {
      markHandlerEntered();
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    Object.defineProperty(wrapped, HANDLER_WRAPPED, { value: true });
    fn._handler = wrapped;
  }
}

/**
 * Loads a standard Convex functions directory. Like `npx convex dev`, it bundles every module
 * with esbuild (so the app's package.json "type" does not matter), into a temp dir as ESM, with
 * `convex/*` resolved to this package's copy and a virtual `_generated/` when none is committed.
 * Every module is imported up front so a failing one is reported by file and reason.
 */
export async function loadFunctions(functionsDir: string): Promise<LoadedFunctions> {
  const dir = resolve(functionsDir);
  if (!existsSync(dir)) {
    throw new BackendError("FunctionsDirNotFound", `Functions directory not found: ${dir}`);
  }
  if (!statSync(dir).isDirectory()) {
    throw new BackendError("FunctionsDirNotFound", `Not a directory: ${dir}`);
  }
  const { modules: moduleFiles, schemaFile, warnings } = findModuleFiles(dir);
  if (moduleFiles.size === 0) {
    warnings.push(`No Convex modules found in ${dir}.`);
  }
  const entryPoints = [...moduleFiles.values()];
  if (schemaFile !== undefined) {
    entryPoints.push(schemaFile);
  }
  const outDir = await mkdtemp(join(tmpdir(), "convex-lens-functions-"));
  const dispose = () => rm(outDir, { recursive: true, force: true });
  try {
    await writeFile(join(outDir, "package.json"), '{ "type": "module" }\n');
    const outputs = new Map<string, string>();
    if (entryPoints.length > 0) {
      let result: Awaited<ReturnType<typeof build>>;
      try {
        result = await build({
          entryPoints,
          absWorkingDir: dir,
          bundle: true,
          format: "esm",
          platform: "node",
          target: "node20",
          jsx: "automatic",
          outdir: outDir,
          outbase: dir,
          outExtension: { ".js": ".mjs" },
          splitting: true,
          chunkNames: "_deps/[hash]",
          conditions: ["convex", "module"],
          keepNames: true,
          define: { "process.env.NODE_ENV": '"production"' },
          banner: {
            js: 'import { createRequire as __lensCreateRequire } from "node:module"; const require = __lensCreateRequire(import.meta.url);',
          },
          metafile: true,
          logLevel: "silent",
          plugins: [serverOnlyPlugin, convexPackagePlugin(), virtualGeneratedPlugin(dir)],
        });
      } catch (error) {
        if (isBuildFailure(error)) {
          throw new BackendError(
            "ModuleLoadFailed",
            `Could not bundle the functions in ${dir}:\n${formatBuildMessages(dir, error.errors)}`,
            { cause: error },
          );
        }
        throw error;
      }
      for (const [outFile, output] of Object.entries(result.metafile?.outputs ?? {})) {
        if (output.entryPoint !== undefined) {
          outputs.set(resolve(dir, output.entryPoint), resolve(dir, outFile));
        }
      }
    }

    const importModule = async (sourceFile: string): Promise<Record<string, unknown>> => {
      const outFile = outputs.get(sourceFile);
      if (outFile === undefined) {
        throw new BackendError(
          "ModuleLoadFailed",
          `Failed to load ${relative(dir, sourceFile)}: no bundle output`,
        );
      }
      try {
        return (await import(pathToFileURL(outFile).href)) as Record<string, unknown>;
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new BackendError(
          "ModuleLoadFailed",
          `Failed to load ${relative(dir, sourceFile)}: ${reason}`,
          {
            cause: error,
          },
        );
      }
    };

    let schema: unknown;
    if (schemaFile !== undefined) {
      schema = (await importModule(schemaFile)).default;
      if (typeof schema !== "object" || schema === null || !("tables" in schema)) {
        throw new BackendError(
          "ModuleLoadFailed",
          `Failed to load ${relative(dir, schemaFile)}: its default export must be defineSchema(...)`,
        );
      }
    }

    const functions: RegisteredFunction[] = [];
    const modules: Record<string, () => Promise<unknown>> = {
      [`${MODULES_ROOT}_generated/api.js`]: async () => ({}),
    };
    let httpRouter: HttpRouterLike | null = null;
    let cronJobs: CronJob[] = [];
    for (const [modulePath, sourceFile] of moduleFiles) {
      const namespace = await importModule(sourceFile);
      if (modulePath === "http") {
        const router = namespace.default as { isRouter?: unknown; lookup?: unknown } | undefined;
        if (router?.isRouter === true && typeof router.lookup === "function") {
          httpRouter = router as HttpRouterLike;
        } else {
          warnings.push("http.ts has no HTTP routes: its default export must be httpRouter().");
        }
      }
      if (modulePath === "crons") {
        const parsed = parseCronJobs(namespace.default);
        cronJobs = parsed.jobs;
        warnings.push(...parsed.warnings);
      }
      wrapHandlers(namespace);
      modules[`${MODULES_ROOT}${modulePath}.js`] = async () => namespace;
      for (const [exportName, value] of Object.entries(namespace)) {
        const described = describeExport(value);
        if (described !== null) {
          functions.push({ path: `${modulePath}:${exportName}`, ...described });
        }
      }
    }
    const registry = new FunctionRegistry(functions);
    cronJobs = cronJobs.filter((job) => {
      const fn = registry.get(job.udfPath);
      if (fn === undefined || fn.kind === "query") {
        warnings.push(
          `Skipping cron job "${job.name}": ${job.udfPath} is not a mutation or action of this app.`,
        );
        return false;
      }
      return true;
    });
    return { dir, schema, modules, registry, httpRouter, cronJobs, warnings, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
