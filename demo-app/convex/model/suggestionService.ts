import { limits } from "./limits.js";

/** The message the simulated service fails with; a plain Error, so clients see a server error. */
export const suggestionServiceUnavailable = "Suggestion service unavailable";

/** The failure rate when neither the caller nor `SUGGEST_FAILURE_RATE` sets one. */
export const defaultFailureRate = 0.3;

/** How the simulated service behaves on one call. */
export type SuggestionServiceOptions = {
  /** Probability in [0, 1] that the call fails; 0 never fails, 1 always does. */
  failureRate: number;
  /** How long the call takes, in milliseconds. */
  delayMs: number;
  /** The source of randomness; `Math.random` unless a caller needs to pin it. */
  random?: () => number;
};

const templates = [
  (title: string) => `Outline what "${title}" needs`,
  (title: string) => `List open questions about "${title}"`,
  (title: string) => `Draft a first version of "${title}"`,
  (title: string) => `Ask a teammate to review "${title}"`,
  (title: string) => `Write down how "${title}" is tested`,
  (title: string) => `Announce "${title}" when it is done`,
];

/** A small, stable hash, so that a title always gets the same suggestions and delay. */
function hashText(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

/** A delay of 250–549 ms derived from `seed`: slow enough to watch, the same for the same task. */
export function defaultDelayMs(seed: string): number {
  return 250 + (hashText(seed) % 300);
}

/** The suggestions for a title: three of the templates, chosen by the title's hash. */
export function suggestionsFor(title: string): string[] {
  const start = hashText(title) % templates.length;
  const picked: string[] = [];
  for (let i = 0; i < 3; i++) {
    const template = templates[(start + i) % templates.length];
    if (template) picked.push(template(title).slice(0, limits.titleLength));
  }
  return picked;
}

/**
 * Stands in for a slow, flaky third-party API, simulated inside the action so that the demo
 * works offline. It waits, then fails with probability `failureRate` or returns suggestions.
 */
export async function fetchSuggestions(
  title: string,
  options: SuggestionServiceOptions,
): Promise<string[]> {
  const random = options.random ?? Math.random;
  await new Promise<void>((resolve) => setTimeout(resolve, options.delayMs));
  if (random() < options.failureRate) {
    throw new Error(suggestionServiceUnavailable);
  }
  return suggestionsFor(title);
}
