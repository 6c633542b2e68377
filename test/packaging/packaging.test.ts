import { existsSync, readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOrphanOutput } from "./orphanOutput.js";
import { type Packed, pack } from "./pack.js";
import { type PublishedPackage, publishedPackages, REPO_ROOT } from "./publishedPackages.js";
import { describeRun, mustRun, run } from "./run.js";

// Issue 14 §4: every package meant for npm is packed with `pnpm pack` and installed, as a user
// installs it, into an app outside the workspace with its peers from the npm registry. The app
// imports every entry point, makes a real call through the packed SDK to the packed local backend,
// type-checks a consumer file with tsc and runs each command. The app's files are in
// test/fixtures/packaging-app/.

/** Peers and tools the app installs from the registry, pinned to what the workspace uses. */
const REGISTRY_DEPENDENCIES: Readonly<Record<string, string>> = {
  convex: "1.48.0",
  "@opentelemetry/api": "1.9.0",
  react: "19.3.1",
  "react-dom": "19.3.1",
  // The optional peers, so that every entry can be imported and type-checked.
  "@opentelemetry/sdk-trace-web": "2.12.0",
  "@opentelemetry/resources": "2.12.0",
  "@opentelemetry/exporter-trace-otlp-http": "0.219.0",
  "convex-helpers": "0.1.135",
  "@types/react": "19.3.1",
  typescript: "5.9.3",
};
/** The newest @opentelemetry/api 1.x on npm when this was written: above OpenTelemetry SDK 2.x's range. */
const LATEST_API = "1.10.0";

const FIXTURE_DIR = join(REPO_ROOT, "test/fixtures/packaging-app");

/** npm's cache outlives each run's temp app, so a rerun does not download everything again. */
const NPM_CACHE = join(tmpdir(), "convex-lens-packaging-npm-cache");

/** Every file path an `exports` value points at, through nested conditions. */
function exportTargets(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value === null || typeof value !== "object") return [];
  return Object.values(value).flatMap(exportTargets);
}

/** The specifiers an app imports for a package's `exports` (`@convex-lens/sdk/react`, …). */
function entrySpecifiers(name: string, exports: unknown): string[] {
  const entries =
    typeof exports === "string" ? ["."] : Object.keys((exports ?? {}) as Record<string, unknown>);
  return entries.map((entry) => (entry === "." ? name : name + entry.slice(1)));
}

/** Writes an app's package.json with `dependencies` and runs `npm install` in it. */
async function install(dir: string, dependencies: Record<string, string>): Promise<void> {
  const manifest = { name: "lens-packaging-app", private: true, type: "module", dependencies };
  await writeFile(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await mustRun(
    `npm install (${dir})`,
    "npm",
    [
      "install",
      "--cache",
      NPM_CACHE,
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
    ],
    dir,
    240_000,
  );
}

const packages = publishedPackages();
const sdk = packages.find((pkg) => pkg.name === "@convex-lens/sdk") as PublishedPackage;
const collector = packages.find((pkg) => pkg.name === "@convex-lens/collector") as PublishedPackage;
let root: string;
let app: string;
let minimalApp: string;
let collectorApp: string;
const packedByName = new Map<string, Packed>();

function packedOf(pkg: PublishedPackage): Packed {
  const packed = packedByName.get(pkg.name);
  if (packed === undefined) throw new Error(`${pkg.name} was not packed`);
  return packed;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "convex-lens-packaging-"));
  // Inside the workspace, Node would also find the workspace's node_modules and hide a missing
  // dependency.
  expect(relative(REPO_ROOT, root).startsWith("..")).toBe(true);
  const tarballs = join(root, "tarballs");
  app = join(root, "app");
  await mkdir(tarballs);
  await cp(FIXTURE_DIR, app, { recursive: true });

  for (const packed of await Promise.all(packages.map((pkg) => pack(pkg, tarballs)))) {
    packedByName.set(packed.pkg.name, packed);
  }
  const dependencies: Record<string, string> = { ...REGISTRY_DEPENDENCIES };
  for (const packed of packedByName.values()) {
    dependencies[packed.pkg.name] = `file:${packed.tarball}`;
  }
  // A second app with the SDK and its required peers only, the API at npm's latest 1.x (what a bare
  // `npm install @opentelemetry/api` picks): the core needs nothing of OpenTelemetry's SDK packages,
  // whose own peer ranges stop below 1.10.
  minimalApp = join(root, "minimal-app");
  await mkdir(minimalApp);
  // A third app with the collector alone, as `npm i @convex-lens/collector` installs a Node CLI.
  collectorApp = join(root, "collector-app");
  await mkdir(collectorApp);
  await Promise.all([
    install(collectorApp, { "@convex-lens/collector": `file:${packedOf(collector).tarball}` }),
    install(app, dependencies),
    install(minimalApp, {
      "@convex-lens/sdk": `file:${packedOf(sdk).tarball}`,
      convex: REGISTRY_DEPENDENCIES.convex as string,
      "@opentelemetry/api": LATEST_API,
    }),
  ]);
}, 300_000);

afterAll(async () => {
  if (root !== undefined) await rm(root, { recursive: true, force: true });
});

describe("packed as users install it", () => {
  it("packs the SDK, the collector and the local backend, the packages meant for npm", () => {
    expect(packages.map((pkg) => pkg.name)).toEqual(
      expect.arrayContaining([
        "@convex-lens/sdk",
        "@convex-lens/collector",
        "@convex-lens/local-backend",
      ]),
    );
  });

  describe.each(packages.map((pkg) => [pkg.name, pkg] as const))("%s", (_name, pkg) => {
    it("carries the Apache-2.0 LICENSE, README.md and its repository, keywords and engines", () => {
      const { files, manifest, license } = packedOf(pkg);
      expect(files).toContain("LICENSE");
      expect(license).toBe(readFileSync(join(REPO_ROOT, "LICENSE"), "utf8"));
      expect(files).toContain("README.md");
      expect(manifest.license).toBe("Apache-2.0");
      expect(manifest.repository).toMatchObject({ type: "git", directory: pkg.dir });
      expect(manifest.keywords).toEqual(expect.arrayContaining([expect.any(String)]));
      expect(manifest.engines).toMatchObject({ node: expect.any(String) });
    });

    it("holds only its build, its command and its docs: no sources, tests or test doubles", () => {
      const stray = [...packedOf(pkg).files].filter(
        (file) =>
          !/^(dist|bin)\//.test(file) && !["package.json", "README.md", "LICENSE"].includes(file),
      );
      expect(stray).toEqual([]);
      const tests = [...packedOf(pkg).files].filter((file) =>
        /(\.test(-d)?\.|(^|\/)test-support\/|\.tsbuildinfo$)/.test(file),
      );
      expect(tests).toEqual([]);
    });

    it("ships no build output whose source is gone (a module deleted or moved since a build)", () => {
      const packageDir = join(REPO_ROOT, pkg.dir);
      const orphans = [...packedOf(pkg).files].filter((file) => isOrphanOutput(packageDir, file));
      expect(orphans).toEqual([]);
    });

    it("is published with publishConfig applied: every export and bin target is in the tarball", () => {
      const { files, manifest } = packedOf(pkg);
      const targets = [...exportTargets(manifest.exports), ...exportTargets(manifest.bin)];
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) {
        expect(target, "a published export points at built files").not.toMatch(/^\.\/src\//);
        expect(files, `${pkg.name} ships ${target}`).toContain(target.replace(/^\.\//, ""));
      }
      expect(manifest.publishConfig).toBeUndefined();
    });

    it("publishes every entry the workspace exports (publishConfig.exports lists them all)", () => {
      const workspace = JSON.parse(readFileSync(join(REPO_ROOT, pkg.dir, "package.json"), "utf8"));
      expect(entrySpecifiers(pkg.name, packedOf(pkg).manifest.exports)).toEqual(
        entrySpecifiers(pkg.name, workspace.exports),
      );
    });

    it("depends on the other packages by version, not through workspace:", () => {
      const { manifest } = packedOf(pkg);
      for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
        const ranges = (manifest[field] ?? {}) as Record<string, string>;
        for (const [name, range] of Object.entries(ranges)) {
          expect(range, `${field}.${name}`).not.toMatch(/^workspace:/);
          const sibling = packages.find((other) => other.name === name);
          if (sibling !== undefined) expect(range, `${field}.${name}`).toBe(sibling.version);
        }
      }
    });
  });

  it("imports the core entry with only the required peers installed (convex, @opentelemetry/api)", async () => {
    expect(existsSync(join(minimalApp, "node_modules/react"))).toBe(false);
    // npm ls fails on a peer outside its range: the core takes any @opentelemetry/api 1.x from 1.4.
    await mustRun("npm ls", "npm", ["ls", "--all", "--loglevel=error"], minimalApp);
    const ran = await mustRun(
      "import @convex-lens/sdk",
      process.execPath,
      [
        "--input-type=module",
        "-e",
        'const { createLens } = await import("@convex-lens/sdk"); await createLens().shutdown();',
      ],
      minimalApp,
    );
    expect(ran.stderr).toBe("");
  });

  it("imports every entry point the packages list in exports, from a plain Node ESM script", async () => {
    const names = packages.map((pkg) => pkg.name);
    const ran = await mustRun(
      "importEntries.mjs",
      process.execPath,
      ["importEntries.mjs", ...names],
      app,
    );
    const report = JSON.parse(ran.stdout.trim().split("\n").at(-1) ?? "{}") as Record<
      string,
      { exports?: string[]; error?: string }
    >;
    const expected = packages.flatMap((pkg) =>
      entrySpecifiers(pkg.name, packedOf(pkg).manifest.exports),
    );
    expect(Object.keys(report).sort()).toEqual([...expected].sort());
    for (const [specifier, result] of Object.entries(report)) {
      expect(result.error, specifier).toBeUndefined();
      expect(result.exports?.length, `${specifier} exports something`).toBeGreaterThan(0);
    }
    expect(report["@convex-lens/sdk"]?.exports).toEqual(
      expect.arrayContaining(["createLens", "LensError"]),
    );
  });

  it("makes a real call: the packed SDK instruments ConvexHttpClient against the packed local backend", async () => {
    // The installed spawn helper starts the installed bin, resolved through the package's exports.
    const installed = createRequire(join(app, "package.json"));
    const spawnModule: typeof import("@convex-lens/local-backend/spawn") = await import(
      installed.resolve("@convex-lens/local-backend/spawn")
    );
    const backend = await spawnModule.spawnLocalBackend({ functionsDir: join(app, "convex") });
    try {
      expect(backend.adminToken.length).toBeGreaterThan(0);
      expect(spawnModule.LOCAL_BACKEND_BIN.startsWith(join(app, "node_modules"))).toBe(true);
      const ran = await mustRun(
        "callBackend.mjs",
        process.execPath,
        ["callBackend.mjs", backend.url],
        app,
      );
      const result = JSON.parse(ran.stdout.trim().split("\n").at(-1) ?? "{}");
      expect(result.messages).toEqual([
        expect.objectContaining({ _id: result.id, body: "from a tarball" }),
      ]);
      expect(result.missing).toEqual({ isLensError: true, code: "FUNCTION_NOT_FOUND" });
      expect(result.records).toEqual([
        { functionPath: "messages:send", kind: "mutation", transport: "http", error: null },
        { functionPath: "messages:list", kind: "query", transport: "http", error: null },
        {
          functionPath: "messages:absent",
          kind: "query",
          transport: "http",
          error: "FUNCTION_NOT_FOUND",
        },
      ]);
      expect((await backend.status()).counters).toMatchObject({ queries: 2, mutations: 1 });
    } finally {
      await backend.stop();
    }
  });

  it("type-checks a consumer file against the installed types, strict, with bundler and node16 resolution", async () => {
    const tsc = join(app, "node_modules/typescript/bin/tsc");
    const checks = await Promise.all(
      ["tsconfig.bundler.json", "tsconfig.node16.json"].map(async (config) => ({
        config,
        ran: await run(process.execPath, [tsc, "-p", config], app),
      })),
    );
    for (const { config, ran } of checks) {
      expect(ran.code, describeRun(`tsc -p ${config}`, ran)).toBe(0);
    }
    // About 6 s of CPU; slower when the other suites share the two cores.
  }, 120_000);

  it.each(packages.filter((pkg) => pkg.hasBin).map((pkg) => [pkg.name, pkg] as const))(
    "runs the command of %s from the install: --help",
    async (_name, pkg) => {
      const { bin } = packedOf(pkg).manifest;
      const commands =
        typeof bin === "string" ? [pkg.name.replace(/^@[^/]+\//, "")] : Object.keys(bin ?? {});
      expect(commands.length).toBeGreaterThan(0);
      for (const command of commands) {
        const ran = await run(join(app, "node_modules/.bin", command), ["--help"], app, 30_000);
        expect(ran.code, describeRun(`${command} --help`, ran)).toBe(0);
        expect(ran.stdout).toContain(command);
      }
    },
  );
});

describe("the collector installed alone", () => {
  it("installs neither the SDK nor convex: the trace-line reader is compiled into it", async () => {
    const { manifest } = packedOf(collector);
    expect(Object.keys((manifest.dependencies ?? {}) as Record<string, string>)).not.toContain(
      "@convex-lens/sdk",
    );
    await mustRun("npm ls", "npm", ["ls", "--all", "--loglevel=error"], collectorApp);
    expect(existsSync(join(collectorApp, "node_modules/@convex-lens/collector"))).toBe(true);
    expect(existsSync(join(collectorApp, "node_modules/@convex-lens/sdk"))).toBe(false);
    expect(existsSync(join(collectorApp, "node_modules/convex"))).toBe(false);
  });

  it("runs convex-lens-collector --help", async () => {
    const command = join(collectorApp, "node_modules/.bin/convex-lens-collector");
    const ran = await run(command, ["--help"], collectorApp, 30_000);
    expect(ran.code, describeRun("convex-lens-collector --help", ran)).toBe(0);
    expect(ran.stdout).toContain("convex-lens-collector");
  });

  it("reads a traced function's log line with the SDK's reader it ships", async () => {
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const span = { i: "b7ad6b7169203331", n: "query messages:list", k: "server", t: 1, d: 2 };
    const message = `[convex-lens] ${JSON.stringify({ v: 1, t: traceId, s: [span], o: 0 })}`;
    const ran = await mustRun(
      "findTraceLine",
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { findTraceLine } = await import("@convex-lens/collector");
         console.log(JSON.stringify(findTraceLine([process.argv[1]])));`,
        message,
      ],
      collectorApp,
    );
    expect(JSON.parse(ran.stdout)).toMatchObject({ t: traceId, s: [span] });
  });

  it("type-checks a consumer against its types: the trace line's are in the tarball, not any", async () => {
    // With skipLibCheck (as apps have it), a type from a package that is not installed is any.
    await writeFile(
      join(collectorApp, "consumer.ts"),
      [
        'import { type Execution, findTraceLine } from "@convex-lens/collector";',
        "export const traceId: string | undefined = findTraceLine([])?.t;",
        "// @ts-expect-error a trace line is not a number",
        "export const notANumber: number | undefined = findTraceLine([]);",
        "// @ts-expect-error an execution's line is not a string",
        "export const notAString: string | undefined = ({} as Execution).line;",
        "",
      ].join("\n"),
    );
    const compilerOptions = {
      strict: true,
      module: "nodenext",
      moduleResolution: "nodenext",
      noEmit: true,
      skipLibCheck: true,
      types: [],
    };
    await writeFile(
      join(collectorApp, "tsconfig.json"),
      JSON.stringify({ compilerOptions, files: ["consumer.ts"] }),
    );
    // The collector app has no TypeScript of its own; the full app's compiler checks its files.
    const ran = await run(
      process.execPath,
      [join(app, "node_modules/typescript/bin/tsc")],
      collectorApp,
    );
    expect(ran.code, describeRun("tsc (collector alone)", ran)).toBe(0);
  }, 120_000);
});
