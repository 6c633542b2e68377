import { encodeTs } from "./timestamp.js";

/** The server state a client has seen on one socket (convex/src/browser/sync/protocol.ts `StateVersion`). */
export interface StateVersion {
  readonly querySet: number;
  readonly ts: bigint;
  readonly identity: number;
}

/** `StateVersion` as it travels on the wire: the timestamp base64-encoded. */
export interface WireStateVersion {
  querySet: number;
  ts: string;
  identity: number;
}

/** The start and end a Transition must carry to extend the chain by one link. */
export interface VersionStep {
  readonly start: StateVersion;
  readonly end: StateVersion;
}

/**
 * The per-socket Transition version chain. The client throws "Invalid start version" and stays
 * stuck when a Transition's start differs from the last end it saw
 * (convex/src/browser/sync/remote_query_set.ts), so every Transition is cut from this one object.
 */
export class VersionChain {
  private version: StateVersion = { querySet: 0, ts: 0n, identity: 0 };

  /** The last version sent; a new socket starts at all zeros. */
  get current(): StateVersion {
    return this.version;
  }

  /** Advances the chain; the timestamp never moves backwards, whatever `ts` is asked for. */
  advance(change: { querySet?: number; ts?: bigint; identity?: number }): VersionStep {
    const start = this.version;
    const ts = change.ts !== undefined && change.ts > start.ts ? change.ts : start.ts;
    const end: StateVersion = {
      querySet: change.querySet ?? start.querySet,
      ts,
      identity: change.identity ?? start.identity,
    };
    this.version = end;
    return { start, end };
  }
}

/** Converts a version to its wire form. */
export function encodeStateVersion(version: StateVersion): WireStateVersion {
  return { querySet: version.querySet, ts: encodeTs(version.ts), identity: version.identity };
}
