import type { Lens } from "../lens.js";

/**
 * Tells the hooks your lens's type, so a hook that needs a module the lens lacks is a type error
 * rather than a CONFIGURATION error at render (TanStack Router's `Register` pattern):
 *
 * ```ts
 * declare module "@convex-lens/sdk/react" {
 *   interface Register { lens: typeof lens }
 * }
 * ```
 *
 * Without it every hook type-checks, and a missing module is reported when the hook runs.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the app through declaration merging.
export interface Register {}

/** The lens type the app registered, or `undefined` when it registered none. */
export type RegisteredLens = Register extends { lens: infer L } ? L : undefined;

/** The lens type `useLens()` returns: the registered one, or the core `Lens` when none is. */
export type AppLens = RegisteredLens extends Lens ? RegisteredLens : Lens;

/**
 * The type of a hook that needs a lens with `Api`: the hook itself when the registered lens has it
 * (or none is registered), otherwise a function whose only parameter spells out the fix.
 */
export type HookNeeding<Api, Hook, Fix extends string> = RegisteredLens extends undefined
  ? Hook
  : RegisteredLens extends Api
    ? Hook
    : (fix: Fix) => never;
