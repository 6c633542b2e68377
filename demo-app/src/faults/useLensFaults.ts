import type { FaultConfig, FaultsApi } from "@convex-lens/sdk";
import { useEffect, useState } from "react";

/** The lens's client-side faults, live: the DevTools panel can change them too. */
export function useLensFaults(lens: FaultsApi): FaultConfig {
  const [config, setConfig] = useState<FaultConfig>(() => lens.faults.get());
  useEffect(() => {
    setConfig(lens.faults.get());
    return lens.faults.onChange(setConfig);
  }, [lens]);
  return config;
}
