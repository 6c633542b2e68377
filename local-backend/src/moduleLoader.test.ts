import { afterEach, describe, expect, it } from "vitest";
import { loadFunctions } from "./moduleLoader.js";
import { type TempFunctions, writeTempFunctions } from "./test-support/tempFunctions.js";

let app: TempFunctions | undefined;

afterEach(async () => {
  await app?.remove();
  app = undefined;
});

async function load(files: Record<string, string>) {
  app = await writeTempFunctions(files);
  const loaded = await loadFunctions(app.dir);
  return {
    loaded,
    paths: loaded.registry.list().map((fn) => `${fn.path} ${fn.kind} ${fn.visibility}`),
  };
}

const QUERY_MODULE = `
import { query, internalMutation } from "./_generated/server";
export const get = query(async () => 1);
export const hidden = internalMutation(async () => null);
export const notAFunction = 42;
`;

describe("loadFunctions", () => {
  it("uses a committed _generated/ folder when there is one", async () => {
    const { loaded, paths } = await load({
      "_generated/server.js": `
import { queryGeneric, internalMutationGeneric } from "convex/server";
export const query = queryGeneric;
export const internalMutation = internalMutationGeneric;
export const generatedMarker = "committed";
`,
      "_generated/api.js": 'import { anyApi } from "convex/server";\nexport const api = anyApi;\n',
      "things.ts": `${QUERY_MODULE}\nexport { generatedMarker } from "./_generated/server";\n`,
    });
    expect(paths).toEqual(["things:get query public", "things:hidden mutation internal"]);
    const things = (await loaded.modules["/convex/things.js"]?.()) as { generatedMarker: string };
    expect(things.generatedMarker).toBe("committed");
    await loaded.dispose();
  });

  it("provides a virtual _generated/ when none is committed, also to nested folders", async () => {
    const { loaded, paths } = await load({
      "things.ts": QUERY_MODULE,
      "deep/er/more.js":
        'import { query } from "../../_generated/server.js";\nexport const x = query(async () => 2);\n',
    });
    expect(paths).toContain("deep/er/more:x query public");
    expect(Object.keys(loaded.modules).some((key) => key.includes("_generated"))).toBe(true);
    await loaded.dispose();
  });

  it("follows the Convex CLI's rules for which files are modules", async () => {
    const { loaded, paths } = await load({
      "things.ts": QUERY_MODULE,
      "things.test.ts":
        'import { query } from "./_generated/server";\nexport const t = query(async () => 0);\n',
      ".hidden.ts":
        'import { query } from "./_generated/server";\nexport const h = query(async () => 0);\n',
      "types.ts": "type Only = string;\n",
      "notes.md": "# not code\n",
    });
    expect(paths).toEqual(["things:get query public", "things:hidden mutation internal"]);
    expect(loaded.schema).toBeUndefined();
    await loaded.dispose();
  });

  it("skips nested components and says so", async () => {
    const { loaded, paths } = await load({
      "things.ts": QUERY_MODULE,
      "component/convex.config.ts": "export default {};\n",
      "component/lib.ts":
        'import { query } from "../_generated/server";\nexport const c = query(async () => 0);\n',
    });
    expect(paths.some((path) => path.startsWith("component/"))).toBe(false);
    expect(loaded.warnings.join("\n")).toContain("component");
    await loaded.dispose();
  });

  it("rejects a schema.ts whose default export is not a schema", async () => {
    app = await writeTempFunctions({ "schema.ts": "export default { nope: true };\n" });
    await expect(loadFunctions(app.dir)).rejects.toThrow(
      "schema.ts: its default export must be defineSchema(...)",
    );
  });

  it("finds the app's HTTP router and cron jobs, and skips jobs it cannot run", async () => {
    const { loaded } = await load({
      "jobs.ts": `
import { internalMutation, query } from "./_generated/server";
export const tick = internalMutation(async () => null);
export const read = query(async () => null);
`,
      "crons.ts": `
import { cronJobs } from "convex/server";
import { internal, api } from "./_generated/api";
const crons = cronJobs();
crons.interval("tick", { seconds: 5 }, internal.jobs.tick);
crons.daily("missing", { hourUTC: 1, minuteUTC: 0 }, internal.jobs.gone);
crons.hourly("a query", { minuteUTC: 3 }, api.jobs.read);
export default crons;
`,
      "http.ts": `
import { httpRouter } from "convex/server";
import { httpAction } from "./_generated/server";
const http = httpRouter();
http.route({ path: "/hook", method: "POST", handler: httpAction(async () => new Response("ok")) });
export default http;
`,
    });
    expect(loaded.cronJobs.map((job) => [job.name, job.udfPath])).toEqual([["tick", "jobs:tick"]]);
    expect(loaded.warnings).toEqual([
      expect.stringContaining('Skipping cron job "missing": jobs:gone'),
      expect.stringContaining('Skipping cron job "a query": jobs:read'),
    ]);
    expect(loaded.httpRouter?.lookup("/hook", "POST")).not.toBeNull();
    expect(loaded.httpRouter?.lookup("/other", "POST")).toBeNull();
  });
});
