// The SDK's checks on parsed JSON, as the collector imports them. Like ./traceLine.ts, a re-export
// in the workspace that the build replaces with the SDK's compiled jsonGuards module (which the
// compiled trace-line reader imports by this name).

/** Whether a parsed value is an object, or a finite number: the readers of log events use both. */
export { isFiniteNumber, isRecord } from "@convex-lens/sdk/server/trace-line";
