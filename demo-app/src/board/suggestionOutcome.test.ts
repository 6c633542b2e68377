import { describe, expect, it } from "vitest";
import { suggestionOutcome } from "./suggestionOutcome.js";

describe("suggestionOutcome", () => {
  it("says how many subtasks the suggestion added", () => {
    expect(suggestionOutcome({ added: ["Draft"] }, false)).toBe("Added 1 subtask.");
    expect(suggestionOutcome({ added: ["Draft", "Review"] }, false)).toBe("Added 2 subtasks.");
  });

  it("says why nothing was added when every suggestion was already there", () => {
    expect(suggestionOutcome({ added: [] }, false)).toBe(
      "No new subtasks: the service suggested only ones this task already has.",
    );
  });

  it("says the task is full when it could hold no more", () => {
    expect(suggestionOutcome({ added: [] }, true)).toBe(
      "No subtasks added: this task has the most subtasks it can hold.",
    );
  });
});
