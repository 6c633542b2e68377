/**
 * Why connection listeners were called: a followed socket dropped or came back ("socket"), or a
 * client's socket started or stopped being followed ("followed", "unfollowed": instrumented,
 * closed), which is neither a drop nor a reconnect.
 */
export type ConnectionCause = "socket" | "followed" | "unfollowed";
