import { describe, expect, it } from "vitest";
import { createLens } from "../lens.js";
import type { LensModule } from "./lensModule.js";
import { loggerSlot } from "./logger.js";

/** A module that records when it is installed and disposed. */
function probe(name: string, log: string[], requires?: string[]): LensModule<string, object> {
  return {
    name,
    ...(requires ? { requires } : {}),
    install() {
      log.push(`install ${name}`);
      return { api: { [`${name}Api`]: () => name }, dispose: () => log.push(`dispose ${name}`) };
    },
  };
}

describe("createLens({ use })", () => {
  it("installs a module after those it requires, whatever the order in use, and disposes in reverse", async () => {
    const log: string[] = [];
    const lens = createLens({ devtools: false, use: [probe("b", log, ["a"]), probe("a", log)] });
    expect(log).toEqual(["install a", "install b"]);
    expect((lens as unknown as Record<string, () => string>).bApi?.()).toBe("b");
    await lens.shutdown();
    expect(log).toEqual(["install a", "install b", "dispose b", "dispose a"]);
  });

  it("refuses a module whose requirement is missing, naming the fix", () => {
    expect(() => createLens({ devtools: false, use: [probe("b", [], ["a"])] })).toThrow(
      /b\(\) needs a\(\) in the same use list, e\.g\. createLens\(\{ use: \[a\(\), b\(\)\] \}\)\.$/,
    );
  });

  it("still names the missing module in a production build, without the example", () => {
    const mode = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      expect(() => createLens({ devtools: false, use: [probe("b", [], ["a"])] })).toThrow(
        /^Invalid Convex Lens option: b\(\) needs a\(\) in the same use list\.$/,
      );
    } finally {
      process.env.NODE_ENV = mode;
    }
  });

  it("refuses the same module twice", () => {
    expect(() => createLens({ devtools: false, use: [probe("a", []), probe("a", [])] })).toThrow(
      /use lists a\(\) twice/,
    );
  });

  it("refuses a module whose API would replace the lens's own, and disposes it", () => {
    const log: string[] = [];
    const clash: LensModule = {
      name: "clash",
      install: () => ({ api: { breakers: () => [] }, dispose: () => log.push("disposed") }),
    };
    expect(() => createLens({ devtools: false, use: [clash] })).toThrow(
      /clash\(\) adds lens.breakers, which the lens already has/,
    );
    expect(log).toEqual(["disposed"]);
  });

  it("lets go of the modules installed before one that fails", () => {
    const log: string[] = [];
    const failing: LensModule = {
      name: "failing",
      install: () => {
        throw new Error("install failed");
      },
    };
    expect(() =>
      createLens({ devtools: false, use: [probe("a", log), probe("b", log), failing] }),
    ).toThrow("install failed");
    expect(log).toEqual(["install a", "install b", "dispose b", "dispose a"]);
  });

  it("refuses a module that reads a slot no module installed before it filled", () => {
    const reader: LensModule = {
      name: "reader",
      install: (host) => ({ api: { logged: host.read(loggerSlot) } }),
    };
    expect(() => createLens({ devtools: false, use: [reader] })).toThrow(
      /read the logger slot before any module filled it/,
    );
  });

  it("refuses what is not a module, such as a factory passed without calling it", () => {
    const notCalled = probe as unknown as LensModule;
    expect(() => createLens({ devtools: false, use: [notCalled] })).toThrow(
      /use\[0\] must be a module such as metrics\(\)/,
    );
  });
});
