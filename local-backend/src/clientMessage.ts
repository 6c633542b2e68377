/**
 * Client → server messages of the Convex sync protocol (convex/src/browser/sync/protocol.ts),
 * validated at the edge: everything from a socket is untrusted, and a malformed message closes
 * that one socket with a reason instead of reaching the runtime.
 */

/** A JSON value as parsed from the wire. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** First message on every socket; `sessionId` survives reconnects and keys mutation dedupe. */
export interface ConnectMessage {
  type: "Connect";
  sessionId: string;
  connectionCount: number;
  lastCloseReason: string | null;
  maxObservedTimestamp?: string | undefined;
}

/** Subscribes `queryId` to a query; `journal` is the client's saved pagination state. */
export interface AddQuery {
  type: "Add";
  queryId: number;
  udfPath: string;
  args: JsonValue[];
  journal?: string | null | undefined;
  componentPath?: string | undefined;
}

/** Unsubscribes `queryId`. */
export interface RemoveQuery {
  type: "Remove";
  queryId: number;
}

/** One step of the client's query-set version chain. */
export interface ModifyQuerySetMessage {
  type: "ModifyQuerySet";
  baseVersion: number;
  newVersion: number;
  modifications: (AddQuery | RemoveQuery)[];
}

/** A mutation or action request; `requestId` is unique within the session. */
export interface FunctionRequestMessage {
  type: "Mutation" | "Action";
  requestId: number;
  udfPath: string;
  args: JsonValue[];
  componentPath?: string | undefined;
}

/** Sets or clears the socket's identity; `baseVersion` is the identity version it replaces. */
export interface AuthenticateMessage {
  type: "Authenticate";
  tokenType: "None" | "User" | "Admin";
  baseVersion: number;
  value?: string | undefined;
}

/** Client telemetry; accepted and ignored. */
export interface EventMessage {
  type: "Event";
  eventType: string;
}

/**
 * Longest value of each string field, in UTF-16 code units. What a socket sends may be kept for
 * as long as the backend runs (a session id keys a map; a query's path and journal live as long
 * as its subscription), so nothing larger than the protocol needs gets past the edge: a
 * `sessionId` is a UUID (convex/src/browser/sync/client.ts, `newSessionId`), a timestamp 12
 * characters of base64, a close reason at most 123 bytes (RFC 6455), a journal one we produced.
 */
export const FIELD_LIMITS = {
  sessionId: 64,
  maxObservedTimestamp: 64,
  lastCloseReason: 1024,
  udfPath: 1024,
  componentPath: 1024,
  journal: 64 * 1024,
  /** An Authenticate token (a JWT). */
  value: 64 * 1024,
  /** Adds and removes in one ModifyQuerySet. */
  modifications: 4096,
} as const;

/** Any message a client may send. */
export type ClientMessage =
  | ConnectMessage
  | ModifyQuerySetMessage
  | FunctionRequestMessage
  | AuthenticateMessage
  | EventMessage;

/** Either a valid message or the reason it was rejected (used as the socket close reason). */
export type ParseResult = { ok: true; message: ClientMessage } | { ok: false; reason: string };

class InvalidMessage extends Error {}

type Fields = Record<string, unknown>;

function fail(reason: string): never {
  throw new InvalidMessage(reason);
}

function nonNegativeInt(fields: Fields, key: string): number {
  const value = fields[key];
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    fail(`${key} must be a non-negative integer`);
  }
  return value;
}

type LimitedField = Exclude<keyof typeof FIELD_LIMITS, "modifications">;

function string(fields: Fields, key: LimitedField): string {
  const value = fields[key];
  if (typeof value !== "string") {
    fail(`${key} must be a string`);
  }
  if (value.length > FIELD_LIMITS[key]) {
    fail(`${key} is longer than ${FIELD_LIMITS[key]} characters`);
  }
  return value;
}

function optionalString(fields: Fields, key: LimitedField): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  return string(fields, key);
}

function argsArray(fields: Fields): JsonValue[] {
  const value = fields.args;
  if (!Array.isArray(value)) {
    fail("args must be an array");
  }
  return value as JsonValue[];
}

function asFields(value: unknown, what: string): Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(`${what} must be an object`);
  }
  return value as Fields;
}

function parseModification(raw: unknown): AddQuery | RemoveQuery {
  const fields = asFields(raw, "modification");
  if (fields.type === "Add") {
    return {
      type: "Add",
      queryId: nonNegativeInt(fields, "queryId"),
      udfPath: string(fields, "udfPath"),
      args: argsArray(fields),
      journal: optionalString(fields, "journal"),
      componentPath: optionalString(fields, "componentPath"),
    };
  }
  if (fields.type === "Remove") {
    return { type: "Remove", queryId: nonNegativeInt(fields, "queryId") };
  }
  return fail("modification type must be Add or Remove");
}

function parseFields(fields: Fields): ClientMessage {
  switch (fields.type) {
    case "Connect": {
      return {
        type: "Connect",
        sessionId: string(fields, "sessionId"),
        connectionCount: nonNegativeInt(fields, "connectionCount"),
        lastCloseReason: optionalString(fields, "lastCloseReason") ?? null,
        maxObservedTimestamp: optionalString(fields, "maxObservedTimestamp"),
      };
    }
    case "ModifyQuerySet": {
      const modifications = fields.modifications;
      if (!Array.isArray(modifications)) {
        fail("modifications must be an array");
      }
      if (modifications.length > FIELD_LIMITS.modifications) {
        fail(`more than ${FIELD_LIMITS.modifications} modifications in one message`);
      }
      return {
        type: "ModifyQuerySet",
        baseVersion: nonNegativeInt(fields, "baseVersion"),
        newVersion: nonNegativeInt(fields, "newVersion"),
        modifications: modifications.map(parseModification),
      };
    }
    case "Mutation":
    case "Action":
      return {
        type: fields.type,
        requestId: nonNegativeInt(fields, "requestId"),
        udfPath: string(fields, "udfPath"),
        args: argsArray(fields),
        componentPath: optionalString(fields, "componentPath"),
      };
    case "Authenticate": {
      const tokenType = fields.tokenType;
      if (tokenType !== "None" && tokenType !== "User" && tokenType !== "Admin") {
        fail("tokenType must be None, User or Admin");
      }
      const value = tokenType === "None" ? undefined : string(fields, "value");
      return {
        type: "Authenticate",
        tokenType,
        baseVersion: nonNegativeInt(fields, "baseVersion"),
        value,
      };
    }
    case "Event":
      return {
        type: "Event",
        eventType: typeof fields.eventType === "string" ? fields.eventType : "",
      };
    default: {
      const shown = typeof fields.type === "string" ? fields.type.slice(0, 40) : typeof fields.type;
      return fail(`unknown message type ${shown}`);
    }
  }
}

/** Parses one WebSocket text frame; never throws. */
export function parseClientMessage(raw: string): ParseResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, reason: "message is not valid JSON" };
  }
  try {
    return { ok: true, message: parseFields(asFields(parsed, "message")) };
  } catch (error) {
    if (error instanceof InvalidMessage) {
      return { ok: false, reason: error.message };
    }
    throw error;
  }
}
