// The Vitest projects `pnpm test` runs, in phases: the fast suites together (packaging installs the
// packed packages with peers from the npm registry), then the browser end-to-end tests, then the
// chaos suites. Heavy suites run alone so that their timing is not at the mercy of the others on a
// two-core machine. test/scripts/testPhases.test.ts holds that every project of vitest.config.ts
// is in exactly one phase, so a new suite cannot be left out of `pnpm test`.

/** Each phase: what `pnpm test` says it is running, and its Vitest projects. */
export const TEST_PHASES = [
  {
    title: "unit, integration and checks",
    projects: [
      "sdk",
      "collector",
      "local-backend",
      "demo-convex",
      "devtools-extension",
      "integration",
      "checks",
      "packaging",
    ],
  },
  {
    title: "browser end-to-end and hostile-input tests (Chromium with the extension)",
    projects: ["e2e", "security"],
  },
  { title: "chaos, memory bounds and telemetry isolation", projects: ["chaos"] },
];
