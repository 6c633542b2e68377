/** Added latency a control offers, in ms: none, noticeable, slow, very slow. */
export const LATENCY_CHOICES = [0, 200, 500, 1_000, 3_000] as const;
/** Error rates a control offers: from a few failures to every call. */
export const ERROR_RATE_CHOICES = [0, 0.1, 0.3, 0.5, 1] as const;
/** How often the backend may drop every socket, in ms; 0 is never. */
export const DROP_EVERY_CHOICES = [0, 5_000, 15_000] as const;

/** A choice's label: "Off" for zero, else the value in its unit. */
export function choiceLabel(value: number, unit: "ms" | "rate"): string {
  if (value === 0) return "Off";
  if (unit === "rate") return `${Math.round(value * 100)} %`;
  return value >= 1_000 ? `${value / 1_000} s` : `${value} ms`;
}

/** The offered choice nearest to `value`, so a value set elsewhere (the panel, curl) still shows. */
export function nearestChoice(value: number, choices: readonly number[]): number {
  let best = choices[0] ?? 0;
  for (const choice of choices)
    if (Math.abs(choice - value) < Math.abs(best - value)) best = choice;
  return best;
}
