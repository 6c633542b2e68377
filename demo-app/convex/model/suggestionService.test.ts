import { describe, expect, it } from "vitest";
import {
  defaultDelayMs,
  fetchSuggestions,
  suggestionServiceUnavailable,
  suggestionsFor,
} from "./suggestionService.js";

describe("the simulated suggestion service", () => {
  it("suggests the same three subtasks for the same title", () => {
    const first = suggestionsFor("Plan the retro");
    expect(first).toHaveLength(3);
    expect(new Set(first).size).toBe(3);
    expect(suggestionsFor("Plan the retro")).toEqual(first);
  });

  it("keeps suggestions within the title length even for a long title", () => {
    for (const title of suggestionsFor("x".repeat(120))) {
      expect(title.length).toBeLessThanOrEqual(120);
    }
  });

  it("takes a few hundred milliseconds, the same for the same task", () => {
    for (const seed of ["a", "b", "task-123", ""]) {
      const delay = defaultDelayMs(seed);
      expect(delay).toBeGreaterThanOrEqual(250);
      expect(delay).toBeLessThan(550);
      expect(defaultDelayMs(seed)).toBe(delay);
    }
  });

  it("fails exactly when the random draw falls under the failure rate", async () => {
    const options = { delayMs: 0, failureRate: 0.3 };
    await expect(fetchSuggestions("t", { ...options, random: () => 0.29 })).rejects.toThrow(
      suggestionServiceUnavailable,
    );
    await expect(fetchSuggestions("t", { ...options, random: () => 0.3 })).resolves.toEqual(
      suggestionsFor("t"),
    );
  });
});
