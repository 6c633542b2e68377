import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { semconv } from "@convex-lens/sdk";
import { serverSemconv } from "@convex-lens/sdk/server";
import { describe, expect, it } from "vitest";
import {
  METRIC_CONVEX_CLIENT_CALLS,
  METRIC_RPC_CLIENT_CALL_DURATION,
} from "../../sdk/src/telemetry/otelMetrics.js";
import { DOCS_DIR, REPO_ROOT } from "./codeSamples.js";
import { headingAnchors, inlineCode, linksOf } from "./markdownLinks.js";

// The pages whose links are checked: docs/ and the root README, which leads into them.
const PAGES = [
  join(REPO_ROOT, "README.md"),
  ...readdirSync(DOCS_DIR)
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(DOCS_DIR, name)),
];

// Pages the docs index links to that another engineer writes; checked like any other once they
// exist, and tolerated as missing until then.
const WRITTEN_ELSEWHERE = new Set([
  join(DOCS_DIR, "benchmarks.md"),
  join(DOCS_DIR, "reliability.md"),
]);

// Every telemetry name the SDK emits or defines: attributes, events and metrics.
const TELEMETRY_NAMES = new Set<string>([
  ...Object.values(semconv).map(String),
  ...Object.values(serverSemconv),
  METRIC_RPC_CLIENT_CALL_DURATION,
  METRIC_CONVEX_CLIENT_CALLS,
]);

describe("the documentation's links", () => {
  it("point at files that exist and at headings that exist", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const page of PAGES) {
      const text = readFileSync(page, "utf8");
      for (const { target, line } of linksOf(text)) {
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto:, chrome-extension:
        const [path = "", anchor] = target.split("#");
        const file = path === "" ? page : resolve(dirname(page), decodeURIComponent(path));
        const where = `${relative(REPO_ROOT, page)}:${line}: ${target}`;
        checked++;
        if (!existsSync(file)) {
          if (!WRITTEN_ELSEWHERE.has(file)) problems.push(`${where}: no such file`);
          continue;
        }
        if (anchor === undefined) continue;
        if (statSync(file).isDirectory() || !file.endsWith(".md")) {
          problems.push(`${where}: an anchor into something that is not a Markdown page`);
        } else if (!headingAnchors(readFileSync(file, "utf8")).has(anchor)) {
          problems.push(`${where}: no heading with this anchor`);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });

  it("name only telemetry attributes, events and metrics that the SDK defines", () => {
    const problems: string[] = [];
    for (const page of PAGES.filter((p) => p.startsWith(DOCS_DIR))) {
      for (const span of inlineCode(readFileSync(page, "utf8"))) {
        const name = span.split("=")[0] as string;
        if (!/^(convex|rpc|error|server)\.[a-z_.]+$/.test(name)) continue;
        if (!TELEMETRY_NAMES.has(name)) problems.push(`${relative(REPO_ROOT, page)}: ${span}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("compute anchors as GitHub does", () => {
    const anchors = headingAnchors(
      [
        "# Title",
        "## `OUTCOME_UNKNOWN` mutations",
        "## Page ⇄ extension messaging",
        "## 1. Install",
        "## Admin API — `/_lens/*`",
        "## Notes",
        "## Notes",
        "```",
        "## not a heading",
        "```",
      ].join("\n"),
    );
    expect([...anchors]).toEqual([
      "title",
      "outcome_unknown-mutations",
      "page--extension-messaging",
      "1-install",
      "admin-api--_lens",
      "notes",
      "notes-1",
    ]);
  });
});
