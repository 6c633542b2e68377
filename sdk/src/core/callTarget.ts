/** The three kinds of Convex function; retry rules differ per kind (see DESIGN.md). */
export type FunctionKind = "query" | "mutation" | "action";

/** How a call travels: the official WebSocket clients or `ConvexHttpClient`. */
export type Transport = "websocket" | "http";

/** What one call is aimed at; built once per call by the client adapters. */
export interface CallTarget {
  /** Canonical `module:function` path. */
  readonly functionPath: string;
  readonly kind: FunctionKind;
  readonly transport: Transport;
  /** Host of the deployment, for `server.address` and deployment-scoped breakers. */
  readonly serverAddress: string;
}
