import { describe, expect, it } from "vitest";
import { firstCallOnly } from "./firstCallOnly.js";

describe("firstCallOnly", () => {
  it("seeds once when StrictMode runs the seeding effect twice", async () => {
    const seedOncePerPageLoad = firstCallOnly<Promise<string>>();
    let seeds = 0;
    const seed = async () => {
      seeds++;
      return "seeded";
    };
    // What StrictMode does in development: the effect, its cleanup, the effect again.
    const first = seedOncePerPageLoad(seed);
    const second = seedOncePerPageLoad(seed);
    expect(await first).toBe("seeded");
    expect(await second).toBe("seeded");
    expect(seeds).toBe(1);
  });
});
