/**
 * `@convex-lens/sdk/react`: hooks and components that put the lens's health, metrics and calm
 * error messages into a React UI. Every hook subscribes to the lens (no polling) and re-renders
 * only when what it returns changed.
 */
export { LensErrorBoundary, type LensErrorBoundaryProps } from "./LensErrorBoundary.js";
export { LensProvider, type LensProviderProps } from "./LensProvider.js";
export type { AppLens, HookNeeding, Register, RegisteredLens } from "./register.js";
export { useBreakers } from "./useBreakers.js";
export { useConnection } from "./useConnection.js";
export { type ErrorHandler, type HandledError, useErrorHandler } from "./useErrorHandler.js";
export { useFunctionMetrics } from "./useFunctionMetrics.js";
export { useHealth } from "./useHealth.js";
export { useLens } from "./useLens.js";
export { useOnline } from "./useOnline.js";
