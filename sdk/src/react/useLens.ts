import { useContext } from "react";
import { ConfigurationError } from "../errors/codeErrors.js";
import type { Lens } from "../lens.js";
import { LensContext } from "./lensContext.js";
import type { AppLens } from "./register.js";

/**
 * The lens of the nearest `LensProvider`, typed as the app registered it (see `Register`: with its
 * modules' APIs), else as the core `Lens`; throws a CONFIGURATION error when there is none.
 */
export const useLens = useProvidedLens as () => AppLens;

/** The lens of the nearest `LensProvider`, as the core type the hooks build on. */
export function useProvidedLens(): Lens {
  const lens = useContext(LensContext);
  if (lens === null) {
    throw new ConfigurationError({
      message: "Convex Lens hooks need a <LensProvider lens={…}> above them.",
    });
  }
  return lens;
}

/**
 * `lens` seen with the API of a module a hook needs, or a CONFIGURATION error that names the hook
 * and the `use` entry to add. `method` is one of the module's methods, present only when it is in.
 * Kept beside {@link useLens}: both turn a missing piece of set-up into one clear error.
 */
export function requireModule<Api>(
  lens: Lens,
  method: keyof Api & string,
  hook: string,
  use: string,
): Lens & Api {
  if (typeof (lens as unknown as Record<string, unknown>)[method] !== "function") {
    throw new ConfigurationError({ message: `${hook}() needs createLens({ use: [${use}] })` });
  }
  return lens as Lens & Api;
}
