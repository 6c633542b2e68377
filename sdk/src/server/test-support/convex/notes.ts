// Fixture functions for the server helper's tests and benchmark: the same bodies traced and
// untraced, so a test can compare them and check that wrapping changes nothing a caller sees.
import { makeFunctionReference } from "convex/server";
import { v } from "convex/values";
import { traced } from "../../traced.js";
import { action, internalMutation, internalQuery, mutation, query } from "./_generated/server.js";

// Mutations name the traced functions (so scheduled ones get the context); the action does not, so
// its runQuery calls exercise the default: try with the context, retry without when rejected.
const tracedPaths = (path: string) => path.startsWith("notes:traced");
const tracedQuery = traced(query);
const tracedMutation = traced(mutation, { tracedPaths });
const tracedAction = traced(action);
const tracedInternalQuery = traced(internalQuery);
const tracedInternalMutation = traced(internalMutation);

/** A traced read: an index range, then a point read. */
export const tracedList = tracedQuery({
  args: { owner: v.string() },
  handler: async (ctx, { owner }) => {
    const notes = await ctx.db
      .query("notes")
      .withIndex("by_owner", (q) => q.eq("owner", owner))
      .collect();
    const first = notes[0] === undefined ? null : await ctx.db.get(notes[0]._id);
    return { count: notes.length, first: first?.owner ?? null };
  },
});

/** The same read, untraced. */
export const plainList = query({
  args: { owner: v.string() },
  handler: async (ctx, { owner }) => {
    const notes = await ctx.db
      .query("notes")
      .withIndex("by_owner", (q) => q.eq("owner", owner))
      .collect();
    const first = notes[0] === undefined ? null : await ctx.db.get(notes[0]._id);
    return { count: notes.length, first: first?.owner ?? null };
  },
});

/** A traced write that also schedules a traced follow-up. */
export const tracedAdd = tracedMutation({
  args: { owner: v.string(), secret: v.string(), copies: v.optional(v.number()) },
  handler: async (ctx, { owner, secret, copies = 1 }) => {
    let id = null;
    for (let i = 0; i < copies; i++) id = await ctx.db.insert("notes", { owner, secret });
    await ctx.scheduler.runAfter(0, makeFunctionReference<"mutation">("notes:tracedAudit"), {
      owner,
    });
    return id;
  },
});

/** The scheduled follow-up: traced, so it receives the context as a link. */
export const tracedAudit = tracedInternalMutation({
  args: { owner: v.string() },
  handler: async (ctx, { owner }) => {
    const notes = await ctx.db
      .query("notes")
      .withIndex("by_owner", (q) => q.eq("owner", owner))
      .take(1);
    return notes.length;
  },
});

/** The same write, untraced. */
export const plainAdd = mutation({
  args: { owner: v.string(), secret: v.string() },
  handler: async (ctx, { owner, secret }) => ctx.db.insert("notes", { owner, secret }),
});

/** The same write, traced: the benchmark's pair for `plainAdd`. */
export const tracedInsert = tracedMutation({
  args: { owner: v.string(), secret: v.string() },
  handler: async (ctx, { owner, secret }) => ctx.db.insert("notes", { owner, secret }),
});

/** A traced failure: the error must reach the caller unchanged. */
export const tracedFails = tracedMutation({
  args: {},
  handler: async (ctx) => {
    await ctx.db.insert("notes", { owner: "x", secret: "y" });
    throw new Error("boom");
  },
});

/** A traced action calling one traced and one untraced query, then an external service. */
export const tracedCalls = tracedAction({
  args: { owner: v.string(), url: v.optional(v.string()) },
  handler: async (ctx, { owner, url }) => {
    const traced = await ctx.runQuery(makeFunctionReference<"query">("notes:tracedList"), {
      owner,
    });
    const plain = await ctx.runQuery(makeFunctionReference<"query">("notes:plainList"), {
      owner,
    });
    const status = url === undefined ? null : (await fetch(url)).status;
    return { traced: traced.count, plain: plain.count, status };
  },
});

/** An internal traced query with no validator: the context must not leak into its args. */
export const tracedNoValidator = tracedInternalQuery(async (_ctx, args: Record<string, unknown>) =>
  Object.keys(args),
);

/** Reads in a loop: more spans than the cap. */
export const tracedManyReads = tracedQuery({
  args: { reads: v.number() },
  handler: async (ctx, { reads }) => {
    for (let i = 0; i < reads; i++) await ctx.db.query("notes").first();
    return reads;
  },
});
