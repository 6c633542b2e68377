import { readFaultConfig, readItem } from "./protocolItems.js";
import { own, Reader, Refusal } from "./protocolReader.js";
import {
  DEVTOOLS_SOURCE,
  type DevtoolsCommand,
  type HelloMessage,
  PAGE_SOURCE,
  type PageMessage,
  PROTOCOL_LIMITS,
  PROTOCOL_VERSION,
  type ProtocolMessage,
  type ValidationResult,
  type WireItem,
} from "./protocolTypes.js";

/** Tells a page message from an extension message after validation. */
export function isPageMessage(message: ProtocolMessage): message is PageMessage {
  return message.source === PAGE_SOURCE;
}

/**
 * The quick test the content script and the bridge run on every `message` event before anything
 * else: is this ours at all? Pages post plenty of unrelated messages.
 */
export function hasProtocolTag(data: unknown, source: string): boolean {
  return (
    typeof data === "object" &&
    data !== null &&
    own(data, "source") === source &&
    own(data, "v") === PROTOCOL_VERSION
  );
}

/**
 * Validates any protocol message and returns a clean copy built only from known fields, so
 * prototype keys (`__proto__`, `constructor`), getters' side effects on unknown fields and
 * unexpected extra data never pass. Over-long free text is cut; a malformed batch item is left
 * out (counted in `droppedItems`); a malformed envelope, or a message over the work budget, is
 * refused whole. Never throws.
 */
export function validateMessage(raw: unknown): ValidationResult {
  return validateEnvelope(raw, readPageMessage);
}

/**
 * The same validation for messages from the extension only (hello, bye, commands). The page's
 * bridge uses this one, so its bundle does not carry the readers of page messages it never
 * receives: protocolItems.ts, the bulk of the protocol's code.
 */
export function validateDevtoolsMessage(raw: unknown): ValidationResult {
  return validateEnvelope(raw, null);
}

function validateEnvelope(
  raw: unknown,
  readPage: ((reader: Reader, envelope: object) => ValidationResult) | null,
): ValidationResult {
  const reader = new Reader(PROTOCOL_LIMITS.maxMessageWeight);
  try {
    const envelope = reader.record(raw);
    if (envelope === null) return { ok: false, reason: "not an object" };
    if (own(envelope, "v") !== PROTOCOL_VERSION) return { ok: false, reason: "unknown version" };
    const source = own(envelope, "source");
    if (source === PAGE_SOURCE && readPage) return readPage(reader, envelope);
    if (source === DEVTOOLS_SOURCE) return readDevtoolsMessage(reader, envelope);
    return { ok: false, reason: "unknown source" };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.reason };
    // A getter or proxy on a same-realm object threw: refuse rather than propagate.
    return { ok: false, reason: "unreadable message" };
  }
}

function readPageMessage(reader: Reader, envelope: object): ValidationResult {
  const session = reader.id(own(envelope, "session"));
  if (session === null) return { ok: false, reason: "missing session" };
  const items = own(envelope, "batch");
  if (!Array.isArray(items)) return { ok: false, reason: "batch is not an array" };
  if (items.length > PROTOCOL_LIMITS.maxBatchItems) return { ok: false, reason: "batch too long" };
  const batch: WireItem[] = [];
  let droppedItems = 0;
  for (let i = 0; i < items.length; i++) {
    const item = readItem(reader, items[i]);
    if (item === null) droppedItems++;
    else batch.push(item);
  }
  return {
    ok: true,
    message: { source: PAGE_SOURCE, v: PROTOCOL_VERSION, session, batch },
    droppedItems,
    weight: reader.used,
  };
}

function readDevtoolsMessage(reader: Reader, envelope: object): ValidationResult {
  const base = { source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION } as const;
  switch (own(envelope, "type")) {
    case "hello": {
      const message: HelloMessage = { ...base, type: "hello" };
      const session = reader.id(own(envelope, "session"));
      const since = reader.count(own(envelope, "since"));
      if (session !== null) message.session = session;
      if (since !== null) message.since = since;
      return { ok: true, message, droppedItems: 0, weight: 0 };
    }
    case "bye":
      return { ok: true, message: { ...base, type: "bye" }, droppedItems: 0, weight: 0 };
    case "command": {
      const id = reader.id(own(envelope, "id"));
      const command = readCommand(reader, own(envelope, "command"));
      if (id === null || command === null) return { ok: false, reason: "malformed command" };
      return {
        ok: true,
        message: { ...base, type: "command", id, command },
        droppedItems: 0,
        weight: 0,
      };
    }
    default:
      return { ok: false, reason: "unknown message type" };
  }
}

function readCommand(reader: Reader, raw: unknown): DevtoolsCommand | null {
  const command = reader.record(raw);
  if (command === null) return null;
  switch (own(command, "name")) {
    case "clear":
      return { name: "clear" };
    case "clearFaults":
      return { name: "clearFaults" };
    case "setFaults": {
      const faults = readFaultConfig(reader, own(command, "faults"));
      return faults === null ? null : { name: "setFaults", faults };
    }
    case "isolateBreaker":
    case "resetBreaker": {
      const scope = reader.id(own(command, "scope"));
      return scope === null ? null : { name: own(command, "name") as "isolateBreaker", scope };
    }
    case "setOffline": {
      const offline = own(command, "offline");
      return typeof offline === "boolean" ? { name: "setOffline", offline } : null;
    }
    default:
      return null;
  }
}
