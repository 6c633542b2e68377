import type { Attributes } from "@opentelemetry/api";
import {
  ATTR_CONVEX_FUNCTION_KIND,
  ATTR_CONVEX_TRANSPORT,
  ATTR_RPC_METHOD,
  ATTR_RPC_SYSTEM_NAME,
  ATTR_SERVER_ADDRESS,
  RPC_SYSTEM_CONVEX,
} from "../telemetry/semconv.js";
import type { CallTarget } from "./callTarget.js";

/** The attributes every logical span starts with (DESIGN.md, "OpenTelemetry conventions"). */
export function callAttributes(target: CallTarget): Attributes {
  return {
    [ATTR_RPC_SYSTEM_NAME]: RPC_SYSTEM_CONVEX,
    [ATTR_RPC_METHOD]: target.functionPath,
    [ATTR_SERVER_ADDRESS]: target.serverAddress,
    [ATTR_CONVEX_FUNCTION_KIND]: target.kind,
    [ATTR_CONVEX_TRANSPORT]: target.transport,
  };
}

/** The name of a call's spans: `{kind} {module:function}`. */
export function spanName(target: CallTarget): string {
  return `${target.kind} ${target.functionPath}`;
}
