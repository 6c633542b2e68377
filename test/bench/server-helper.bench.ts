// The server helper's cost inside a Convex function: the same query and mutation, traced
// (`traced(builder)` from @convex-lens/sdk/server) and untraced, run through convex-test's
// in-memory runtime, interleaved; plus the size of the one log line each traced execution prints.
// convex-test's own overhead is in both variants, so the difference is the helper's.
import { makeFunctionReference } from "convex/server";
import { fixtureBackend } from "../../sdk/src/server/test-support/fixtureBackend.js";
import { TRACE_LINE_PREFIX } from "../../sdk/src/server/traceLine.js";
import { interleaved, type Measurement, median, report } from "./harness.js";

const CASE_QUERY = "query: index range (10 docs) + point read, convex-test";
const CASE_MUTATION = "mutation: 1 insert, convex-test";
const CASE_LINE = "trace line per execution";

// Lines go to a counter, not to stdout (the runner reads stdout).
const lineBytes: number[] = [];
const realLog = console.log;
console.log = (...args: unknown[]) => {
  const text = String(args[0]);
  if (text.startsWith(TRACE_LINE_PREFIX)) lineBytes.push(new TextEncoder().encode(text).length);
  else realLog(...args);
};

const t = fixtureBackend();
await t.run(async (ctx) => {
  for (let i = 0; i < 10; i++) await ctx.db.insert("notes", { owner: "ada", secret: "x" });
});
const ref = {
  tracedList: makeFunctionReference<"query">("notes:tracedList"),
  plainList: makeFunctionReference<"query">("notes:plainList"),
  plainAdd: makeFunctionReference<"mutation">("notes:plainAdd"),
  tracedInsert: makeFunctionReference<"mutation">("notes:tracedInsert"),
};
const traceArg = { __lensTrace: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" };

const queries = await interleaved(
  {
    untraced: () => t.query(ref.plainList, { owner: "ada" }),
    traced: () => t.query(ref.tracedList, { owner: "ada", ...traceArg } as { owner: string }),
  },
  { rounds: 7, iterations: 200, warmup: 100 },
);
const queryLines = [...lineBytes];
lineBytes.length = 0;
const mutations = await interleaved(
  {
    untraced: () => t.mutation(ref.plainAdd, { owner: "bob", secret: "x" }),
    traced: () => t.mutation(ref.tracedInsert, { owner: "bob", secret: "x" }),
  },
  { rounds: 5, iterations: 100, warmup: 50 },
);
const mutationLines = [...lineBytes];
console.log = realLog;

const measurements: Measurement[] = [];
for (const [caseName, result] of [
  [CASE_QUERY, queries],
  [CASE_MUTATION, mutations],
] as const) {
  measurements.push(
    {
      case: caseName,
      variant: "untraced",
      metric: "time/call",
      unit: "ns",
      value: result.untraced ?? 0,
    },
    {
      case: caseName,
      variant: "traced",
      metric: "time/call",
      unit: "ns",
      value: result.traced ?? 0,
    },
    {
      case: caseName,
      variant: "traced",
      metric: "helper cost/call",
      unit: "ns",
      value: (result.traced ?? 0) - (result.untraced ?? 0),
      baseline: "untraced",
    },
    {
      case: caseName,
      variant: "traced",
      metric: "ratio",
      unit: "ratio",
      value: (result.traced ?? 0) / Math.max(1, result.untraced ?? 1),
      baseline: "untraced",
    },
  );
}
measurements.push(
  {
    case: CASE_LINE,
    variant: "query (execution + 2 db spans)",
    metric: "bytes/line",
    unit: "bytes",
    value: median(queryLines),
  },
  {
    case: CASE_LINE,
    variant: "mutation (execution + insert)",
    metric: "bytes/line",
    unit: "bytes",
    value: median(mutationLines),
  },
);
report("server-helper", measurements);
