import { errorCatalog } from "./errorCatalog.js";
import type { ErrorCode } from "./errorCode.js";
import { errorDescriptions } from "./errorDescriptions.js";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/**
 * The catalog with its descriptions as a Markdown table (code, HTTP status, retryable, user
 * message, meaning), so `sdk/README.md` can be generated from, or checked against, the code. In
 * the `/error-descriptions` entry, not the runtime one, as it carries the descriptions.
 */
export function errorCatalogTable(): string {
  const rows = (Object.keys(errorCatalog) as ErrorCode[]).map((code) => {
    const info = errorCatalog[code];
    return `| \`${code}\` | ${info.httpStatus} | ${info.retryable ? "yes" : "no"} | ${cell(info.userMessage)} | ${cell(errorDescriptions[code])} |`;
  });
  return [
    "| code | httpStatus | retryable | default userMessage | meaning |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
