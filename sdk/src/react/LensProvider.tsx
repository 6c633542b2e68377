import type { ReactNode } from "react";
import type { Lens } from "../lens.js";
import { LensContext } from "./lensContext.js";

/** Props of {@link LensProvider}. */
export interface LensProviderProps {
  readonly lens: Lens;
  readonly children?: ReactNode;
}

/** Makes `lens` available to the hooks below it; put it beside `ConvexProvider`. */
export function LensProvider({ lens, children }: LensProviderProps) {
  return <LensContext.Provider value={lens}>{children}</LensContext.Provider>;
}
