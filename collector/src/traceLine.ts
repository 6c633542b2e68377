// The SDK's trace-line format and reader, as the collector imports them. In the workspace this
// re-exports `@convex-lens/sdk/server/trace-line`; the build (tsconfig.trace-line.json) compiles the
// SDK's own source over this module's output, so the published collector needs neither the SDK nor
// convex, and the format keeps one home.

/** The trace line's types, limits and parser, from the SDK. */
export * from "@convex-lens/sdk/server/trace-line";
