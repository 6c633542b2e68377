import type { everything, LensWith } from "@convex-lens/sdk";
import type { Page } from "playwright-core";

declare global {
  interface Window {
    /** Put there by the demo (demo-app/src/main.tsx) for the console and for these tests. */
    convexLensDemo?: {
      readonly lens: LensWith<ReturnType<typeof everything>>;
      readonly convex: unknown;
    };
  }
}

/** What the tests read of one finished call, from the page's lens (`lens.onCall`). */
export interface SeenCall {
  readonly functionPath: string;
  readonly kind: string;
  readonly attempts: number;
  readonly code: string | null;
  readonly subscription: boolean;
}

/** Calls kept per page by {@link recordCalls}; a test makes far fewer. */
export const MAX_RECORDED_CALLS = 5_000;

/**
 * Starts keeping a summary of every finished call in the page (through the lens the demo puts on
 * `window.convexLensDemo`), so a test can ask what was retried and how things failed.
 */
export async function recordCalls(page: Page): Promise<void> {
  await page.waitForFunction(() => window.convexLensDemo !== undefined);
  await page.evaluate((max) => {
    const target = window as unknown as { __seenCalls?: SeenCall[] };
    if (target.__seenCalls) return;
    const calls: SeenCall[] = [];
    target.__seenCalls = calls;
    window.convexLensDemo?.lens.onCall((record) => {
      calls.push({
        functionPath: record.functionPath,
        kind: record.kind,
        attempts: record.attempts,
        code: record.error?.code ?? null,
        subscription: record.subscription === true,
      });
      if (calls.length > max) calls.shift();
    });
  }, MAX_RECORDED_CALLS);
}

/** The calls recorded so far in `page`. */
export function seenCalls(page: Page): Promise<SeenCall[]> {
  return page.evaluate(() => (window as unknown as { __seenCalls?: SeenCall[] }).__seenCalls ?? []);
}

/**
 * Opens the demo at `url` and waits for the seeded board's tasks. When they do not come, the
 * failure says what the page logged and showed, instead of a bare timeout.
 */
export async function openDemo(page: Page, url: string): Promise<void> {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text().slice(0, 500)}`);
  });
  await page.goto(url);
  try {
    await page.getByRole("list", { name: "Tasks" }).waitFor({ timeout: 15_000 });
  } catch (error) {
    const shown = ((await page.locator("body").textContent()) ?? "").slice(0, 1_000);
    throw new Error(
      `The demo did not show its tasks at ${url}.\nIt shows: ${shown}\n${problems.join("\n")}`,
      { cause: error },
    );
  }
}

/** The task titles shown on the board, in order. */
export function taskTitles(page: Page): Promise<string[]> {
  return page
    .getByRole("list", { name: "Tasks" })
    .locator("li.task")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-task-title") ?? ""));
}

/** The text of every toast on screen. */
export function toastTexts(page: Page): Promise<string[]> {
  return page.locator(".toast").allInnerTexts();
}
