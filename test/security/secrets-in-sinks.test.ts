import { createLens, type LensOptions, type LogRecord, logger } from "@convex-lens/sdk";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import type { PageWindow } from "../../sdk/src/devtools/bridge.js";
import { startDevtoolsBridge } from "../../sdk/src/devtools/lensDevtoolsHost.js";
import { DEVTOOLS_SOURCE, PROTOCOL_VERSION } from "../../sdk/src/devtools/protocol.js";
import { scriptedClient } from "../../sdk/src/instrument/test-support/scriptedClient.js";
import { memoryTracing } from "../support/tracing.js";

// Secrets planted in every place app data enters the SDK (arguments, results, ConvexError data,
// values echoed by argument validation, plain error text, server log lines) must be absent from
// every sink data leaves through: span attributes, status and events (an in-memory exporter), the
// OTLP export body, the logger's output and the DevTools bridge's messages. With capture on and
// ConvexError data kept (the most that can be turned on), and with the defaults.

// Made-up values; the JWT and key shapes are there to be caught by value, under ordinary keys.
const JWT =
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEyMyIsImV4cCI6MTk5OTk5OTk5OX0.c2lnbmF0dXJlc2lnbmF0dXJl";
const SECRETS = {
  argPassword: "arg-pw-71c3",
  argNote: `Bearer ${JWT}`,
  resultKey: "res-key-2b9d",
  resultText: "sk_live_51Habcdefghijklmnop",
  errorToken: "err-tok-5e1a",
  validated: "val-pin-9d2f",
  plainError: "plain-err-3a7c",
  logOtp: "log-otp-8c4e",
  logAws: "AKIAIOSFODNN7EXAMPLE",
} as const;
const planted = Object.values(SECRETS);

/** What reaches each sink, as text. */
interface Sinks {
  spans: string;
  otlpBody: string;
  logs: string;
  bridge: string;
}

async function runEverySink(capture: LensOptions): Promise<Sinks> {
  const tracing = memoryTracing();
  const logs: LogRecord[] = [];
  const lens = createLens({
    ...capture,
    tracerProvider: tracing.provider,
    retry: false,
    breaker: false,
    devtools: false,
    use: [logger({ level: "debug", sink: (record) => logs.push(record) })],
  });
  const posted: unknown[] = [];
  const listeners = new Set<(event: MessageEvent) => void>();
  const page: PageWindow = {
    location: { origin: "http://127.0.0.1:5173", href: "http://127.0.0.1:5173/" },
    postMessage: (message) => posted.push(message),
    addEventListener: (_type, listener) => listeners.add(listener),
    removeEventListener: (_type, listener) => listeners.delete(listener),
  };
  const bridge = startDevtoolsBridge(lens, true, () => {}, page);
  const scripted = scriptedClient(({ path }) => {
    scripted.serverLog("Q", path, `'user signed in, otp: ${SECRETS.logOtp} via ${SECRETS.logAws}'`);
    if (path === "auth:ok") return { apiKey: SECRETS.resultKey, text: SECRETS.resultText };
    if (path === "auth:convexError") {
      throw new ConvexError({
        code: "BAD_LOGIN",
        sessionToken: SECRETS.errorToken,
        password: SECRETS.errorToken,
      });
    }
    if (path === "auth:validation") {
      throw new Error(
        `[Request ID: r1] Server Error\nArgumentValidationError: Value does not match validator.\nPath: .pin\nValue: "${SECRETS.validated}"\nValidator: v.float64()`,
      );
    }
    throw new Error(`upstream refused: token=${SECRETS.plainError}`);
  });
  lens.instrument(scripted.client);
  const convexLog = lens.convexLogger();
  convexLog.log(
    "%c[CONVEX Q(auth:ok)] [LOG]",
    "color:rgb(0, 145, 255)",
    `'otp: ${SECRETS.logOtp}'`,
  );
  const args = { password: SECRETS.argPassword, note: SECRETS.argNote };
  for (const name of ["auth:ok", "auth:convexError", "auth:validation", "auth:plain"]) {
    await scripted.client.mutation(makeFunctionReference<"mutation">(name), args).catch(() => {});
  }
  for (const listener of listeners) {
    listener({
      data: { source: DEVTOOLS_SOURCE, v: PROTOCOL_VERSION, type: "hello" },
      source: page,
    } as never);
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  bridge?.dispose();
  const spans = tracing.spans();
  const body = JsonTraceSerializer.serializeRequest(spans) ?? new Uint8Array();
  return {
    spans: JSON.stringify(
      spans.map((span) => ({
        attributes: span.attributes,
        status: span.status,
        events: span.events,
      })),
    ),
    otlpBody: new TextDecoder().decode(body),
    logs: JSON.stringify(logs),
    bridge: JSON.stringify(posted),
  };
}

describe("secrets planted in app data", () => {
  for (const [label, options] of [
    [
      "with capture of args, results and ConvexError data on",
      { capture: { args: true, results: true, errorData: true } },
    ],
    ["with the defaults (capture off)", {}],
  ] as const) {
    it(`reach no sink ${label}`, async () => {
      const sinks = await runEverySink(options);
      for (const [sink, text] of Object.entries(sinks)) {
        expect(text.length, `${sink} received something`).toBeGreaterThan(100);
        for (const secret of planted)
          expect(text, `${sink} leaked ${secret}`).not.toContain(secret);
        expect(text, `${sink} leaked the JWT`).not.toContain(JWT.slice(0, 40));
      }
      // The calls are still there, only without their secrets.
      expect(sinks.spans).toContain("BAD_LOGIN");
      expect(sinks.bridge).toContain("auth:validation");
      expect(sinks.logs).toContain(`otp: [REDACTED]`);
    });
  }
});
