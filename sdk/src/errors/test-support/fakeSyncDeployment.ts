// A scripted stand-in for a deployment's sync WebSocket, so classifier tests get error objects
// built by the real official client code (convex/browser), not hand-written imitations.
// Wire format: convex/src/browser/sync/protocol.ts.

/** A function failure as the deployment reports it. */
export interface FailureReply {
  errorMessage: string;
  errorData?: unknown;
}

/** What a test scripts: how each call fails, or `"hold"` to leave it unanswered. */
export interface DeploymentScript {
  query?(udfPath: string): FailureReply;
  mutation?(udfPath: string): FailureReply | "hold";
  action?(udfPath: string): FailureReply | "hold";
}

interface ClientMessage {
  type: string;
  requestId?: number;
  udfPath?: string;
  newVersion?: number;
  modifications?: { type: string; queryId: number; udfPath?: string }[];
}

const ZERO_TS = "AAAAAAAAAAA="; // u64 0, base64 of 8 little-endian bytes

/** One fake socket; tests reach it through `FakeSyncDeployment.sockets`. */
export class FakeSyncSocket {
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readyState = 0;
  private querySet = 0;
  private closed = false;

  constructor(
    readonly url: string,
    private readonly script: DeploymentScript,
  ) {
    queueMicrotask(() => {
      if (this.closed) return;
      this.readyState = 1;
      this.onopen?.({});
    });
  }

  send(raw: string): void {
    const message = JSON.parse(raw) as ClientMessage;
    queueMicrotask(() => this.answer(message));
  }

  close(): void {
    this.drop(1000, "");
  }

  /** Drops the connection the way a network failure or a server restart does. */
  drop(code = 1006, reason = ""): void {
    if (this.closed) return;
    this.closed = true;
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({ code, reason }));
  }

  private reply(message: unknown): void {
    if (!this.closed) this.onmessage?.({ data: JSON.stringify(message) });
  }

  private answer(message: ClientMessage): void {
    if (message.type === "ModifyQuerySet") {
      const failed = (message.modifications ?? [])
        .filter((change) => change.type === "Add" && change.udfPath !== undefined)
        .map((change) => {
          const failure = this.script.query?.(change.udfPath ?? "") ?? {
            errorMessage: "no script",
          };
          return {
            type: "QueryFailed",
            queryId: change.queryId,
            errorMessage: failure.errorMessage,
            errorData: failure.errorData,
            logLines: [],
            journal: null,
          };
        });
      const start = this.querySet;
      this.querySet = message.newVersion ?? start;
      this.reply({
        type: "Transition",
        startVersion: { querySet: start, ts: ZERO_TS, identity: 0 },
        endVersion: { querySet: this.querySet, ts: ZERO_TS, identity: 0 },
        modifications: failed,
      });
      return;
    }
    if (message.type === "Mutation" || message.type === "Action") {
      const scripted =
        message.type === "Mutation"
          ? this.script.mutation?.(message.udfPath ?? "")
          : this.script.action?.(message.udfPath ?? "");
      if (scripted === "hold") return;
      const failure = scripted ?? { errorMessage: "no script" };
      this.reply({
        type: message.type === "Mutation" ? "MutationResponse" : "ActionResponse",
        requestId: message.requestId,
        success: false,
        result: failure.errorMessage,
        errorData: failure.errorData,
        logLines: [],
      });
    }
  }
}

/** A fake deployment: pass `WebSocket` as the client's `webSocketConstructor`. */
export interface FakeSyncDeployment {
  readonly WebSocket: new (url: string) => FakeSyncSocket;
  readonly sockets: FakeSyncSocket[];
}

/** Creates a fake deployment that answers every call with the scripted failure. */
export function fakeSyncDeployment(script: DeploymentScript): FakeSyncDeployment {
  const sockets: FakeSyncSocket[] = [];
  class ScriptedSocket extends FakeSyncSocket {
    constructor(url: string) {
      super(url, script);
      sockets.push(this);
    }
  }
  return { WebSocket: ScriptedSocket, sockets };
}
