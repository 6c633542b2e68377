import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import { createLens, type Lens } from "../lens.js";
import { defaultTimeouts } from "../options.js";
import { defaultBreakerOptions } from "../resilience/breaker.js";
import { DeadlineWheel } from "../resilience/deadlineWheel.js";
import { FakeClock } from "../resilience/test-support/fakeClock.js";
import type { CallRecord } from "../telemetry/callRecord.js";
import { Diagnostics } from "../telemetry/diagnostics.js";
import { BreakerRegistry, MAX_BREAKERS } from "./breakerRegistry.js";
import { type CallSiteRuntime, CallSites, MAX_SITES_PER_KIND } from "./callSites.js";
import { PolicyResolver } from "./policyResolver.js";
import { scriptedClient } from "./test-support/scriptedClient.js";

function sites(): { sites: CallSites; rt: CallSiteRuntime } {
  const clock = new FakeClock();
  const rt: CallSiteRuntime = {
    policies: new PolicyResolver({
      retry: false,
      breaker: { ...defaultBreakerOptions, scope: "function" },
      timeoutMs: defaultTimeouts,
      functions: {},
    }),
    breakers: new BreakerRegistry(defaultBreakerOptions, clock, new Diagnostics()),
    deadlines: new DeadlineWheel(clock),
    userMessage: undefined,
  };
  return { sites: new CallSites(rt, "http", "example.convex.cloud"), rt };
}

let lens: Lens | undefined;
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
});

describe("CallSites", () => {
  it("keeps one site per function and kind", () => {
    const { sites: all } = sites();
    const site = all.get("tasks:list", "query");
    expect(all.get("tasks:list", "query")).toBe(site);
    expect(all.get("tasks:list", "mutation")).not.toBe(site);
    expect(site).toMatchObject({ functionPath: "tasks:list", name: "query tasks:list" });
  });

  it("past MAX_SITES_PER_KIND functions of a kind, builds a whole site per call without keeping it, on the function's own breaker", () => {
    const { sites: all, rt } = sites();
    for (let i = 0; i < MAX_SITES_PER_KIND - 1; i++) all.get(`generated:${i}`, "query");
    const last = all.get(`generated:${MAX_SITES_PER_KIND - 1}`, "query");
    const beyond = all.get("generated:beyond", "query");
    const again = all.get("generated:beyond", "query");
    expect(again).not.toBe(beyond);
    expect(again).toEqual(beyond);
    expect(beyond).toMatchObject({
      functionPath: "generated:beyond",
      name: "query generated:beyond",
    });
    expect(beyond.breaker).toBe(rt.breakers.find("generated:beyond"));
    expect(again.breaker).toBe(beyond.breaker);
    // Sites kept before the cap stay kept, and the cap is per kind.
    expect(all.get(`generated:${MAX_SITES_PER_KIND - 1}`, "query")).toBe(last);
    const mutation = all.get("generated:beyond", "mutation");
    expect(all.get("generated:beyond", "mutation")).toBe(mutation);
  });

  it("moves a kept site onto the registry's breaker once the registry forgot the one it had", () => {
    const { sites: all, rt } = sites();
    const site = all.get("tasks:list", "query");
    for (let i = 0; i < MAX_BREAKERS; i++) rt.breakers.get(`generated:${i}`);
    expect(rt.breakers.find("tasks:list")).toBeNull();
    const rebuilt = all.get("tasks:list", "query");
    expect(rebuilt.breaker).not.toBe(site.breaker);
    expect(rebuilt.breaker).toBe(rt.breakers.find("tasks:list"));
    expect(all.get("tasks:list", "query")).toBe(rebuilt);
  });

  it("instruments a call of a function past the cap like any other, and its breaker shows", async () => {
    lens = createLens({ devtools: false, retry: false });
    const records: CallRecord[] = [];
    lens.onCall((record) => records.push(record));
    const { client } = scriptedClient(() => "ok");
    lens.instrument(client);
    await Promise.all(
      Array.from({ length: MAX_SITES_PER_KIND + 1 }, (_, i) =>
        client.query(makeFunctionReference<"query">(`generated:f${i}`), {}),
      ),
    );
    expect(records).toHaveLength(MAX_SITES_PER_KIND + 1);
    expect(records.at(-1)).toMatchObject({
      functionPath: `generated:f${MAX_SITES_PER_KIND}`,
      kind: "query",
      error: null,
    });
    expect(lens.breakers().map((b) => b.scope)).toContain(`generated:f${MAX_SITES_PER_KIND}`);
  });
});
