import { makeFunctionReference } from "convex/server";
import type { ReactNode } from "react";
import { scriptedClient } from "../../instrument/test-support/scriptedClient.js";
import { createLens } from "../../lens.js";
import { everything } from "../../modules/everything.js";
import type { LensOptions } from "../../options.js";
import { LensProvider } from "../LensProvider.js";
import { useFunctionMetrics } from "../useFunctionMetrics.js";

export const listMessages = makeFunctionReference<"query">("messages:list");
export const sendMessage = makeFunctionReference<"mutation">("messages:send");
export const suggest = makeFunctionReference<"action">("ai:suggest");

/** How the HTTP API answers when Convex sheds load: a transient failure, so retryable. */
export const overloaded = () =>
  new Error(JSON.stringify({ code: "ExecuteFullError", message: "Too many concurrent requests." }));

/**
 * A real lens (every module on) around a scripted HTTP client, so hooks see real metrics, health
 * and breakers.
 * `fail(path)` makes the calls to one function fail as overloaded until `fail(path, false)`.
 */
export function lensHarness(
  options: LensOptions = {},
  modules: ReturnType<typeof everything> = everything(),
) {
  const failing = new Set<string>();
  const scripted = scriptedClient((call) => {
    if (failing.has(call.path)) throw overloaded();
    return null;
  });
  const lens = createLens({ devtools: false, retry: false, ...options, use: modules });
  const client = lens.instrument(scripted.client);
  const wrapper = ({ children }: { children?: ReactNode }) => (
    <LensProvider lens={lens}>{children}</LensProvider>
  );
  return {
    lens,
    client,
    wrapper,
    fail(path: string, on = true) {
      if (on) failing.add(path);
      else failing.delete(path);
    },
  };
}

/** Counts renders per name, so tests can tell a re-render from none. */
export interface RenderCounter {
  hit(name: string): void;
  of(name: string): number;
}

export function renderCounter(): RenderCounter {
  const counts = new Map<string, number>();
  return {
    hit(name) {
      counts.set(name, (counts.get(name) ?? 0) + 1);
    },
    of: (name) => counts.get(name) ?? 0,
  };
}

/**
 * Shows one function's session counts, or that it was never called; counts its renders under the
 * path. Also the witness that a metrics change reached the page.
 */
export function FunctionCalls({ path, renders }: { path: string; renders?: RenderCounter }) {
  renders?.hit(path);
  const metrics = useFunctionMetrics(path);
  if (metrics === undefined) return <p>{path}: never called</p>;
  const { calls, failures } = metrics.session;
  return (
    <p>
      {path}: {calls} calls, {failures} failed
    </p>
  );
}
