import type { BrowserContext, Page } from "playwright-core";
import { eventually } from "../../support/eventually.js";

/** The isolated world the extension's content script runs in, inside one page. */
export interface ContentWorld {
  /** Evaluates `expression` in the content script's world and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  detach(): Promise<void>;
}

interface ExecutionContextDescription {
  id: number;
  origin: string;
  name: string;
  auxData?: { type?: string; isDefault?: boolean };
}

/**
 * Reaches the content script's isolated world over CDP: Runtime.enable reports every execution
 * context of the page, and the extension's is the isolated one whose origin is the extension's
 * (Playwright's own evaluate only reaches the page's main world).
 */
export async function contentScriptWorld(
  context: BrowserContext,
  page: Page,
  extensionId: string,
): Promise<ContentWorld> {
  const cdp = await context.newCDPSession(page);
  const contexts: ExecutionContextDescription[] = [];
  cdp.on("Runtime.executionContextCreated", (event) => {
    contexts.push(event.context as ExecutionContextDescription);
  });
  await cdp.send("Runtime.enable");
  const origin = `chrome-extension://${extensionId}`;
  const world = await eventually(() => {
    const found = contexts.findLast(
      (c) => c.auxData?.type === "isolated" && c.origin.startsWith(origin),
    );
    if (found === undefined) {
      throw new Error(
        `no content script world in the page; contexts: ${JSON.stringify(contexts.map((c) => [c.origin, c.name, c.auxData?.type]))}`,
      );
    }
    return found;
  });
  return {
    async evaluate<T>(expression: string): Promise<T> {
      const result = await cdp.send("Runtime.evaluate", {
        expression,
        contextId: world.id,
        returnByValue: true,
      });
      if (result.exceptionDetails) {
        throw new Error(
          `in the content script world: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`,
        );
      }
      return result.result.value as T;
    },
    detach: () => cdp.detach(),
  };
}
