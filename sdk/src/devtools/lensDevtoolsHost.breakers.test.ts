import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../core/clock.js";
import { BreakerRegistry } from "../instrument/breakerRegistry.js";
import { PolicyResolver } from "../instrument/policyResolver.js";
import { createLens, type Lens } from "../lens.js";
import type { LensOptions } from "../options.js";
import { createOnlineManager } from "../resilience/onlineManager.js";
import { resolveLensOptions } from "../resolveLensOptions.js";
import { Diagnostics } from "../telemetry/diagnostics.js";
import type { DevtoolsHost } from "./devtoolsHost.js";
import { type DevtoolsRuntime, devtoolsHostFromLens } from "./lensDevtoolsHost.js";

let lens: Lens | null = null;

afterEach(async () => {
  await lens?.shutdown();
  lens = null;
});

/**
 * A host over a runtime built as createLens builds its own, with `calls` made: each creates its
 * function's breaker under that function's policy, as a call site does (callSites.ts).
 */
function hostFor(options: LensOptions, calls: string[], scopeOf = (path: string) => path) {
  const resolved = resolveLensOptions(options);
  const policies = new PolicyResolver(resolved.base);
  const defaults = resolved.base.breaker === false ? null : resolved.base.breaker;
  const breakers = new BreakerRegistry(defaults, systemClock, new Diagnostics());
  for (const path of calls) {
    const policy = policies.resolve(path);
    if (policy.breaker) breakers.get(scopeOf(path), policy.breaker);
  }
  const runtime: DevtoolsRuntime = { breakers, policies, online: createOnlineManager({}) };
  lens = createLens();
  return devtoolsHostFromLens(lens, () => {}, [], runtime);
}

const settings = (host: DevtoolsHost, scope: string) => host.breakerSettings?.(scope) ?? null;

describe("the breaker settings a lens states to the panel", () => {
  it("states the default window and that an open breaker refuses queries only", () => {
    const host = hostFor({}, ["tasks:send"]);
    expect(settings(host, "tasks:send")).toEqual({
      windowMs: 30_000,
      refuses: { query: true, mutation: false, action: false },
    });
  });

  it("states a function's own window and failFast, as its calls are refused", () => {
    const host = hostFor(
      {
        breaker: { windowMs: 10_000 },
        functions: { "tasks:send": { breaker: { failFast: true } } },
      },
      ["tasks:send", "tasks:list"],
    );
    expect(settings(host, "tasks:send")).toEqual({
      windowMs: 10_000,
      refuses: { query: true, mutation: true, action: true },
    });
    expect(settings(host, "tasks:list")?.refuses).toEqual({
      query: true,
      mutation: false,
      action: false,
    });
  });

  it("states only the window of a deployment-wide breaker, whose functions' policies may differ", () => {
    const host = hostFor(
      { breaker: { scope: "deployment", windowMs: 5_000 } },
      ["tasks:send"],
      () => "https://happy-otter-123.convex.cloud",
    );
    expect(settings(host, "https://happy-otter-123.convex.cloud")).toEqual({ windowMs: 5_000 });
  });

  it("states nothing for a scope no call has used", () => {
    expect(settings(hostFor({}, ["tasks:send"]), "tasks:other")).toBeNull();
  });
});
