import { describe, expect, it } from "vitest";
import { BackendAdminError, createBackendAdmin } from "./backendAdmin.js";

type Call = { url: string; method: string; body: unknown };

function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = {
      url: String(input),
      method: init?.method ?? "GET",
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    return respond(call);
  }) as typeof fetch;
  return { impl, calls };
}

const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { "Content-Type": "application/json" } });

describe("the local backend's admin client", () => {
  it("sends fault changes as a JSON patch and drops sockets on request", async () => {
    const { impl, calls } = fakeFetch((call) =>
      call.url.endsWith("/drop-sockets") ? json({ dropped: 2 }) : json({ errorRate: 0.5 }),
    );
    const admin = createBackendAdmin("http://127.0.0.1:3210", "the-admin-token-1234", impl);
    await admin.setFaults({ errorRate: 0.5 });
    await admin.clearFaults();
    expect(await admin.dropSockets()).toBe(2);
    expect(calls).toEqual([
      { url: "http://127.0.0.1:3210/_lens/faults", method: "POST", body: { errorRate: 0.5 } },
      { url: "http://127.0.0.1:3210/_lens/faults", method: "DELETE", body: undefined },
      { url: "http://127.0.0.1:3210/_lens/faults/drop-sockets", method: "POST", body: undefined },
    ]);
  });

  it("sends the token the backend printed as a bearer token", async () => {
    const seen: (string | null)[] = [];
    const impl = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get("authorization"));
      return json({ errorRate: 0 });
    }) as typeof fetch;
    await createBackendAdmin("http://x", "the-admin-token-1234", impl).getFaults();
    await createBackendAdmin("http://x", null, impl).getFaults();
    expect(seen).toEqual(["Bearer the-admin-token-1234", null]);
  });

  it("says the backend refused, in its own words, when it rejects a setting", async () => {
    const { impl } = fakeFetch(() =>
      json(
        { code: "InvalidFaultConfig", message: "errorRate must be a number between 0 and 1" },
        400,
      ),
    );
    const failure = createBackendAdmin("http://x", null, impl).setFaults({ errorRate: 2 });
    await expect(failure).rejects.toBeInstanceOf(BackendAdminError);
    await expect(failure).rejects.toMatchObject({
      code: "REJECTED",
      message: "The local backend refused: errorRate must be a number between 0 and 1",
    });
  });

  it("says the backend is unreachable when the request never gets an answer", async () => {
    const { impl } = fakeFetch(() => Promise.reject(new TypeError("fetch failed")));
    await expect(createBackendAdmin("http://x", null, impl).getFaults()).rejects.toMatchObject({
      code: "UNREACHABLE",
    });
  });
});
