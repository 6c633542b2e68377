import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEVTOOLS_SOURCE,
  PAGE_SOURCE,
  type PageMessage,
  PROTOCOL_LIMITS,
  PROTOCOL_VERSION,
} from "./protocolTypes.js";
import {
  hasProtocolTag,
  isPageMessage,
  validateDevtoolsMessage,
  validateMessage,
} from "./protocolValidator.js";
import { everyWireItem, pageMessage, wireCall } from "./test-support/wireFixtures.js";

function acceptedBatch(raw: unknown): PageMessage["batch"] {
  const result = validateMessage(raw);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return (result.message as PageMessage).batch;
}

describe("validateMessage", () => {
  it("accepts every kind of item the bridge sends, unchanged", () => {
    const items = everyWireItem();
    const batch = acceptedBatch(pageMessage(items));
    expect(JSON.parse(JSON.stringify(batch))).toEqual(JSON.parse(JSON.stringify(items)));
  });

  it("accepts the extension's hello, bye and every command", () => {
    const base = { source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION };
    const messages = [
      { ...base, type: "hello", session: "s-1", since: 42 },
      { ...base, type: "hello" },
      { ...base, type: "bye" },
      { ...base, type: "command", id: "1", command: { name: "clear" } },
      { ...base, type: "command", id: "2", command: { name: "clearFaults" } },
      {
        ...base,
        type: "command",
        id: "3",
        command: { name: "setFaults", faults: { latencyMs: 100, offline: true } },
      },
      {
        ...base,
        type: "command",
        id: "4",
        command: { name: "isolateBreaker", scope: "messages:send" },
      },
      {
        ...base,
        type: "command",
        id: "5",
        command: { name: "resetBreaker", scope: "messages:send" },
      },
      { ...base, type: "command", id: "6", command: { name: "setOffline", offline: true } },
    ];
    for (const message of messages) {
      const result = validateMessage(message);
      expect(result.ok ? result.message : result.reason).toEqual(message);
    }
  });

  it("refuses messages with another source or version, or that are not objects", () => {
    expect(validateMessage({ ...pageMessage([]), source: "react-devtools" }).ok).toBe(false);
    expect(validateMessage({ ...pageMessage([]), v: 2 }).ok).toBe(false);
    expect(validateMessage(null).ok).toBe(false);
    expect(validateMessage("convex-lens").ok).toBe(false);
    expect(validateMessage([pageMessage([])]).ok).toBe(false);
  });

  it("refuses commands it does not know or whose arguments are wrong", () => {
    const base = { source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "command", id: "1" };
    expect(validateMessage({ ...base, command: { name: "eval", code: "alert(1)" } }).ok).toBe(
      false,
    );
    expect(
      validateMessage({ ...base, command: { name: "setFaults", faults: { errorRate: 2 } } }).ok,
    ).toBe(false);
    expect(
      validateMessage({ ...base, command: { name: "setFaults", faults: { latencyMs: -1 } } }).ok,
    ).toBe(false);
    expect(validateMessage({ ...base, command: { name: "setOffline", offline: "yes" } }).ok).toBe(
      false,
    );
    expect(validateMessage({ ...base, command: { name: "isolateBreaker" } }).ok).toBe(false);
  });

  it("leaves malformed items out of a batch and counts them", () => {
    const result = validateMessage(
      pageMessage([
        wireCall(),
        { type: "call" },
        7,
        null,
        { type: "unknown" },
        wireCall({ seq: 2 }),
      ]),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect((result.message as PageMessage).batch).toHaveLength(2);
    expect(result.droppedItems).toBe(4);
  });

  it("passes a calls-in-flight snapshot on as a clean copy: no extra fields, no prototype keys, no over-long ids", () => {
    const hostile = JSON.parse(
      `{"type":"inflight","at":5,"total":2,"extra":"<img>","calls":[{"id":"f1","functionPath":"a:b","kind":"action","transport":"http","startedAt":1,"attempt":3,"waitingFor":"backoff","__proto__":{"polluted":true},"html":"<script>"},{"id":"${"x".repeat(PROTOCOL_LIMITS.maxIdLength + 1)}","functionPath":"a:b","kind":"query","transport":"http","startedAt":1,"attempt":1}]}`,
    );
    const [item] = acceptedBatch(pageMessage([hostile]));
    expect(item).toEqual({
      type: "inflight",
      at: 5,
      total: 2,
      calls: [
        {
          id: "f1",
          functionPath: "a:b",
          kind: "action",
          transport: "http",
          startedAt: 1,
          attempt: 3,
          waitingFor: "backoff",
        },
      ],
    });
    const call = item?.type === "inflight" ? item.calls[0] : undefined;
    expect(call !== undefined && Object.hasOwn(call, "__proto__")).toBe(false);
  });

  it("refuses a batch longer than the cap", () => {
    const batch = Array.from({ length: PROTOCOL_LIMITS.maxBatchItems + 1 }, () => wireCall());
    expect(validateMessage(pageMessage(batch))).toEqual({ ok: false, reason: "batch too long" });
  });

  it("refuses a message over the work budget instead of reading all of it", () => {
    const text = "y".repeat(PROTOCOL_LIMITS.maxTextLength);
    const batch = Array.from({ length: PROTOCOL_LIMITS.maxBatchItems }, (_, i) =>
      wireCall({ seq: i, argsPreview: text, resultPreview: text }),
    );
    expect(validateMessage(pageMessage(batch))).toEqual({ ok: false, reason: "message too large" });
  });

  it("survives objects whose getters throw", () => {
    const item = wireCall();
    Object.defineProperty(item, "name", {
      enumerable: true,
      get() {
        throw new Error("getter");
      },
    });
    expect(validateMessage(pageMessage([item]))).toEqual({
      ok: false,
      reason: "unreadable message",
    });
  });

  it("tells protocol messages from other traffic by source and version", () => {
    expect(hasProtocolTag(pageMessage([]), PAGE_SOURCE)).toBe(true);
    expect(hasProtocolTag(pageMessage([]), DEVTOOLS_SOURCE)).toBe(false);
    expect(hasProtocolTag({ source: PAGE_SOURCE, v: 2 }, PAGE_SOURCE)).toBe(false);
    expect(hasProtocolTag("convex-lens", PAGE_SOURCE)).toBe(false);
    expect(hasProtocolTag(Object.create({ source: PAGE_SOURCE, v: 1 }), PAGE_SOURCE)).toBe(false);
  });
});

// ---- Fuzzing: ≥ 10,000 generated hostile messages in total. ----

const hostileKey = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "type",
    "source",
    "v",
    "batch",
    "session",
    "seq",
    "name",
    "attributes",
    "events",
    "error",
    "command",
  ),
  fc.string({ maxLength: 8 }),
);
const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(
      null,
      undefined,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -1,
      0,
      1,
      1e308,
      true,
      false,
    ),
    fc.string({ maxLength: 20 }),
    fc.constantFrom(
      "<img src=x onerror=alert(1)>",
      "javascript:alert(1)",
      "call",
      "query",
      PAGE_SOURCE,
    ),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie("value"), { maxKeys: 5 }),
  ),
})).value;

/** Checks what every accepted message must satisfy, whatever came in. Plain throws: it runs a lot. */
function assertClean(value: unknown, depth = 0): void {
  if (depth >= 8) throw new Error("clean copy nests too deep");
  if (typeof value === "string") {
    if (value.length > PROTOCOL_LIMITS.maxTextLength) throw new Error("string over the cap");
    return;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("non-finite number");
    return;
  }
  if (typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    if (value.length > PROTOCOL_LIMITS.maxBatchItems) throw new Error("array over the cap");
    for (const entry of value) assertClean(entry, depth + 1);
    return;
  }
  for (const key of Object.keys(value)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype") {
      throw new Error(`forbidden key ${key}`);
    }
    assertClean((value as Record<string, unknown>)[key], depth + 1);
  }
}

function checkOutcome(raw: unknown): void {
  const result = validateMessage(raw);
  if (!result.ok) {
    if (typeof result.reason !== "string") throw new Error("refusal without a reason");
    return;
  }
  assertClean(result.message);
  // The clean copy is a fixed point: validating it again changes nothing.
  const again = validateMessage(result.message);
  if (!again.ok || JSON.stringify(again.message) !== JSON.stringify(result.message)) {
    throw new Error("validating the clean copy changed it");
  }
  if (({} as Record<string, unknown>).polluted !== undefined) throw new Error("prototype polluted");
}

function mutate(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node: unknown = target;
  for (let i = 0; i < path.length - 1; i++) {
    if (typeof node !== "object" || node === null) return;
    node = (node as Record<string, unknown>)[path[i] as string];
  }
  if (typeof node === "object" && node !== null) {
    (node as Record<string, unknown>)[path[path.length - 1] as string] = value;
  }
}

const fieldPaths = [
  ["batch", "0", "seq"],
  ["batch", "0", "name"],
  ["batch", "0", "kind"],
  ["batch", "0", "error"],
  ["batch", "1", "error", "code"],
  ["batch", "1", "error", "httpStatus"],
  ["batch", "0", "events"],
  ["batch", "0", "events", "0", "attributes"],
  ["batch", "0", "attemptDetails", "0"],
  ["batch", "2", "attributes"],
  ["batch", "4", "breakers", "0"],
  ["batch", "5", "checks"],
  ["batch", "6", "functions", "0", "errorRate"],
  ["batch", "8", "config"],
  ["batch", "9", "commandsAllowed"],
  ["batch"],
  ["session"],
  ["v"],
  ["type"],
];

// Thousands of generated messages each: seconds under load on 2 cores, so a ceiling above the 5 s
// default (a ceiling against a hang, not a timed assertion).
describe("validateMessage under fuzzing", { timeout: 30_000 }, () => {
  it("never throws on 4,000 arbitrary values, with prototype keys and XSS strings inside", () => {
    fc.assert(
      fc.property(hostileValue, (raw) => {
        checkOutcome(raw);
        checkOutcome({ source: PAGE_SOURCE, v: PROTOCOL_VERSION, session: "s", batch: [raw] });
      }),
      { numRuns: 4_000 },
    );
  });

  it("keeps only clean data from 4,000 valid messages with one field replaced by garbage", () => {
    fc.assert(
      fc.property(fc.constantFrom(...fieldPaths), hostileValue, (path, garbage) => {
        const message = pageMessage(everyWireItem());
        mutate(message, path, garbage);
        checkOutcome(message);
      }),
      { numRuns: 4_000 },
    );
  });

  it("refuses or caps 1,000 oversized messages", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_200 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.constantFrom("argsPreview", "functionPath", "name", "serverAddress"),
        (items, textLength, field) => {
          const text = "A".repeat(textLength);
          const one = wireCall({ [field]: text });
          checkOutcome(pageMessage(new Array(items).fill(one)));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it("survives 1,000 deeply nested messages without recursing into them", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 5_000 }),
        fc.constantFrom(...fieldPaths),
        (depth, path) => {
          let deep: unknown = "bottom";
          for (let i = 0; i < depth; i++)
            deep = i % 2 === 0 ? { __proto__: null, a: deep } : [deep];
          const message = pageMessage(everyWireItem());
          mutate(message, path, deep);
          checkOutcome(message);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it("handles 500 prototype-polluting JSON documents as plain data", () => {
    const payloads = [
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"type":"call","__proto__":{"type":"call","seq":1}}',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...payloads), fc.constantFrom(...fieldPaths), (json, path) => {
        const message = pageMessage(everyWireItem());
        mutate(message, path, JSON.parse(json));
        checkOutcome(message);
        checkOutcome({ ...JSON.parse(json), ...pageMessage([JSON.parse(json)]) });
      }),
      { numRuns: 500 },
    );
  });
});

describe("validateDevtoolsMessage", () => {
  it("accepts the extension's messages and refuses page messages, which the page never receives", () => {
    const hello = { source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "hello" };
    expect(validateDevtoolsMessage(hello).ok).toBe(true);
    const page = { source: PAGE_SOURCE, v: PROTOCOL_VERSION, session: "s1", batch: [] };
    expect(validateMessage(page).ok).toBe(true);
    expect(validateDevtoolsMessage(page)).toEqual({ ok: false, reason: "unknown source" });
  });

  it("tells a validated page message from the extension's", () => {
    const hello = validateMessage({ source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "bye" });
    const page = validateMessage(pageMessage([]));
    expect(hello.ok && isPageMessage(hello.message)).toBe(false);
    expect(page.ok && isPageMessage(page.message)).toBe(true);
  });
});
