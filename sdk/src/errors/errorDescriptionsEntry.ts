/**
 * `@convex-lens/sdk/error-descriptions`: what each error code means, for developers. A separate
 * entry so that apps do not ship this text: import it in development tools (a panel, a dev-only
 * logger with a dynamic `import()`), docs and tests. The runtime catalog (`errorCatalog` in the
 * main entry) keeps what code needs at run time: HTTP status, retryable and the user message.
 */
export { errorCatalogTable } from "./errorCatalogTable.js";
export { errorDescriptions } from "./errorDescriptions.js";
