import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DOCS_DIR } from "./codeSamples.js";

const page = readFileSync(join(DOCS_DIR, "operations.md"), "utf8");

// The situations issue 9 asks the runbook to cover, as the page's headings.
const SITUATIONS = [
  "A breaker is open",
  "Health is unhealthy",
  "Retries are storming",
  "`OUTCOME_UNKNOWN` mutations",
  "The app is offline",
  "No spans arrive at the collector",
  "The extension shows nothing",
];

/** The text under each `## ` heading. */
function sections(): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of page.split(/^## /m).slice(1)) {
    const newline = part.indexOf("\n");
    out.set(part.slice(0, newline).trim(), part.slice(newline + 1));
  }
  return out;
}

describe("docs/operations.md", () => {
  it("covers every situation with symptom, what the panel shows, causes and what to do", () => {
    const found = sections();
    for (const situation of SITUATIONS) {
      const text = found.get(situation)?.toLowerCase();
      expect(text, `no section "${situation}"`).toBeDefined();
      for (const part of ["symptom", "panel", "cause", "what to do"]) {
        expect(text, `"${situation}" says nothing about ${part}`).toContain(part);
      }
    }
  });
});
