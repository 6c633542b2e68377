import { ConvexHttpClient } from "convex/browser";
import { afterEach, describe, expect, it } from "vitest";
import { createLens, type Lens } from "../lens.js";
import { Diagnostics } from "../telemetry/diagnostics.js";
import { createRedactor } from "../telemetry/redact.js";
import { ServerLogRouter } from "./serverLogRouter.js";
import { MAX_UNATTRIBUTED, MAX_UNATTRIBUTED_TEXT, UnattributedLogs } from "./unattributedLogs.js";

const SECRET = "sk_live_51Habcdefghijklmnop";
// The shape the official client logs a server line in (convex/src/browser/logging.ts).
const line = (prefix: string, text: string) => [
  `%c[CONVEX ${prefix}] [LOG]`,
  "color:rgb(0, 145, 255)",
  text,
];

let lens: Lens | undefined;
afterEach(async () => {
  await lens?.shutdown();
  lens = undefined;
});

describe("UnattributedLogs", () => {
  it("gathers the unattributed lines of every router it follows, redacted", () => {
    const logs = new UnattributedLogs(createRedactor(), new Diagnostics());
    const first = new ServerLogRouter();
    const second = new ServerLogRouter();
    logs.follow(first);
    logs.follow(second);
    first.route(line("M(tasks:create)", `'key ${SECRET}'`));
    second.route(line("A(ai:suggest)", "'thinking'"));
    const kept = logs.list();
    expect(kept.map((l) => `${l.kind} ${l.functionPath}`)).toEqual([
      "mutation tasks:create",
      "action ai:suggest",
    ]);
    expect(kept[0]?.text).not.toContain(SECRET);
    expect(kept[0]?.text).toContain("[REDACTED]");
  });

  it("keeps the newest MAX_UNATTRIBUTED lines and cuts a long one", () => {
    const logs = new UnattributedLogs(createRedactor(), new Diagnostics());
    for (let i = 0; i < MAX_UNATTRIBUTED + 5; i++) {
      logs.add({ at: i, kind: "mutation", functionPath: "a:b", level: "LOG", text: `line ${i}` });
    }
    logs.add({ at: 0, kind: null, functionPath: "a:b", level: "LOG", text: "x".repeat(100_000) });
    const kept = logs.list();
    expect(kept).toHaveLength(MAX_UNATTRIBUTED);
    expect(kept[0]?.text).toBe("line 6");
    expect(kept.at(-1)?.text.length).toBe(MAX_UNATTRIBUTED_TEXT);
  });

  it("tells listeners of each line, and a throwing listener is counted, not propagated", () => {
    const diagnostics = new Diagnostics();
    const logs = new UnattributedLogs(createRedactor(), diagnostics);
    const seen: string[] = [];
    logs.subscribe(() => {
      throw new Error("listener bug");
    });
    const stop = logs.subscribe((l) => seen.push(l.text));
    logs.add({ at: 1, kind: null, functionPath: "a:b", level: "LOG", text: "one" });
    stop();
    logs.add({ at: 2, kind: null, functionPath: "a:b", level: "LOG", text: "two" });
    expect(seen).toEqual(["one"]);
    expect(diagnostics.snapshot().total).toBeGreaterThan(0);
  });
});

describe("lens.unattributedLogs()", () => {
  it("lists a server line an instrumented client printed outside any response, redacted, and tells onUnattributedLog", () => {
    const quiet = (..._args: unknown[]) => {};
    const logger = { log: quiet, logVerbose: quiet, warn: quiet, error: quiet };
    const client = new ConvexHttpClient("http://127.0.0.1:3210", {
      skipConvexDeploymentUrlCheck: true,
      logger,
    });
    lens = createLens();
    lens.instrument(client);
    const heard: string[] = [];
    lens.onUnattributedLog((l) => heard.push(`${l.functionPath} ${l.text}`));
    logger.log(...line("M(tasks:create)", `'token ${SECRET}'`));
    const listed = lens.unattributedLogs();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      kind: "mutation",
      functionPath: "tasks:create",
      level: "LOG",
    });
    expect(listed[0]?.text).not.toContain(SECRET);
    expect(heard).toEqual([`tasks:create ${listed[0]?.text}`]);
  });
});
