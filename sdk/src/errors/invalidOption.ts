import { ConfigurationError } from "./codeErrors.js";

/**
 * The CONFIGURATION error of every entry point's refused option, in one wording: "Invalid <api>
 * option: <reason><hint>." `reason` is core/optionChecks' RangeError (kept as the cause) or the
 * sentence itself; a ConfigurationError already says it, and is returned as it is.
 */
export function invalidOption(api: string, reason: unknown, hint = ""): ConfigurationError {
  if (reason instanceof ConfigurationError) return reason;
  const error = reason instanceof Error;
  return new ConfigurationError({
    message: `Invalid ${api} option: ${error ? reason.message : String(reason)}${hint}.`,
    cause: error ? reason : undefined,
  });
}
