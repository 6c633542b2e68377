import {
  makeFunctionReference,
  type PaginationOptions,
  type PaginationResult,
} from "convex/server";

type NoArgs = Record<string, never>;

/** A post of the complete fixture's feed. */
export interface Post {
  _id: string;
  _creationTime: number;
  body: string;
  author: string;
  rank: number;
}

/** A stored file as `files:list` describes it. */
export interface ListedFile {
  id: string;
  name: string;
  url: string | null;
  size: number | null;
  contentType: string | null;
}

/** What `account:whoami` returns for a signed-in client. */
export interface WhoAmI {
  subject: string;
  issuer: string;
  tokenIdentifier: string;
  name: string | null;
  email: string | null;
}

/** Typed references to the complete fixture's functions (test/fixtures/complete/convex). */
export const complete = {
  whoami: makeFunctionReference<"query", NoArgs, WhoAmI | null>("account:whoami"),
  me: makeFunctionReference<"query", NoArgs, string>("account:me"),
  register: makeFunctionReference<"mutation", { name: string }, string>("account:register"),
  /** Internal: clients must not be able to call it. */
  promote: makeFunctionReference<"mutation", { tokenIdentifier: string }, null>("account:promote"),
  feed: makeFunctionReference<
    "query",
    { paginationOpts: PaginationOptions },
    PaginationResult<Post>
  >("feed:list"),
  addPost: makeFunctionReference<"mutation", { body: string; rank?: number }, string>("feed:add"),
  addPosts: makeFunctionReference<"mutation", { bodies: string[] }, string[]>("feed:addMany"),
  removePost: makeFunctionReference<"mutation", { id: string }, null>("feed:remove"),
  allPosts: makeFunctionReference<"query", NoArgs, string[]>("feed:all"),
  heartbeats: makeFunctionReference<"query", NoArgs, number>("heartbeat:count"),
  generateUploadUrl: makeFunctionReference<"mutation", NoArgs, string>("files:generateUploadUrl"),
  saveFile: makeFunctionReference<"mutation", { storageId: string; name: string }, string>(
    "files:save",
  ),
  files: makeFunctionReference<"query", NoArgs, ListedFile[]>("files:list"),
  removeFile: makeFunctionReference<"mutation", { id: string }, null>("files:remove"),
  quoteOfTheDay: makeFunctionReference<"action", NoArgs, string>("external:quoteOfTheDay"),
  fetchUrl: makeFunctionReference<"action", { url: string }, number>("external:fetchUrl"),
};
