import { useContext } from "react";
import { ConfigurationError } from "../errors/codeErrors.js";
import type { Lens } from "../lens.js";
import { LensContext } from "./lensContext.js";

/** The lens of the nearest `LensProvider`; throws a CONFIGURATION error when there is none. */
export function useLens(): Lens {
  const lens = useContext(LensContext);
  if (lens === null) {
    throw new ConfigurationError({
      message: "A @convex-lens/sdk/react hook was used outside <LensProvider lens={…}>.",
    });
  }
  return lens;
}
