import { makeFunctionReference } from "convex/server";
import { describe, expect, it } from "vitest";
import { LensError } from "../errors/index.js";
import { scriptedClient } from "../instrument/test-support/scriptedClient.js";
import { createLens } from "../lens.js";
import { alerts } from "../modules/alerts.js";
import { FakeClock } from "../resilience/test-support/fakeClock.js";
import { type Alert, AlertCenter, auditEventType, auditSpanAttributes } from "./alerts.js";
import { Diagnostics } from "./diagnostics.js";
import { ATTR_AUDIT_TYPE } from "./semconv.js";
import { callRecord, failure } from "./test-support/callRecords.js";

function center(options: ConstructorParameters<typeof AlertCenter>[0] = {}) {
  const alerts: Alert[] = [];
  const clock = new FakeClock(5_000);
  const diagnostics = new Diagnostics();
  const c = new AlertCenter({
    clock,
    diagnostics,
    isCritical: (path) => path.startsWith("payments:"),
    ...options,
  });
  c.onAlert((alert) => alerts.push(alert));
  return { center: c, alerts, diagnostics, clock };
}

describe("AlertCenter", () => {
  it("alerts on an auth failure and records it as a security audit event", () => {
    const { center: c, alerts } = center();
    c.record(
      callRecord({
        functionPath: "boards:get",
        error: new LensError("UNAUTHENTICATED", { message: "token expired", requestId: "req-1" }),
        traceId: "t1",
        spanId: "s1",
      }),
    );
    c.record(
      callRecord({ functionPath: "boards:delete", kind: "mutation", error: failure("FORBIDDEN") }),
    );
    expect(alerts.map((a) => [a.reason, a.code, a.functionPath])).toEqual([
      ["unauthenticated", "UNAUTHENTICATED", "boards:get"],
      ["forbidden", "FORBIDDEN", "boards:delete"],
    ]);
    expect(alerts[0]).toMatchObject({ traceId: "t1", spanId: "s1", at: 5_000, critical: false });
    expect(c.auditLog()).toEqual([
      expect.objectContaining({
        type: "auth.unauthenticated",
        functionPath: "boards:get",
        message: "token expired",
        requestId: "req-1",
        traceId: "t1",
      }),
      expect.objectContaining({ type: "auth.forbidden", kind: "mutation" }),
    ]);
  });

  it("alerts on any failure of a critical function, but not on ordinary failures elsewhere", () => {
    const { center: c, alerts } = center();
    c.record(
      callRecord({ functionPath: "payments:charge", kind: "action", error: failure("TIMEOUT") }),
    );
    c.record(callRecord({ functionPath: "messages:list", error: failure("SERVER_ERROR") }));
    c.record(callRecord({ functionPath: "payments:charge" })); // success
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      reason: "critical_function",
      code: "TIMEOUT",
      critical: true,
    });
    expect(c.auditLog()).toEqual([]);
  });

  it("keeps at most its capacity of audit events, dropping the oldest", () => {
    const { center: c } = center({ auditCapacity: 200 });
    for (let i = 0; i < 250; i++) {
      c.record(callRecord({ functionPath: `fn:${i}`, error: failure("FORBIDDEN") }));
    }
    const log = c.auditLog();
    expect(log).toHaveLength(200);
    expect(log[0]?.functionPath).toBe("fn:50");
    expect(log[199]?.functionPath).toBe("fn:249");
    expect(c.auditDropped).toBe(50);
    c.clearAuditLog();
    expect(c.auditLog()).toEqual([]);
  });

  it("still audits auth failures when nobody listens for alerts", () => {
    const c = new AlertCenter();
    c.record(callRecord({ error: failure("UNAUTHENTICATED") }));
    expect(c.auditLog()).toHaveLength(1);
  });

  it("counts a throwing alert listener or critical predicate and keeps going", () => {
    const {
      center: c,
      alerts,
      diagnostics,
    } = center({
      isCritical: () => {
        throw new Error("bad predicate");
      },
    });
    c.onAlert(() => {
      throw new Error("bad listener");
    });
    c.record(callRecord({ error: failure("FORBIDDEN") }));
    expect(alerts).toHaveLength(1);
    expect(diagnostics.snapshot().errors).toMatchObject({ listener: 1, hook: 1 });
  });

  it("stops calling a listener once it unsubscribes", () => {
    const c = new AlertCenter();
    const seen: Alert[] = [];
    const stop = c.onAlert((alert) => seen.push(alert));
    stop();
    c.record(callRecord({ error: failure("FORBIDDEN") }));
    expect(seen).toEqual([]);
  });

  it("redacts secrets from the messages it keeps and delivers, with the lens's own rules", async () => {
    const lens = createLens({
      devtools: false,
      capture: { redact: [/acct-\d+/] },
      use: [alerts()],
    });
    const heard: Alert[] = [];
    lens.onAlert((alert) => heard.push(alert));
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl";
    const { client } = scriptedClient(() => {
      throw new LensError("UNAUTHENTICATED", {
        message: `Invalid token ${jwt} for acct-4242`,
      });
    });
    lens.instrument(client);
    await expect(client.query(makeFunctionReference<"query">("boards:get"), {})).rejects.toThrow();
    const kept = [heard[0]?.message, lens.auditLog()[0]?.message];
    expect(kept).toEqual([expect.stringContaining("Invalid token"), expect.any(String)]);
    for (const message of kept) {
      expect(message).not.toContain(jwt);
      expect(message).not.toContain("acct-4242");
    }
    await lens.shutdown();
  });

  it("caps long messages so an audit log cannot hold huge strings", () => {
    const c = new AlertCenter();
    c.record(callRecord({ error: failure("FORBIDDEN", "x".repeat(10_000)) }));
    expect(c.auditLog()[0]?.message.length).toBeLessThanOrEqual(501);
  });

  it("gives the integrator span event attributes for auth failures only", () => {
    expect(auditSpanAttributes("UNAUTHENTICATED", "boards:get")).toEqual({
      [ATTR_AUDIT_TYPE]: "auth.unauthenticated",
      "error.type": "UNAUTHENTICATED",
      "rpc.method": "boards:get",
    });
    expect(auditSpanAttributes("TIMEOUT", "boards:get")).toBeNull();
    expect(auditEventType("FORBIDDEN")).toBe("auth.forbidden");
    expect(auditEventType("NOT_FOUND")).toBeNull();
  });
});
