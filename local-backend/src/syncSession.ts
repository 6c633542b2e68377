import type { RawData, WebSocket } from "ws";
import type { BackendServices, MutationAnswer } from "./backendServices.js";
import { type ClientCallResult, runClientCall } from "./clientCall.js";
import {
  type AddQuery,
  type AuthenticateMessage,
  type FunctionRequestMessage,
  type JsonValue,
  type ModifyQuerySetMessage,
  parseClientMessage,
} from "./clientMessage.js";
import { canonicalizeUdfPath } from "./functionRegistry.js";
import { identityFromJwt, type UserIdentity } from "./identity.js";
import { injectedFault, type SocketClose } from "./injectedFault.js";
import { DEFAULT_MAX_CONNECTION_BYTES, type MemoryAccount } from "./memoryBudget.js";
import type { FunctionOutcome } from "./runtime.js";
import { QueueFullError, SerialQueue } from "./serialQueue.js";
import { newRequestId, serverErrorMessage } from "./serverErrorMessage.js";
import { type PassListener, type QuerySpec, SubscriptionLimitError } from "./subscriptionEngine.js";
import { encodeTs } from "./timestamp.js";
import { encodeStateVersion, VersionChain } from "./versionChain.js";

/** Limits and timings of one socket. */
export interface SyncSessionOptions {
  /** How often to send a Ping; real deployments ping every 15 s and clients give up after 60 s. */
  readonly pingIntervalMs: number;
  /** Most queries one socket may subscribe to. */
  readonly maxQueriesPerSocket: number;
  /** Most client messages waiting to be processed on one socket. */
  readonly maxQueuedMessages: number;
  /** Most bytes queued for a client that does not read; past this its socket is dropped. */
  readonly maxBufferedBytes: number;
  /**
   * Most bytes of client data one socket may make the backend hold (messages waiting to be
   * processed, queries subscribed); past this it is closed. All sockets share a total as well.
   */
  readonly maxConnectionBytes: number;
}

/** Defaults for `SyncSessionOptions`. */
export const DEFAULT_SYNC_SESSION_OPTIONS: SyncSessionOptions = {
  pingIntervalMs: 15_000,
  maxQueriesPerSocket: 2_000,
  maxQueuedMessages: 10_000,
  maxBufferedBytes: 32 * 1024 * 1024,
  maxConnectionBytes: DEFAULT_MAX_CONNECTION_BYTES,
};

/** Why a socket that passed its memory account (or the shared total) is closed. */
const OVER_MEMORY_BUDGET = "this socket holds too much data (messages waiting, queries subscribed)";

/** WebSocket close code for a client that broke the protocol (RFC 6455 "policy violation"). */
export const CLOSE_PROTOCOL_ERROR = 1008;

interface SocketQuery {
  key: string;
  spec: QuerySpec;
  /** Fingerprint of the result this client last received; null before the first one. */
  fingerprint: string | null;
  /** What this subscription holds of the socket's memory account. */
  readonly bytes: number;
}

type Modification =
  | {
      type: "QueryUpdated";
      queryId: number;
      value: JsonValue;
      logLines: string[];
      journal: string | null;
    }
  | {
      type: "QueryFailed";
      queryId: number;
      errorMessage: string;
      errorData?: JsonValue;
      logLines: string[];
      journal: string | null;
    }
  | { type: "QueryRemoved"; queryId: number };

const COMPONENTS_UNSUPPORTED =
  "Calling functions in components is not supported by the local backend.";

// The journal travels with every result: the client keeps the latest one per query and sends
// it back in `Add` after a reconnect (convex/src/browser/sync/local_state.ts).
function modificationFor(
  queryId: number,
  outcome: FunctionOutcome,
  journal: string | null,
): Modification {
  if (outcome.success) {
    return {
      type: "QueryUpdated",
      queryId,
      value: outcome.value,
      logLines: outcome.logLines,
      journal,
    };
  }
  return {
    type: "QueryFailed",
    queryId,
    errorMessage: outcome.errorMessage,
    ...(outcome.errorData === undefined ? {} : { errorData: outcome.errorData }),
    logLines: outcome.logLines,
    journal,
  };
}

function unsupportedComponentOutcome(): FunctionOutcome {
  return {
    success: false,
    errorMessage: serverErrorMessage(newRequestId(), COMPONENTS_UNSUPPORTED),
    logLines: [],
  };
}

/** Truncates a close reason to the 123 bytes a WebSocket close frame allows. */
export function closeReason(reason: string): string {
  let text = reason;
  while (Buffer.byteLength(text) > 123) {
    text = text.slice(0, -1);
  }
  return text;
}

/**
 * The server side of one WebSocket speaking Convex's sync protocol
 * (convex/src/browser/sync/protocol.ts): query-set changes, mutations, actions, identity,
 * pings, and the Transitions that keep the client's version chain exact.
 *
 * Messages are handled one at a time in arrival order, and every Transition is cut inside that
 * order, so each one starts where the previous one ended. Mutations are only dispatched in order
 * here; they run on the client session's queue and answer whenever they finish.
 */
export class SyncSession implements PassListener {
  private readonly chain = new VersionChain();
  private readonly queries = new Map<number, SocketQuery>();
  private readonly queue: SerialQueue;
  private readonly memory: MemoryAccount;
  private readonly pingTimer: NodeJS.Timeout;
  private sessionId: string | null = null;
  private identity: UserIdentity | null = null;
  private identityKey = "";
  /** Highest timestamp of a MutationResponse sent and not yet covered by a Transition. */
  private pendingAckTs: bigint | null = null;
  private latestSnapshot = 0n;
  private deliveryQueued = false;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly services: BackendServices,
    private readonly options: SyncSessionOptions,
    private readonly onClosed: (session: SyncSession) => void,
  ) {
    this.queue = new SerialQueue(options.maxQueuedMessages);
    this.memory = services.clientMemory.account(options.maxConnectionBytes);
    this.pingTimer = setInterval(() => this.send({ type: "Ping" }), options.pingIntervalMs);
    this.pingTimer.unref();
    services.engine.addListener(this);
    ws.on("message", (data, isBinary) => this.receive(data, isBinary));
    ws.on("error", (error) => {
      services.logger.warn(`WebSocket error: ${error.message}`);
    });
    ws.on("close", () => this.dispose());
  }

  /** The client session this socket belongs to, once it sent Connect. */
  get clientSessionId(): string | null {
    return this.sessionId;
  }

  /** Drops the connection abruptly, as a network failure would. */
  drop(): void {
    this.ws.terminate();
  }

  /** Closes the connection with a code and reason. */
  close(code: number, reason: string): void {
    this.ws.close(code, closeReason(reason));
  }

  /** Queues a delivery of changed results after a re-run pass (coalesced per socket). */
  afterPass(snapshotTs: bigint): void {
    if (this.closed) {
      return;
    }
    this.latestSnapshot = snapshotTs > this.latestSnapshot ? snapshotTs : this.latestSnapshot;
    if (this.deliveryQueued) {
      return;
    }
    this.deliveryQueued = true;
    this.enqueue(async () => {
      this.deliveryQueued = false;
      this.deliver();
    });
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.closed) {
      return;
    }
    if (isBinary) {
      this.protocolError("binary frames are not part of the sync protocol");
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString("utf8") : data.toString("utf8");
    // A message is held until its work is done (for a mutation or action, until it answers),
    // so a client cannot pile up more than its share of memory in queued messages.
    if (!this.memory.tryHold(text.length)) {
      this.protocolError(OVER_MEMORY_BUDGET);
      return;
    }
    const done = () => this.memory.release(text.length);
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      this.protocolError(parsed.reason);
      return;
    }
    const message = parsed.message;
    if (message.type === "Connect" || message.type === "Event") {
      done();
    }
    if (message.type === "Connect") {
      if (this.sessionId !== null) {
        this.protocolError("Connect sent twice on one socket");
        return;
      }
      this.sessionId = message.sessionId;
      return;
    }
    if (this.sessionId === null) {
      this.protocolError(`expected Connect before ${message.type}`);
      return;
    }
    switch (message.type) {
      case "ModifyQuerySet":
        this.enqueue(() => this.modifyQuerySet(message).finally(done));
        return;
      case "Authenticate":
        this.enqueue(() => this.authenticate(message).finally(done));
        return;
      case "Mutation":
        this.enqueue(async () => this.dispatchMutation(message, done));
        return;
      case "Action":
        this.enqueue(async () => this.dispatchAction(message, done));
        return;
      case "Event":
        return;
    }
  }

  private enqueue(task: () => Promise<void>): void {
    try {
      this.queue.push(task).catch((error: unknown) => {
        this.services.logger.error(`sync session task failed: ${String(error)}`);
        this.close(1011, "InternalServerError");
      });
    } catch (error) {
      if (error instanceof QueueFullError) {
        this.protocolError("too many messages waiting to be processed");
        return;
      }
      throw error;
    }
  }

  private protocolError(reason: string): void {
    if (this.closed) {
      return;
    }
    this.services.counters.protocolErrors++;
    this.services.logger.warn(`closing a WebSocket that broke the sync protocol: ${reason}`);
    this.shutDown({ code: CLOSE_PROTOCOL_ERROR, reason });
  }

  /**
   * Answers an injected system error as a deployment's sync worker does: it stops, and the socket
   * closes with the error's close frame (injectedFault.ts). Nothing more is sent on this socket.
   */
  private closeForSystemError(close: SocketClose): void {
    if (!this.closed) {
      this.shutDown(close);
    }
  }

  private shutDown({ code, reason }: SocketClose): void {
    this.close(code, reason);
    this.closed = true;
    // Do not wait the WebSocket library's 30 s for a peer that may never answer the close.
    setTimeout(() => this.ws.terminate(), 1_000).unref();
  }

  private send(message: object): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) {
      return;
    }
    if (this.ws.bufferedAmount > this.options.maxBufferedBytes) {
      this.services.logger.warn("dropping a WebSocket whose client stopped reading");
      this.closed = true;
      this.ws.terminate();
      return;
    }
    try {
      this.ws.send(JSON.stringify(message));
    } catch (error) {
      this.services.logger.warn(`could not send on a WebSocket: ${String(error)}`);
    }
  }

  private sendTransition(
    change: { querySet?: number; ts?: bigint; identity?: number },
    modifications: Modification[],
  ): void {
    const { start, end } = this.chain.advance(change);
    this.send({
      type: "Transition",
      startVersion: encodeStateVersion(start),
      endVersion: encodeStateVersion(end),
      modifications,
    });
    if (this.pendingAckTs !== null && end.ts >= this.pendingAckTs) {
      this.pendingAckTs = null;
    }
  }

  private specFor(add: AddQuery): QuerySpec {
    return {
      udfPath: canonicalizeUdfPath(add.udfPath),
      args: add.args,
      identity: this.identity,
      identityKey: this.identityKey,
      journal: add.journal ?? null,
    };
  }

  private async modifyQuerySet(message: ModifyQuerySetMessage): Promise<void> {
    const current = this.chain.current.querySet;
    if (message.baseVersion !== current || message.newVersion <= message.baseVersion) {
      this.protocolError(
        `query set version mismatch: at ${current}, got ${message.baseVersion} -> ${message.newVersion}`,
      );
      return;
    }
    const pending: Promise<Modification>[] = [];
    for (const modification of message.modifications) {
      if (modification.type === "Remove") {
        const query = this.queries.get(modification.queryId);
        if (query !== undefined) {
          this.queries.delete(modification.queryId);
          this.services.engine.release(query.key);
          this.memory.release(query.bytes);
        }
        pending.push(Promise.resolve({ type: "QueryRemoved", queryId: modification.queryId }));
        continue;
      }
      if (this.queries.has(modification.queryId)) {
        this.protocolError(`query id ${modification.queryId} is already in use`);
        return;
      }
      if (this.queries.size >= this.options.maxQueriesPerSocket) {
        this.protocolError(`too many queries on one socket (${this.options.maxQueriesPerSocket})`);
        return;
      }
      // The path, arguments and journal live as long as the subscription.
      const bytes =
        modification.udfPath.length +
        JSON.stringify(modification.args).length +
        (modification.journal?.length ?? 0);
      if (!this.memory.tryHold(bytes)) {
        this.protocolError(OVER_MEMORY_BUDGET);
        return;
      }
      const spec = this.specFor(modification);
      let key: string;
      try {
        key = this.services.engine.acquire(spec);
      } catch (error) {
        if (error instanceof SubscriptionLimitError) {
          this.protocolError(error.message);
          return;
        }
        throw error;
      }
      const query: SocketQuery = { key, spec, fingerprint: null, bytes };
      this.queries.set(modification.queryId, query);
      pending.push(this.firstResult(modification, query));
    }
    const modifications = await Promise.all(pending);
    if (this.closed) {
      return;
    }
    this.sendTransition({ querySet: message.newVersion }, modifications);
  }

  private async firstResult(add: AddQuery, query: SocketQuery): Promise<Modification> {
    if (add.componentPath) {
      return modificationFor(add.queryId, unsupportedComponentOutcome(), null);
    }
    this.services.counters.queries++;
    const decision = this.services.faults.decide(query.spec.udfPath, "websocket");
    if (decision.delayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
    }
    if (decision.error !== null) {
      const injected = injectedFault(decision.error, "query");
      if (injected.systemError !== undefined) {
        this.closeForSystemError(injected.systemError.close);
        // Never sent: the socket is closed, and the client re-subscribes on its next one.
        return { type: "QueryRemoved", queryId: add.queryId };
      }
      query.fingerprint = `injected:${newRequestId()}`;
      return modificationFor(add.queryId, injected.outcome, query.spec.journal);
    }
    const result = await this.services.engine.resultFor(query.key);
    if (result === null) {
      return { type: "QueryRemoved", queryId: add.queryId };
    }
    query.fingerprint = result.fingerprint;
    return modificationFor(add.queryId, result.outcome, result.journal);
  }

  private async authenticate(message: AuthenticateMessage): Promise<void> {
    const current = this.chain.current.identity;
    if (message.baseVersion !== current) {
      this.protocolError(`identity version mismatch: at ${current}, got ${message.baseVersion}`);
      return;
    }
    let identity: UserIdentity | null = null;
    if (message.tokenType === "Admin") {
      this.sendAuthError(message, "Admin keys are not supported by the local backend.");
      return;
    }
    if (message.tokenType === "User") {
      const decoded = identityFromJwt(message.value ?? "", Date.now());
      if (!decoded.ok) {
        this.sendAuthError(message, decoded.error);
        return;
      }
      identity = decoded.identity;
    }
    this.identity = identity;
    this.identityKey = identity === null ? "" : JSON.stringify(identity);
    const engine = this.services.engine;
    const rekeyed: [number, SocketQuery][] = [];
    for (const [queryId, query] of this.queries) {
      // Keep each page where it ends: the new identity's run starts from the current journal.
      const journal = engine.current(query.key)?.journal ?? query.spec.journal;
      const spec = { ...query.spec, identity, identityKey: this.identityKey, journal };
      const key = engine.acquire(spec);
      engine.release(query.key);
      query.key = key;
      query.spec = spec;
      rekeyed.push([queryId, query]);
    }
    const results = await Promise.all(rekeyed.map(([, query]) => engine.resultFor(query.key)));
    if (this.closed) {
      return;
    }
    const modifications: Modification[] = [];
    rekeyed.forEach(([queryId, query], index) => {
      const result = results[index];
      if (result && result.fingerprint !== query.fingerprint) {
        query.fingerprint = result.fingerprint;
        modifications.push(modificationFor(queryId, result.outcome, result.journal));
      }
    });
    this.sendTransition({ identity: message.baseVersion + 1 }, modifications);
  }

  private sendAuthError(message: AuthenticateMessage, error: string): void {
    this.send({
      type: "AuthError",
      error,
      baseVersion: message.baseVersion,
      authUpdateAttempted: true,
    });
  }

  private dispatchMutation(message: FunctionRequestMessage, done: () => void): void {
    const sessionId = this.sessionId ?? "";
    const identity = this.identity;
    const { promise, deduped } = this.services.dedupe.run(sessionId, message.requestId, () =>
      this.queueMutation(sessionId, message, identity).then((answer) => {
        // A deployment remembers only committed mutations: the copy the client re-sends after a
        // system error closed its socket must run (forgotten before any copy hears back).
        if (answer.close !== undefined) {
          this.services.dedupe.forget(sessionId, message.requestId);
        }
        return answer;
      }),
    );
    if (deduped) {
      this.services.counters.dedupedMutations++;
    }
    promise.finally(done).then(
      (answer) =>
        answer.close === undefined
          ? this.sendMutationResponse(message.requestId, answer)
          : this.closeForSystemError(answer.close),
      (error: unknown) =>
        this.services.logger.error(`mutation failed unexpectedly: ${String(error)}`),
    );
  }

  /** Runs a mutation in its session's order; a full queue is a system error, as on a deployment. */
  private queueMutation(
    sessionId: string,
    message: FunctionRequestMessage,
    identity: UserIdentity | null,
  ): Promise<MutationAnswer> {
    try {
      return this.services.sessions
        .queueFor(sessionId)
        .push(() => this.executeMutation(message, identity));
    } catch (error) {
      if (error instanceof QueueFullError) {
        // convex-backend crates/sync/src/worker.rs: rate_limited("TooManyConcurrentMutations"),
        // which closes the socket (1013); the client backs off and re-sends what is pending.
        return Promise.resolve({ close: { code: 1013, reason: "TooManyConcurrentMutations" } });
      }
      throw error;
    }
  }

  private async executeMutation(
    message: FunctionRequestMessage,
    identity: UserIdentity | null,
  ): Promise<MutationAnswer> {
    if (message.componentPath) {
      return { outcome: unsupportedComponentOutcome(), ts: null };
    }
    const result = await runClientCall(
      this.services,
      { kind: "mutation", udfPath: message.udfPath, args: message.args, identity },
      "websocket",
    );
    if (result.systemError !== undefined) {
      return { close: result.systemError.close };
    }
    const outcome = result.outcome;
    return { outcome, ts: outcome.success ? this.services.engine.nextMutationTs() : null };
  }

  private sendMutationResponse(
    requestId: number,
    answer: Extract<MutationAnswer, { close?: undefined }>,
  ): void {
    if (this.closed) {
      return;
    }
    const { outcome, ts } = answer;
    if (outcome.success && ts !== null) {
      this.send({
        type: "MutationResponse",
        requestId,
        success: true,
        result: outcome.value,
        ts: encodeTs(ts),
        logLines: outcome.logLines,
      });
      // Read-your-writes: the client resolves the mutation only once a Transition reaches `ts`
      // (convex/src/browser/sync/request_manager.ts, `removeCompleted`).
      this.pendingAckTs =
        this.pendingAckTs === null || ts > this.pendingAckTs ? ts : this.pendingAckTs;
      this.services.engine.requestPass();
      return;
    }
    if (!outcome.success) {
      this.send({
        type: "MutationResponse",
        requestId,
        success: false,
        result: outcome.errorMessage,
        ...(outcome.errorData === undefined ? {} : { errorData: outcome.errorData }),
        logLines: outcome.logLines,
      });
    }
  }

  private dispatchAction(message: FunctionRequestMessage, done: () => void): void {
    const identity = this.identity;
    const run = async (): Promise<ClientCallResult> => {
      if (message.componentPath) {
        return { outcome: unsupportedComponentOutcome() };
      }
      return await runClientCall(
        this.services,
        {
          kind: "action",
          udfPath: message.udfPath,
          args: message.args,
          identity,
        },
        "websocket",
      );
    };
    run()
      .finally(done)
      .then(
        ({ outcome, systemError }) => {
          if (systemError !== undefined) {
            // The client fails the action with "Connection lost while action was in flight".
            this.closeForSystemError(systemError.close);
            return;
          }
          this.send(
            outcome.success
              ? {
                  type: "ActionResponse",
                  requestId: message.requestId,
                  success: true,
                  result: outcome.value,
                  logLines: outcome.logLines,
                }
              : {
                  type: "ActionResponse",
                  requestId: message.requestId,
                  success: false,
                  result: outcome.errorMessage,
                  ...(outcome.errorData === undefined ? {} : { errorData: outcome.errorData }),
                  logLines: outcome.logLines,
                },
          );
        },
        (error: unknown) =>
          this.services.logger.error(`action failed unexpectedly: ${String(error)}`),
      );
  }

  private deliver(): void {
    if (this.closed) {
      return;
    }
    const engine = this.services.engine;
    const modifications: Modification[] = [];
    for (const [queryId, query] of this.queries) {
      const result = engine.current(query.key);
      if (result !== null && result.fingerprint !== query.fingerprint) {
        query.fingerprint = result.fingerprint;
        modifications.push(modificationFor(queryId, result.outcome, result.journal));
      }
    }
    if (modifications.length === 0 && this.pendingAckTs === null) {
      return;
    }
    this.sendTransition({ ts: this.latestSnapshot }, modifications);
    if (this.pendingAckTs !== null) {
      // The response went out after this pass took its snapshot; the next pass covers it.
      engine.requestPass();
    }
  }

  private dispose(): void {
    if (this.pingTimer !== undefined) {
      clearInterval(this.pingTimer);
    }
    this.closed = true;
    this.services.engine.removeListener(this);
    for (const query of this.queries.values()) {
      this.services.engine.release(query.key);
    }
    this.queries.clear();
    this.memory.releaseAll();
    this.onClosed(this);
  }
}
