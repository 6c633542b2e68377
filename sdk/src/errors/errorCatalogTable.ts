import { errorCatalog } from "./errorCatalog.js";
import type { ErrorCode } from "./errorCode.js";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/**
 * The catalog as a Markdown table (code, HTTP status, retryable, user message, meaning), so
 * `sdk/README.md` can be generated from, or checked against, the single source of truth.
 */
export function errorCatalogTable(): string {
  const rows = (Object.keys(errorCatalog) as ErrorCode[]).map((code) => {
    const info = errorCatalog[code];
    return `| \`${code}\` | ${info.httpStatus} | ${info.retryable ? "yes" : "no"} | ${cell(info.userMessage)} | ${cell(info.description)} |`;
  });
  return [
    "| code | httpStatus | retryable | default userMessage | meaning |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
