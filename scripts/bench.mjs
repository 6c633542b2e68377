// `pnpm bench`: runs every benchmark in test/bench/ in several fresh processes, prints a table of
// medians with min–max across processes, and writes the results to bench/results/.
//
//   pnpm bench                     all benchmarks, 5 processes each
//   pnpm bench sketch overhead     only benchmarks whose file name contains one of the words
//   BENCH_RUNS=3 pnpm bench        fewer processes
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { ensureInstalled, root, run, step } from "./run.mjs";

const name = "bench";
const runs = Number(process.env.BENCH_RUNS ?? 5);
const filters = process.argv.slice(2);
const benchDir = join(root, "test", "bench");
const buildDir = join(benchDir, ".build");
const resultsDir = join(root, "bench", "results");

ensureInstalled(name);

const benches = readdirSync(benchDir)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => filters.length === 0 || filters.some((word) => file.includes(word)))
  .sort();
if (benches.length === 0) {
  console.error(
    `No benchmark matches ${filters.join(", ")}. Available: ${readdirSync(benchDir)
      .filter((f) => f.endsWith(".bench.ts"))
      .join(", ")}`,
  );
  process.exit(1);
}

if (benches.some((file) => file.includes("loopback"))) {
  step(name, "building the local backend (the loopback benchmark spawns it)…");
  run("pnpm", ["--filter", "@convex-lens/local-backend", "run", "build"]);
}
const esbuild = join(root, "test", "node_modules", ".bin", "esbuild");
mkdirSync(buildDir, { recursive: true });
const all = [];
for (const file of benches) {
  const bench = file.replace(/\.bench\.ts$/, "");
  const bundle = join(buildDir, `${bench}.mjs`);
  run(esbuild, [
    join(benchDir, file),
    "--bundle",
    "--platform=node",
    "--format=esm",
    "--log-level=error",
    `--outfile=${bundle}`,
    // Packages that load native or optional pieces at run time stay external.
    "--external:esbuild",
    "--external:playwright-core",
    "--external:ws",
    "--banner:js=import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  ]);
  const perProcess = [];
  for (let i = 1; i <= runs; i++) {
    step(name, `${bench}: process ${i}/${runs}…`);
    const result = spawnSync(process.execPath, ["--expose-gc", bundle], {
      cwd: join(root, "test"),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, BENCH_PROCESS: String(i) },
    });
    if (result.status !== 0) {
      console.error(result.stdout, result.stderr);
      console.error(`${bench} failed in process ${i} (exit ${result.status}).`);
      process.exit(1);
    }
    const line = result.stdout
      .split("\n")
      .reverse()
      .find((l) => l.startsWith("{"));
    perProcess.push(JSON.parse(line).measurements);
  }
  all.push(...aggregate(bench, perProcess));
}

printTable(all);
const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
const output = { at: new Date().toISOString(), runs, machine, results: all };
mkdirSync(resultsDir, { recursive: true });
// A partial run (`pnpm bench sketch`) replaces only its own benchmarks in latest.json.
const latestFile = join(resultsDir, "latest.json");
const ran = new Set(all.map((row) => row.bench));
const kept =
  filters.length > 0 && existsSync(latestFile)
    ? JSON.parse(readFileSync(latestFile, "utf8")).results.filter((row) => !ran.has(row.bench))
    : [];
writeFileSync(
  latestFile,
  `${JSON.stringify({ ...output, results: [...kept, ...all] }, null, 2)}\n`,
);
writeFileSync(
  join(resultsDir, `${output.at.replace(/[:.]/g, "-")}.tmp.json`),
  `${JSON.stringify(output)}\n`,
);
step(
  name,
  `results written to bench/results/latest.json (${all.length} figures, ${runs} processes each)`,
);

/** Median of the per-process values of each figure, with min and max across processes. */
function aggregate(bench, perProcess) {
  const groups = new Map();
  for (const measurements of perProcess) {
    for (const m of measurements) {
      const key = `${m.case}\u0000${m.variant}\u0000${m.metric}`;
      const group = groups.get(key) ?? { bench, ...m, values: [] };
      group.values.push(m.value);
      groups.set(key, group);
    }
  }
  return [...groups.values()].map(({ values, value: _value, ...rest }) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return { ...rest, median, min: sorted[0], max: sorted.at(-1), values };
  });
}

function format(value, unit) {
  if (unit === "ratio") return `${value.toFixed(3)}×`;
  if (unit === "%") return `${value.toFixed(2)} %`;
  if (unit === "bytes")
    return value >= 1024 ? `${(value / 1024).toFixed(1)} KiB` : `${Math.round(value)} B`;
  if (unit === "ns")
    return value >= 10_000 ? `${(value / 1000).toFixed(1)} µs` : `${value.toFixed(0)} ns`;
  if (unit === "ms") return `${value.toFixed(value < 10 ? 2 : 0)} ms`;
  return `${Number(value.toPrecision(4))} ${unit}`;
}

function printTable(rows) {
  let currentCase = "";
  for (const row of rows) {
    const caseTitle = `${row.bench}: ${row.case}`;
    if (caseTitle !== currentCase) {
      currentCase = caseTitle;
      console.log(`\n\x1b[1m${caseTitle}\x1b[0m`);
    }
    const range =
      row.values.length > 1
        ? `  (${format(row.min, row.unit)} – ${format(row.max, row.unit)})`
        : "";
    console.log(
      `  ${row.variant.padEnd(52)} ${row.metric.padEnd(18)} ${format(row.median, row.unit).padStart(12)}${range}`,
    );
  }
  console.log("");
}
