import { createLens } from "@convex-lens/sdk";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { makeFunctionReference } from "convex/server";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scriptedClient } from "../../sdk/src/instrument/test-support/scriptedClient.js";

// With capture on, hostile arguments still come out redacted: secrets never reach a span, whatever
// the nesting, key casing, prototype tricks or getters that throw; the call's result is unchanged.
const send = makeFunctionReference<"mutation">("auth:signIn");
const SECRET = "s3cr3t-VALUE";

function lensWithCapture() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const lens = createLens({
    tracerProvider: provider,
    capture: { args: true, results: true },
  });
  const { client } = scriptedClient(() => ({ accessToken: SECRET, ok: true }));
  lens.instrument(client);
  return { lens, client, exporter };
}

const secretKey = fc.constantFrom(
  "password",
  "Password",
  "PASSWORD",
  "api_key",
  "apiKey",
  "x-api-key",
  "Authorization",
  "refreshToken",
  "client_secret",
  "sessionId",
  "cookie",
);

describe("capture with hostile arguments", () => {
  it("never puts a secret into a span, at any depth or casing", async () => {
    const { lens, client, exporter } = lensWithCapture();
    await fc.assert(
      fc.asyncProperty(
        secretKey,
        fc.integer({ min: 0, max: 8 }),
        fc.jsonValue({ maxDepth: 2 }),
        async (key, depth, noise) => {
          let args: Record<string, unknown> = { [key]: SECRET, noise };
          for (let i = 0; i < depth; i++) args = i % 2 ? { nested: args } : { list: [args, noise] };
          exporter.reset();
          await expect(client.mutation(send, args)).resolves.toEqual({
            accessToken: SECRET,
            ok: true,
          });
          const attributes = JSON.stringify(exporter.getFinishedSpans().map((s) => s.attributes));
          expect(attributes).not.toContain(SECRET);
        },
      ),
      { numRuns: 200 },
    );
    await lens.shutdown();
  });

  it("survives getters that throw, prototype keys and huge values", async () => {
    const { lens, client, exporter } = lensWithCapture();
    const hostile = JSON.parse(
      '{"__proto__": {"password": "s3cr3t-VALUE"}, "constructor": {"token": "s3cr3t-VALUE"}}',
    );
    Object.defineProperty(hostile, "trap", {
      enumerable: true,
      get() {
        throw new Error("getter trap");
      },
    });
    hostile.big = "x".repeat(1_000_000);
    await expect(client.mutation(send, hostile)).resolves.toEqual({
      accessToken: SECRET,
      ok: true,
    });
    const attributes = JSON.stringify(exporter.getFinishedSpans().map((s) => s.attributes));
    expect(attributes).not.toContain(SECRET);
    expect(attributes.length).toBeLessThan(10_000);
    expect(({} as Record<string, unknown>).password).toBeUndefined();
    await lens.shutdown();
  });
});
