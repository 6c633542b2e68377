import { describe, expect, it } from "vitest";
import { compileSamples, docsSamples, extractSamples } from "./codeSamples.js";

// The code in docs/*.md is type-checked here, so a sample that no longer compiles against the SDK
// fails `pnpm test` (the "checks" project) with the page and line to fix.

describe("the code samples in docs/", () => {
  it("all compile against the workspace's packages", () => {
    const samples = docsSamples();
    expect(samples.length).toBeGreaterThan(20);
    const problems = compileSamples(samples).map((p) => `${p.page}:${p.line}: ${p.message}`);
    expect(problems).toEqual([]);
  });

  it("are reported at their page and line when they do not compile", () => {
    const broken = [
      'import { createLens } from "@convex-lens/sdk";',
      "",
      "createLens({ retry: { maxAtempts: 3 } });",
    ].join("\n");
    const problems = compileSamples([{ page: "docs/x.md", line: 10, lang: "ts", code: broken }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ page: "docs/x.md", line: 12 });
    expect(problems[0]?.message).toContain("maxAtempts");
  });

  it("are found in ts and tsx fences, indented ones included, and nowhere else", () => {
    const page = [
      "# Title", // 1
      "```ts", // 2
      "const a = 1;", // 3
      "```", // 4
      "- a list item:", // 5
      "  ```tsx", // 6
      "  const b = <br />;", // 7
      "  ```", // 8
      "```sh", // 9
      "pnpm test", // 10
      "```", // 11
    ].join("\n");
    expect(extractSamples(page, "p.md")).toEqual([
      { page: "p.md", line: 3, lang: "ts", code: "const a = 1;" },
      { page: "p.md", line: 7, lang: "tsx", code: "const b = <br />;" },
    ]);
  });
});
