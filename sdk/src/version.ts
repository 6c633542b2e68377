/** Instrumentation scope name, as trace backends show it. */
export const SDK_NAME = "@convex-lens/sdk";
/** Kept in step with package.json by a test. */
export const SDK_VERSION = "0.1.0";
