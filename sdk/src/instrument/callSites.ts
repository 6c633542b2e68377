import { SpanKind } from "@opentelemetry/api";
import { getFunctionName } from "convex/server";
import type { CallTarget, FunctionKind, Transport } from "../core/callTarget.js";
import type { DeadlineWheel } from "../resilience/deadlineWheel.js";
import { ATTR_CONVEX_RETRY_ATTEMPT, ATTR_CONVEX_SUBSCRIPTION } from "../telemetry/semconv.js";
import { callAttributes, spanName } from "./callAttributes.js";
import type { CallSite } from "./callSite.js";
import { canonicalFunctionPath } from "./functionPath.js";
import type { LensRuntime } from "./lensRuntime.js";
import type { SocketGate } from "./socketGate.js";
import { appUserMessageFor } from "./userMessage.js";

/**
 * Function names are finite in a real app; past this many of one kind, a site is built for each
 * call and not kept.
 */
export const MAX_SITES_PER_KIND = 2_048;

/** What building a call site reads of the lens. */
export type CallSiteRuntime = Pick<
  LensRuntime,
  "policies" | "breakers" | "deadlines" | "userMessage"
>;

/** The call sites of one instrumented client, per kind and function. */
export class CallSites {
  private readonly rt: CallSiteRuntime;
  private readonly transport: Transport;
  private readonly serverAddress: string;
  private readonly mutationDeadlines: DeadlineWheel | undefined;
  private readonly socketGate: SocketGate | undefined;
  private readonly sites: Record<FunctionKind, Map<string, CallSite>> = {
    query: new Map(),
    mutation: new Map(),
    action: new Map(),
  };

  /**
   * For a WebSocket client, `mutationDeadlines` is the wheel its mutations' timeouts run on
   * (paused while disconnected) and `socketGate` the gate on its socket (socketGate.ts).
   */
  constructor(
    rt: CallSiteRuntime,
    transport: Transport,
    serverAddress: string,
    mutationDeadlines?: DeadlineWheel,
    socketGate?: SocketGate,
  ) {
    this.rt = rt;
    this.transport = transport;
    this.serverAddress = serverAddress;
    this.mutationDeadlines = mutationDeadlines;
    this.socketGate = socketGate;
  }

  /** The site of `reference` (a function reference or a path string) called as `kind`. */
  get(reference: unknown, kind: FunctionKind): CallSite {
    const name = getFunctionName(reference as Parameters<typeof getFunctionName>[0]);
    const sites = this.sites[kind];
    const cached = sites.get(name);
    // A site whose breaker the registry forgot while idle (breakerRegistry.ts) moves to the registry's.
    const breaker = cached?.breaker;
    if (cached && (!breaker || this.rt.breakers.find(breaker.scope) === breaker)) return cached;
    const site = this.build(canonicalFunctionPath(name), kind);
    if (cached || sites.size < MAX_SITES_PER_KIND) sites.set(name, site);
    return site;
  }

  private build(functionPath: string, kind: FunctionKind): CallSite {
    const target: CallTarget = {
      functionPath,
      kind,
      transport: this.transport,
      serverAddress: this.serverAddress,
    };
    const policy = this.rt.policies.resolve(functionPath);
    const deployment = policy.breakerScope === "deployment";
    const scope = deployment ? this.serverAddress : functionPath;
    const userMessage = appUserMessageFor(this.rt.userMessage, target);
    const attributes = callAttributes(target);
    return {
      ...target,
      name: spanName(target),
      attributes,
      spans: {
        call: { kind: SpanKind.INTERNAL, attributes },
        subscription: {
          kind: SpanKind.INTERNAL,
          attributes: { ...attributes, [ATTR_CONVEX_SUBSCRIPTION]: true },
        },
        firstAttempt: {
          kind: SpanKind.CLIENT,
          attributes: { ...attributes, [ATTR_CONVEX_RETRY_ATTEMPT]: 1 },
        },
      },
      policy,
      // A deployment's one breaker trips by the lens's rules, not by those of whichever function
      // called first; each call still applies its own failFast and countDeveloperErrors (policy).
      breaker: policy.breaker
        ? this.rt.breakers.get(scope, deployment ? undefined : policy.breaker)
        : null,
      bulkhead: this.transport === "websocket" && kind === "mutation" ? null : policy.bulkhead,
      deadlines: (kind === "mutation" && this.mutationDeadlines) || this.rt.deadlines,
      ...(userMessage === undefined ? {} : { appUserMessage: userMessage }),
      ...(this.socketGate === undefined ? {} : { socketGate: this.socketGate }),
    };
  }
}
