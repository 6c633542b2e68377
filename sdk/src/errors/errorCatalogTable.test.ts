import { describe, expect, it } from "vitest";
import { errorCatalog } from "./errorCatalog.js";
import { errorCatalogTable } from "./errorCatalogTable.js";
import { errorDescriptions } from "./errorDescriptions.js";

describe("errorCatalogTable", () => {
  it("renders one Markdown row per code with its status, retry flag, user message and description", () => {
    const lines = errorCatalogTable().split("\n");
    expect(lines).toHaveLength(Object.keys(errorCatalog).length + 2);
    expect(lines).toContain(
      `| \`NETWORK\` | 503 | yes | ${errorCatalog.NETWORK.userMessage} | ${errorDescriptions.NETWORK} |`,
    );
    for (const line of lines) expect(line.split(/(?<!\\)\|/)).toHaveLength(7);
  });
});
