import { makeFunctionReference } from "convex/server";

/** A message document of the chat fixture. */
export interface Message {
  _id: string;
  _creationTime: number;
  author: string;
  body: string;
}

type NoArgs = Record<string, never>;

/** Typed references to the chat fixture's functions (test/fixtures/chat/convex). */
export const chat = {
  list: makeFunctionReference<"query", { limit?: number }, Message[]>("messages:list"),
  count: makeFunctionReference<"query", NoArgs, number>("messages:count"),
  send: makeFunctionReference<"mutation", { author: string; body: string }, string>(
    "messages:send",
  ),
  sendLater: makeFunctionReference<
    "mutation",
    { author: string; body: string; delayMs: number },
    null
  >("messages:sendLater"),
  /** Internal: clients must not be able to call it. */
  insertSystem: makeFunctionReference<"mutation", { author: string; body: string }, string>(
    "messages:insertSystem",
  ),
  fail: makeFunctionReference<"mutation", NoArgs, null>("messages:fail"),
  reply: makeFunctionReference<"action", { to: string }, { id: string; count: number }>(
    "bot:reply",
  ),
  whoami: makeFunctionReference<"query", NoArgs, { subject: string; name: string | null } | null>(
    "auth:whoami",
  ),
  summary: makeFunctionReference<"query", NoArgs, { messages: number; authors: number }>(
    "admin/stats:summary",
  ),
};

/** A send with arguments that fail validation (`body` must be a string). */
export const badSend = makeFunctionReference<"mutation", { author: string; body: number }, string>(
  "messages:send",
);
