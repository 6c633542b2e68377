import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeJournal, encodeJournal } from "./paginationJournal.js";
import { type LocalBackend, startLocalBackend } from "./server.js";
import { RawSyncClient, type ServerMessage } from "./test-support/rawSyncClient.js";
import { type TempFunctions, writeTempFunctions } from "./test-support/tempFunctions.js";

const FEED_APP: Record<string, string> = {
  "schema.ts": `
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({ items: defineTable({ n: v.number() }).index("by_n", ["n"]) });
`,
  "items.ts": `
import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import { mutation, query } from "./_generated/server";
export const page = query({
  args: { paginationOpts: paginationOptsValidator },
  handler: async (ctx, { paginationOpts }) =>
    await ctx.db.query("items").withIndex("by_n").paginate(paginationOpts),
});
export const add = mutation({
  args: { n: v.number() },
  handler: async (ctx, { n }) => await ctx.db.insert("items", { n }),
});
export const remove = mutation({
  args: { id: v.id("items") },
  handler: async (ctx, { id }) => { await ctx.db.delete(id); },
});
`,
};

let app: TempFunctions;
let backend: LocalBackend;
let nextRequestId = 0;

beforeAll(async () => {
  app = await writeTempFunctions(FEED_APP);
  backend = await startLocalBackend({ functionsDir: app.dir, port: 0 });
});

afterAll(async () => {
  await backend?.close();
  await app?.remove();
});

type Modification = {
  type: string;
  value?: { page: { n: number }[]; isDone: boolean; continueCursor: string };
  journal?: string | null;
};

const mods = (m: ServerMessage) => m.modifications as Modification[];
const isUpdate = (m: ServerMessage) =>
  m.type === "Transition" && mods(m).some((mod) => mod.type === "QueryUpdated");

async function mutate(client: RawSyncClient, udfPath: string, args: object): Promise<unknown> {
  const requestId = nextRequestId++;
  client.send({ type: "Mutation", requestId, udfPath, args: [args] });
  const response = await client.next(
    (m) => m.type === "MutationResponse" && m.requestId === requestId,
  );
  return response.result;
}

function addPage(queryId: number, journal?: string | null) {
  return {
    type: "ModifyQuerySet",
    baseVersion: queryId,
    newVersion: queryId + 1,
    modifications: [
      {
        type: "Add",
        queryId,
        udfPath: "items:page",
        args: [{ paginationOpts: { numItems: 2, cursor: null } }],
        ...(journal === undefined ? {} : { journal }),
      },
    ],
  };
}

describe("pagination journals", () => {
  it("round-trips an end cursor and ignores journals it did not make", () => {
    const journal = encodeJournal("[1,2]");
    expect(decodeJournal(journal)).toBe("[1,2]");
    expect(encodeJournal(null)).toBeNull();
    expect(decodeJournal(null)).toBeNull();
    expect(decodeJournal("opaque journal from a deployment")).toBeNull();
    expect(decodeJournal(JSON.stringify(["other", "x"]))).toBeNull();
  });

  it("sends a journal with a paginated result and keeps the page's end while items arrive before it", async () => {
    const client = await RawSyncClient.open(backend.url);
    const ids = [];
    for (const n of [10, 20, 30]) {
      ids.push(await mutate(client, "items:add", { n }));
    }
    const from = client.received.length;
    client.send(addPage(0));
    const first = mods(await client.next(isUpdate, { from }))[0];
    expect(first?.value?.page.map((item) => item.n)).toEqual([10, 20]);
    expect(typeof first?.journal).toBe("string");

    await mutate(client, "items:add", { n: 15 });
    const grown = await client.next(
      (m) => isUpdate(m) && mods(m).some((mod) => mod.value?.page.length === 3),
    );
    const update = mods(grown)[0];
    expect(update?.value?.page.map((item) => item.n)).toEqual([10, 15, 20]);
    expect(update?.value?.continueCursor).toBe(first?.value?.continueCursor);
    expect(update?.journal).toBe(first?.journal);

    // The item the end cursor points at is deleted: the page still ends there, not "done".
    const beforeDelete = client.received.indexOf(grown) + 1;
    await mutate(client, "items:remove", { id: ids[1] });
    const shrunk = await client.next(
      (m) => isUpdate(m) && mods(m).some((mod) => mod.value?.page.length === 2),
      { from: beforeDelete },
    );
    expect(mods(shrunk)[0]?.value?.page.map((item) => item.n)).toEqual([10, 15]);
    expect(mods(shrunk)[0]?.value).toMatchObject({
      isDone: false,
      continueCursor: first?.value?.continueCursor,
    });
    client.close();

    // A reconnecting client sends the journal back in Add: the page ends where it did.
    const again = await RawSyncClient.open(backend.url);
    again.send(addPage(0, first?.journal));
    const resumed = mods(await again.next(isUpdate))[0];
    expect(resumed?.value?.page.map((item) => item.n)).toEqual([10, 15]);
    expect(resumed?.value?.continueCursor).toBe(first?.value?.continueCursor);
    again.close();
  });
});
