import type { Attributes } from "@opentelemetry/api";
import type { CallTarget } from "../core/callTarget.js";
import {
  ATTR_CONVEX_FUNCTION_KIND,
  ATTR_CONVEX_TRANSPORT,
  ATTR_RPC_METHOD,
  ATTR_RPC_SYSTEM_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  RPC_SYSTEM_CONVEX,
} from "../telemetry/semconv.js";

// `host:port` as a URL's `host` writes it; an IPv6 host keeps its brackets, `[::1]:3210`.
const HOST_AND_PORT = /^(.+):(\d{1,5})$/;

/**
 * The attributes every span of a call starts with (DESIGN.md, "OpenTelemetry conventions").
 * `server.address` is the host alone and `server.port` the port, as the semantic conventions
 * define them; a deployment URL without a port (its scheme's default) gives no `server.port`.
 */
export function callAttributes(target: CallTarget): Attributes {
  const endpoint = HOST_AND_PORT.exec(target.serverAddress);
  const host = endpoint?.[1];
  const port = Number(endpoint?.[2]);
  return {
    [ATTR_RPC_SYSTEM_NAME]: RPC_SYSTEM_CONVEX,
    [ATTR_RPC_METHOD]: target.functionPath,
    ...(host !== undefined && !host.endsWith(":") && port <= 65_535
      ? { [ATTR_SERVER_ADDRESS]: host, [ATTR_SERVER_PORT]: port }
      : { [ATTR_SERVER_ADDRESS]: target.serverAddress }),
    [ATTR_CONVEX_FUNCTION_KIND]: target.kind,
    [ATTR_CONVEX_TRANSPORT]: target.transport,
  };
}

/** The name of a call's spans: `{kind} {module:function}`. */
export function spanName(target: CallTarget): string {
  return `${target.kind} ${target.functionPath}`;
}
