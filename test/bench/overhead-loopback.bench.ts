// Call overhead against the local backend over loopback: the instrumented client against the raw
// one, interleaved in one process, as a ratio. Network and server time dominate here; the SDK's share
// should vanish in the noise.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type {
  spawnLocalBackend as Spawn,
  SpawnedLocalBackend,
} from "@convex-lens/local-backend/spawn";
import { createLens } from "@convex-lens/sdk";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { quiet } from "../support/recordingLogger.js";
import { interleaved, type Measurement, report } from "./harness.js";

const count = makeFunctionReference<"query">("messages:count");
const send = makeFunctionReference<"mutation">("messages:send");

// The built CLI is spawned in a child process (the backend's runtime must not share our process).
// Loaded from dist at run time, so the bench bundle does not inline it.
const { spawnLocalBackend } = (await import(
  pathToFileURL(join(process.cwd(), "../local-backend/dist/spawn.js")).href
)) as { spawnLocalBackend: typeof Spawn };
const backend: SpawnedLocalBackend = await spawnLocalBackend({
  functionsDir: join(process.cwd(), "fixtures/chat/convex"),
});

try {
  const options = { skipConvexDeploymentUrlCheck: true, logger: quiet };
  const lens = createLens({ devtools: true });
  const rawHttp = new ConvexHttpClient(backend.url, options);
  const lensHttp = lens.instrument(new ConvexHttpClient(backend.url, options));
  const rawWs = new ConvexClient(backend.url, options);
  const lensWs = lens.instrument(new ConvexClient(backend.url, options));
  await rawHttp.mutation(send, { author: "bench", body: "hello" });

  const measurements: Measurement[] = [];
  const compare = async (caseName: string, variants: Record<string, () => Promise<unknown>>) => {
    const results = await interleaved(variants, { rounds: 9, iterations: 300, warmup: 300 });
    const [rawName, lensName] = Object.keys(variants) as [string, string];
    for (const [variant, ns] of Object.entries(results)) {
      measurements.push({ case: caseName, variant, metric: "time/call", unit: "ns", value: ns });
    }
    measurements.push({
      case: caseName,
      variant: lensName,
      metric: "instrumented/raw",
      unit: "ratio",
      value: results[lensName]! / results[rawName]!,
      baseline: rawName,
    });
  };
  await compare("ConvexHttpClient.query over loopback", {
    "raw ConvexHttpClient": () => rawHttp.query(count, {}),
    "instrumented ConvexHttpClient": () => lensHttp.query(count, {}),
  });
  await compare("ConvexClient.mutation over loopback (WebSocket)", {
    "raw ConvexClient": () => rawWs.mutation(send, { author: "bench", body: "x" }),
    "instrumented ConvexClient": () => lensWs.mutation(send, { author: "bench", body: "x" }),
  });
  await rawWs.close();
  await lensWs.close();
  report("overhead-loopback", measurements);
} finally {
  await backend.stop();
}
process.exit(0);
