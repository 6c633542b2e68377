import type { FunctionKind } from "../core/callTarget.js";
import type { ClassifyContext } from "../errors/index.js";
import type { UserMessageOption } from "../options.js";

/** What `classifyError` reads to let a ConvexError's own text reach end users. */
export type AppUserMessage = NonNullable<ClassifyContext["appUserMessage"]>;

/**
 * The lens's `userMessage` option as one function's classifier reads it: `true` as is, a chooser
 * bound to the function, so that the app can decide per function from one mapping. `undefined`
 * when the calm catalog text stays (the default).
 */
export function appUserMessageFor(
  option: UserMessageOption | undefined,
  call: { readonly functionPath: string; readonly kind: FunctionKind },
): AppUserMessage | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return true;
  const where = { functionPath: call.functionPath, kind: call.kind };
  return (data) => option(data, where);
}
