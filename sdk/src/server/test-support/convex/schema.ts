import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

/** The fixture app's one table, with an index so that reads can name one. */
export default defineSchema({
  notes: defineTable({ owner: v.string(), secret: v.string() }).index("by_owner", ["owner"]),
});
