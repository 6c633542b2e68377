import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import ts from "typescript";

/** The repository root. */
export const REPO_ROOT = join(import.meta.dirname, "../..");
/** The documentation pages whose samples are checked. */
export const DOCS_DIR = join(REPO_ROOT, "docs");

/** One fenced ```ts or ```tsx block of a Markdown page. */
export interface CodeSample {
  /** The page, relative to the repository root, e.g. `docs/errors.md`. */
  readonly page: string;
  /** Line of the page where the code starts (1-based), for error messages that point at it. */
  readonly line: number;
  readonly lang: "ts" | "tsx";
  readonly code: string;
}

/** A compiler error in a sample, placed at its line in the Markdown page. */
export interface SampleProblem {
  readonly page: string;
  readonly line: number;
  readonly message: string;
}

const LANGS: Readonly<Record<string, "ts" | "tsx">> = { ts: "ts", typescript: "ts", tsx: "tsx" };

/** Every ```ts / ```tsx block of `markdown`, with the page line it starts on. */
export function extractSamples(markdown: string, page: string): CodeSample[] {
  const samples: CodeSample[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i] as string);
    if (!open) continue;
    const [, indent = "", fence = "```", info = ""] = open;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !(lines[j] as string).trimStart().startsWith(fence)) {
      const line = lines[j] as string;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
      j++;
    }
    const lang = LANGS[info.toLowerCase()];
    if (lang) samples.push({ page, line: i + 2, lang, code: body.join("\n") });
    i = j;
  }
  return samples;
}

/** The samples of every page in docs/ (not docs/api/, which TypeDoc generates). */
export function docsSamples(): CodeSample[] {
  return readdirSync(DOCS_DIR)
    .filter((name) => name.endsWith(".md"))
    .sort()
    .flatMap((name) => extractSamples(readFileSync(join(DOCS_DIR, name), "utf8"), `docs/${name}`));
}

// What a sample may use without creating it, so that short samples stay short. docs/README.md
// says so to readers ("How the samples are checked"); keep the two in step.
const GIVENS = `
import type { Lens } from "@convex-lens/sdk";
import type { ConvexReactClient } from "convex/react";
declare global {
  /** A lens from createLens(), as in Getting started. */
  const lens: Lens;
  /** The app's instrumented client: lens.instrument(new ConvexReactClient(url)). */
  const convex: ConvexReactClient;
  /** Vite's build-time environment, as an app's vite-env.d.ts declares it. */
  interface ImportMetaEnv {
    readonly VITE_CONVEX_URL: string;
    readonly [key: string]: string | undefined;
  }
  interface ImportMeta {
    readonly env: ImportMetaEnv;
  }
}
export {};
`;

// A sample imports the app's generated code as an app does (`../convex/_generated/api`); here that
// is the demo app's, whose functions the samples call.
const GENERATED = /(?:^|\/)convex\/_generated\/(api|dataModel|server)(?:\.js)?$/;
const DEMO_GENERATED = join(REPO_ROOT, "demo-app/convex/_generated");
// Where a sample's imports resolve when test/ does not have the package (the OpenTelemetry SDK
// packages are the SDK's own dependencies): as if the sample sat in the SDK.
const SDK_ANCHOR = join(REPO_ROOT, "sdk/src/index.ts");
const SAMPLES_DIR = import.meta.dirname;

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(REPO_ROOT, "test/tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, join(REPO_ROOT, "test"));
  // Samples are browser code: no Node globals.
  return { ...parsed.options, types: [], noEmit: true, declaration: false, sourceMap: false };
}

/**
 * Type-checks every sample as its own module against the workspace's packages (the SDK's sources,
 * `convex`, React) with the repository's strict options, and returns each compiler error at its
 * line in its page. An empty list means every sample compiles.
 */
export function compileSamples(samples: readonly CodeSample[]): SampleProblem[] {
  const options = compilerOptions();
  const virtual = new Map<string, { text: string; sample?: CodeSample }>();
  const givens = join(SAMPLES_DIR, "__samples__givens.ts");
  virtual.set(givens, { text: GIVENS });
  samples.forEach((sample, index) => {
    const name = `__sample__${basename(sample.page, ".md")}-${index}.${sample.lang}`;
    // `export {}` makes every sample a module, so samples never see each other's declarations.
    virtual.set(join(SAMPLES_DIR, name), { text: `${sample.code}\nexport {};\n`, sample });
  });

  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file);
  host.readFile = (file) => virtual.get(file)?.text ?? readFile.call(host, file);
  host.getSourceFile = (file, language, onError, create) => {
    const entry = virtual.get(file);
    return entry
      ? ts.createSourceFile(file, entry.text, language, true)
      : getSourceFile.call(host, file, language, onError, create);
  };
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, opts, containing) =>
    literals.map((literal) => {
      const generated = GENERATED.exec(literal.text)?.[1];
      if (generated) {
        return {
          resolvedModule: {
            resolvedFileName: join(DEMO_GENERATED, `${generated}.d.ts`),
            extension: ts.Extension.Dts,
            isExternalLibraryImport: false,
          },
        };
      }
      const mode = ts.getModeForUsageLocation(containing, literal, opts);
      const resolve = (from: string) =>
        ts.resolveModuleName(literal.text, from, opts, host, undefined, redirected, mode);
      const found = resolve(containingFile);
      return found.resolvedModule || !virtual.has(containingFile) ? found : resolve(SDK_ANCHOR);
    });

  const program = ts.createProgram([...virtual.keys()], options, host);
  const problems: SampleProblem[] = [];
  for (const [file, { sample }] of virtual) {
    const source = program.getSourceFile(file);
    if (!source) continue;
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    for (const diagnostic of diagnostics) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      const at =
        diagnostic.start === undefined
          ? 0
          : source.getLineAndCharacterOfPosition(diagnostic.start).line;
      problems.push({
        page: sample?.page ?? "test/docs/codeSamples.ts (the givens)",
        line: (sample?.line ?? 1) + at,
        message: `TS${diagnostic.code}: ${message}`,
      });
    }
  }
  return problems;
}
