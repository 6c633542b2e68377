import { type FunctionReference, type FunctionReturnType, getFunctionName } from "convex/server";
import { canonicalFunctionPath } from "./instrument/functionPath.js";
import type { FunctionPolicy } from "./options.js";

/**
 * One entry of `createLens({ functions })` keyed by a function reference instead of a string, so the
 * policy's `fallback` is checked against the function's own return type:
 * `functions: { ...policyFor(api.messages.list, { fallback: () => [] }) }`.
 */
export function policyFor<Ref extends FunctionReference<"query" | "mutation" | "action">>(
  reference: Ref,
  policy: FunctionPolicy<FunctionReturnType<Ref>>,
): Record<string, FunctionPolicy> {
  return { [canonicalFunctionPath(getFunctionName(reference))]: policy };
}
