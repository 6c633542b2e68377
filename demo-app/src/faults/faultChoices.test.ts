import { describe, expect, it } from "vitest";
import { choiceLabel, ERROR_RATE_CHOICES, LATENCY_CHOICES, nearestChoice } from "./faultChoices.js";

describe("fault control choices", () => {
  it("labels choices the way people say them", () => {
    expect(choiceLabel(0, "ms")).toBe("Off");
    expect(choiceLabel(500, "ms")).toBe("500 ms");
    expect(choiceLabel(3_000, "ms")).toBe("3 s");
    expect(choiceLabel(0.5, "rate")).toBe("50 %");
  });

  it("shows a value set from elsewhere as the nearest offered choice", () => {
    expect(nearestChoice(450, LATENCY_CHOICES)).toBe(500);
    expect(nearestChoice(0.45, ERROR_RATE_CHOICES)).toBe(0.5);
    expect(nearestChoice(0, LATENCY_CHOICES)).toBe(0);
  });
});
