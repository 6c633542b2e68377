import { createContext } from "react";
import type { Lens } from "../lens.js";

/** Carries the lens from `LensProvider` to the hooks; `null` means no provider above. */
export const LensContext = createContext<Lens | null>(null);
