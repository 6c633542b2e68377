import type { CreateLensOptions } from "@convex-lens/sdk";

/**
 * Every top-level option of `createLens`, as a value the compiler checks against its options:
 * adding an option without listing it here fails typecheck, and the docs checks then require it to
 * be documented in docs/configuration.md and sdk/README.md.
 */
export const LENS_OPTION_KEYS: Record<keyof Required<CreateLensOptions>, true> = {
  tracerProvider: true,
  retry: true,
  breaker: true,
  timeoutMs: true,
  functions: true,
  capture: true,
  devtools: true,
  userMessage: true,
  online: true,
  use: true,
};
