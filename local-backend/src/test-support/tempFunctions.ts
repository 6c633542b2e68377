import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A throwaway Convex functions directory for one test file. */
export interface TempFunctions {
  readonly dir: string;
  remove(): Promise<void>;
}

/** Writes `files` (relative path → source) into `convex/` of a fresh temp app. */
export async function writeTempFunctions(files: Record<string, string>): Promise<TempFunctions> {
  const root = await mkdtemp(join(tmpdir(), "lens-backend-test-"));
  const dir = join(root, "convex");
  // Like many apps, no "type": "module": loading must not depend on the package type.
  await writeFile(join(root, "package.json"), JSON.stringify({ name: "temp-app", private: true }));
  for (const [path, source] of Object.entries(files)) {
    const full = join(dir, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, source);
  }
  return { dir, remove: () => rm(root, { recursive: true, force: true }) };
}

/** A small chat app: enough to exercise queries, mutations, actions, errors and the scheduler. */
export const CHAT_APP: Record<string, string> = {
  "schema.ts": `
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  messages: defineTable({ body: v.string() }),
  other: defineTable({ n: v.number() }),
});
`,
  "messages.ts": `
import { ConvexError, v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation, mutation, query } from "./_generated/server";

export const list = query({
  args: {},
  handler: async (ctx) => {
    console.log("listing");
    return (await ctx.db.query("messages").collect()).map((m) => m.body);
  },
});
export const count = query({ args: {}, handler: async (ctx) => (await ctx.db.query("messages").collect()).length });
export const countOther = query({ args: {}, handler: async (ctx) => (await ctx.db.query("other").collect()).length });
export const send = mutation({
  args: { body: v.string() },
  handler: async (ctx, { body }) => {
    if (body === "") throw new ConvexError({ code: "EMPTY" });
    console.log("sending", body);
    return await ctx.db.insert("messages", { body });
  },
});
export const slowSend = mutation({
  args: { body: v.string() },
  handler: async (ctx, { body }) => ctx.db.insert("messages", { body }),
});
export const addOther = mutation({ args: {}, handler: async (ctx) => ctx.db.insert("other", { n: 1 }) });
export const later = mutation({
  args: { body: v.string() },
  handler: async (ctx, { body }) => { await ctx.scheduler.runAfter(0, internal.messages.insert, { body }); },
});
export const insert = internalMutation({
  args: { body: v.string() },
  handler: async (ctx, { body }) => ctx.db.insert("messages", { body }),
});
export const boom = query({ args: {}, handler: async () => { throw new Error("query exploded"); } });
`,
  "auth.ts": `
import { query } from "./_generated/server";
export const whoami = query({ args: {}, handler: async (ctx) => (await ctx.auth.getUserIdentity())?.subject ?? null });
`,
  "folder/nested.ts": `
import { action } from "../_generated/server";
import { api } from "../_generated/api";
export const shout = action({
  args: {},
  handler: async (ctx) => {
    await ctx.runMutation(api.messages.send, { body: "from action" });
    return "ok";
  },
});
`,
};
