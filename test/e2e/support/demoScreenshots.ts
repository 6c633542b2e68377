import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { DEMO_ARTIFACTS_DIR, DOCS_IMAGES_DIR } from "./demoPaths.js";

/**
 * Saves a PNG as a test artifact (test-results/demo-e2e/), and as the README's copy (docs/images/)
 * when that copy is missing or CONVEX_LENS_UPDATE_SCREENSHOT=1, so an ordinary test run leaves the
 * tracked images alone.
 */
export async function saveScreenshot(name: string, png: Buffer): Promise<void> {
  await mkdir(DEMO_ARTIFACTS_DIR, { recursive: true });
  await writeFile(join(DEMO_ARTIFACTS_DIR, name), png);
  const readmeCopy = join(DOCS_IMAGES_DIR, name);
  if (!existsSync(readmeCopy) || process.env.CONVEX_LENS_UPDATE_SCREENSHOT === "1") {
    await mkdir(DOCS_IMAGES_DIR, { recursive: true });
    await writeFile(readmeCopy, png);
  }
}

/**
 * Stacks captioned PNGs one above the other (as DevTools docked below a page) and returns one PNG
 * of the lot, rendered by the browser itself (an HTML page of data-URL images), so no image
 * library is needed.
 */
export async function stacked(
  context: BrowserContext,
  pictures: readonly { png: Buffer; caption: string }[],
): Promise<Buffer> {
  const page = await context.newPage();
  try {
    const figures = pictures
      .map(
        ({ png, caption }) =>
          `<figure><figcaption>${caption.replace(/[<&]/g, "")}</figcaption><img src="data:image/png;base64,${png.toString("base64")}"></figure>`,
      )
      .join("");
    await page.setContent(
      `<!doctype html><style>
        body { margin: 0; background: #e9ebef; font: 600 15px system-ui, "Liberation Sans", sans-serif; }
        main { display: inline-flex; flex-direction: column; gap: 16px; padding: 16px; }
        figure { margin: 0; } figcaption { margin: 0 0 8px; color: #3b4252; }
        img { display: block; border: 1px solid #c8ccd4; border-radius: 6px; }
      </style><main>${figures}</main>`,
    );
    await page.waitForFunction(() => [...document.images].every((image) => image.complete));
    return await page.locator("main").screenshot();
  } finally {
    await page.close();
  }
}
