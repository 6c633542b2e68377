/**
 * The attribute and value by which a page says "the Convex Lens SDK is here, with its DevTools
 * bridge off" (issue 15 §8), so that an open panel can say how to turn it on instead of waiting.
 * Kept equal to `BRIDGE_OFF_MARKER` in protocol.ts (a test checks it), but written here so the core
 * bundle does not pull in the protocol module for two strings.
 */
export const BRIDGE_OFF_ATTRIBUTE = "data-convex-lens";
/** The value of {@link BRIDGE_OFF_ATTRIBUTE} while the bridge is off. */
export const BRIDGE_OFF_VALUE = "bridge-off";

/**
 * Marks the page's root element: one attribute write, no message, no bridge chunk. Does nothing
 * without a document (Node, workers), and never throws.
 */
export function markBridgeOff(): void {
  try {
    globalThis.document?.documentElement?.setAttribute(BRIDGE_OFF_ATTRIBUTE, BRIDGE_OFF_VALUE);
  } catch {
    // A locked-down document: the panel keeps saying it is waiting; nothing breaks.
  }
}
