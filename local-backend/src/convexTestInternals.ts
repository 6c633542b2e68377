import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { BackendError } from "./backendError.js";
import { convexPackagePlugin, PACKAGE_DIR } from "./convexPackagePlugin.js";
import { tableFromId } from "./documentId.js";
import { UNKNOWN_TABLE } from "./readSet.js";

/** A convex-test function accessor (`t` or `t.withIdentity(...)`), reduced to what we call. */
export interface ConvexTestCaller {
  query(reference: unknown, args: Record<string, unknown>): Promise<unknown>;
  mutation(reference: unknown, args: Record<string, unknown>): Promise<unknown>;
  action(reference: unknown, args: Record<string, unknown>): Promise<unknown>;
  run(handler: (ctx: unknown) => Promise<unknown>): Promise<unknown>;
  /** Calls the app's `http.ts` router (`path` starts with `/` and may carry a query string). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** The object `convexTest()` returns. */
export interface ConvexTestInstance extends ConvexTestCaller {
  withIdentity(identity: Record<string, unknown>): ConvexTestCaller;
}

/** The fields of convex-test's in-memory `DatabaseFake` (convex-test/dist/index.js) we rely on. */
export interface DatabaseInternals {
  _writes: Record<string, unknown>[];
  _documents: Record<string, Record<string, unknown>>;
  _tableIds: Map<string, Set<string>>;
  _storage: Record<string, Blob>;
  _nextDocId: number;
  _lastCreationTime: number;
}

interface ConvexGlobalInternals {
  components: Record<string, { db: DatabaseInternals } | undefined>;
}

interface PatchedConvexTestModule {
  convexTest(schema: unknown, modules: Record<string, () => Promise<unknown>>): ConvexTestInstance;
  __lensDatabaseFake: {
    prototype: { commit: (this: DatabaseInternals, ...args: unknown[]) => unknown };
  };
  __lensGetConvexGlobal(): ConvexGlobalInternals;
  __lensRunScheduledFunction(
    convexGlobal: ConvexGlobalInternals,
    jobId: string,
    name: string,
    args: unknown,
  ): Promise<void>;
}

/** The pinned convex-test version whose internals this file was written against. */
export const SUPPORTED_CONVEX_TEST_VERSION = "0.0.70";

// convex-test keeps its database and transaction state private. Three internals are exported
// from a bundled copy: `DatabaseFake`, to observe every top-level commit (including writes by
// scheduled functions and actions' runMutation, which no public API reports); `getConvexGlobal`,
// to reach the root database for exact snapshot export and import; and its scheduled-function
// runner, to resume functions that were still pending when a `--data` backend stopped.
const APPENDIX = `
export { DatabaseFake as __lensDatabaseFake, getConvexGlobal as __lensGetConvexGlobal };
export function __lensRunScheduledFunction(convexGlobal, jobId, name, args) {
  const db = convexGlobal.components[""].db;
  const functionPath = { componentPath: "", udfPath: name };
  return convexGlobalStorage.run(convexGlobal, () =>
    runScheduledFunction({ db, jobId, componentPath: "", functionPath, args, name }),
  );
}
`;

// `t.fetch` hands HTTP actions a Request on a made-up origin; a deployment's is its site URL,
// which apps use to build absolute links. The backend sets CONVEX_SITE_URL once it listens.
// These are source text, not templates: `${…}` is assembled so no placeholder appears literally.
const PATH_PLACEHOLDER = ["$", "{path}"].join("");
const SITE_URL_SOURCE = `new URL(\`https://some.convex.site${PATH_PLACEHOLDER}\`)`;
const SITE_URL_PATCHED = `new URL(\`$\{process.env.CONVEX_SITE_URL || "https://some.convex.site"}${PATH_PLACEHOLDER}\`)`;

type CommitListener = (tables: ReadonlySet<string>) => void;
const commitListeners = new WeakMap<object, CommitListener>();

let loading: Promise<PatchedConvexTestModule> | undefined;

function installCommitHook(module: PatchedConvexTestModule): void {
  const prototype = module.__lensDatabaseFake?.prototype;
  if (typeof prototype?.commit !== "function") {
    throw new Error("DatabaseFake.commit not found");
  }
  const original = prototype.commit;
  prototype.commit = function commitAndNotify(this: DatabaseInternals, ...args: unknown[]) {
    const topLevel = this._writes.length === 1;
    const writes = topLevel ? this._writes[0] : undefined;
    const result = original.apply(this, args);
    const listener = commitListeners.get(this);
    if (listener !== undefined && writes !== undefined) {
      const tables = new Set<string>();
      for (const id of Object.keys(writes)) {
        tables.add(tableFromId(id) ?? UNKNOWN_TABLE);
      }
      try {
        listener(tables);
      } catch {
        // A listener must never break convex-test's commit.
      }
    }
    return result;
  };
}

async function bundleAndImport(): Promise<PatchedConvexTestModule> {
  const require = createRequire(join(PACKAGE_DIR, "package.json"));
  const entry = require.resolve("convex-test");
  const version = (
    JSON.parse(readFileSync(require.resolve("convex-test/package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  const outDir = mkdtempSync(join(tmpdir(), "convex-lens-runtime-"));
  process.once("exit", () => rmSync(outDir, { recursive: true, force: true }));
  const outfile = join(outDir, "convex-test.mjs");
  try {
    await build({
      entryPoints: [entry],
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      outfile,
      logLevel: "silent",
      plugins: [
        convexPackagePlugin(),
        {
          name: "convex-lens-expose-internals",
          setup(b) {
            b.onLoad({ filter: /.*/ }, (args) => {
              if (args.path !== entry) {
                return undefined;
              }
              const source = readFileSync(entry, "utf8");
              if (!source.includes(SITE_URL_SOURCE)) {
                throw new Error("t.fetch's request URL is not where it was expected");
              }
              return {
                contents: source.replace(SITE_URL_SOURCE, SITE_URL_PATCHED) + APPENDIX,
                loader: "js",
              };
            });
          },
        },
      ],
    });
    const module = (await import(pathToFileURL(outfile).href)) as PatchedConvexTestModule;
    installCommitHook(module);
    if (
      typeof module.__lensGetConvexGlobal !== "function" ||
      typeof module.__lensRunScheduledFunction !== "function" ||
      typeof module.convexTest !== "function"
    ) {
      throw new Error("expected exports are missing");
    }
    return module;
  } catch (error) {
    throw new BackendError(
      "ConvexTestIncompatible",
      `Could not load convex-test ${version} (the local backend supports ${SUPPORTED_CONVEX_TEST_VERSION}): ${
        error instanceof Error ? error.message : String(error)
      }`,
      { cause: error },
    );
  }
}

/** A convex-test instance plus the internals the backend needs. */
export interface ConvexTestRuntime {
  readonly t: ConvexTestInstance;
  readonly db: DatabaseInternals;
  /**
   * Runs a `_scheduled_functions` job the way convex-test's scheduler does (moving the job
   * through inProgress to success or failed). For jobs restored from a data file.
   */
  runScheduledFunction(jobId: string, name: string, args: unknown): Promise<void>;
}

/**
 * Creates a convex-test instance over `modules`, and calls `onCommit` with the written tables
 * after every top-level commit. One patched convex-test module is shared per process: each copy
 * would install its own `global.Convex`, and only the last would work.
 */
export async function createConvexTestRuntime(
  schema: unknown,
  modules: Record<string, () => Promise<unknown>>,
  onCommit: CommitListener,
): Promise<ConvexTestRuntime> {
  loading ??= bundleAndImport();
  let module: PatchedConvexTestModule;
  try {
    module = await loading;
  } catch (error) {
    loading = undefined;
    throw error;
  }
  const t = module.convexTest(schema, modules);
  let db: DatabaseInternals | undefined;
  let convexGlobal: ConvexGlobalInternals | undefined;
  await t.run(async () => {
    convexGlobal = module.__lensGetConvexGlobal();
    db = convexGlobal.components[""]?.db;
    return null;
  });
  if (
    db === undefined ||
    convexGlobal === undefined ||
    !Array.isArray(db._writes) ||
    !(db._tableIds instanceof Map) ||
    typeof db._documents !== "object" ||
    typeof db._nextDocId !== "number"
  ) {
    throw new BackendError(
      "ConvexTestIncompatible",
      `convex-test's database internals changed; the local backend supports convex-test ${SUPPORTED_CONVEX_TEST_VERSION}`,
    );
  }
  commitListeners.set(db, onCommit);
  const global = convexGlobal;
  return {
    t,
    db,
    runScheduledFunction: (jobId, name, args) =>
      module.__lensRunScheduledFunction(global, jobId, name, args),
  };
}
