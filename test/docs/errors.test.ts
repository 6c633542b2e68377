import { readFileSync } from "node:fs";
import { join } from "node:path";
import { classifyError, type ErrorCode, errorCatalog, errorClassForCode } from "@convex-lens/sdk";
import { errorDescriptions } from "@convex-lens/sdk/error-descriptions";
import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import { DOCS_DIR } from "./codeSamples.js";
import { codeIn, type Table, tablesOf } from "./markdownTables.js";

const page = readFileSync(join(DOCS_DIR, "errors.md"), "utf8");
const tables = tablesOf(page);

function tableWithHeader(first: string, second: string): Table {
  const table = tables.find((t) => t.header[0] === first && t.header[1] === second);
  if (!table) throw new Error(`docs/errors.md has no table headed "${first} | ${second}"`);
  return table;
}

/** How an app's ConvexError with `data` reaches the caller of an instrumented mutation. */
function fromApp(data: Record<string, unknown>) {
  return classifyError(new ConvexError(data as never), { functionPath: "m:f", kind: "mutation" });
}

describe("docs/errors.md", () => {
  it("carries the taxonomy exactly as errorCatalog and errorDescriptions define it, with advice for every code", () => {
    const table = tableWithHeader("code", "class");
    expect(table.header).toEqual([
      "code",
      "class",
      "HTTP status",
      "retryable",
      "default user message",
      "typical cause",
      "what to do",
    ]);
    const codes = Object.keys(errorCatalog) as ErrorCode[];
    expect(table.rows.map((row) => codeIn(row.cells[0] ?? ""))).toEqual(codes);
    for (const row of table.rows) {
      const code = codeIn(row.cells[0] ?? "") as ErrorCode;
      const info = errorCatalog[code];
      const where = `docs/errors.md:${row.line} (${code})`;
      expect(codeIn(row.cells[1] ?? ""), where).toBe(errorClassForCode[code].name);
      expect(row.cells[2], where).toBe(String(info.httpStatus));
      expect(row.cells[3], where).toBe(info.retryable ? "yes" : "no");
      expect(row.cells[4], where).toBe(info.userMessage);
      expect(row.cells[5], where).toBe(errorDescriptions[code]);
      expect((row.cells[6] ?? "").length, `${where}: what to do`).toBeGreaterThan(20);
    }
  });

  it("maps every app code it lists onto the taxonomy code it names", () => {
    const table = tableWithHeader("your `data.code`", "becomes");
    let checked = 0;
    for (const row of table.rows) {
      const expected = codeIn(row.cells[1] ?? "");
      const aliases = [...(row.cells[0] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
      expect(aliases.length, `docs/errors.md:${row.line}`).toBeGreaterThan(0);
      for (const alias of aliases) {
        const error = fromApp({ code: alias, message: "from the app" });
        expect(error.code, `docs/errors.md:${row.line}: ${alias}`).toBe(expected);
        expect(error.appCode).toBe(alias);
        expect(error.retryable).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(25);
  });

  it("is right that matching ignores case and style, and that transport codes stay APPLICATION", () => {
    for (const spelling of ["notFound", "NotFound", "not-found", "NOT_FOUND"]) {
      expect(fromApp({ code: spelling }).code).toBe("NOT_FOUND");
    }
    for (const transport of ["TIMEOUT", "NETWORK", "SERVER_ERROR"]) {
      expect(fromApp({ code: transport }).code).toBe("APPLICATION");
    }
  });

  it("is right about the rate-limiter component's error and the calm default message", () => {
    const limited = fromApp({ kind: "RateLimited", name: "comments", retryAfter: 1_234 });
    expect(limited.code).toBe("RATE_LIMITED");
    expect(limited.retryAfterMs).toBe(1_234);
    const own = fromApp({ code: "QUOTA_REACHED", message: "Quota reached for org 42" });
    expect(own.code).toBe("APPLICATION");
    expect(own.userMessage).toBe(errorCatalog.APPLICATION.userMessage);
    expect(own).toBeInstanceOf(ConvexError);
  });
});
