import { useCallback, useEffect, useState } from "react";
import type { BackendAdmin, BackendFaults } from "./backendAdmin.js";

/** The backend's faults as last read, whether a change is on its way, and the last failure. */
export interface BackendFaultsState {
  readonly faults: BackendFaults | null;
  readonly busy: boolean;
  readonly error: string | null;
  /** Runs an admin request that answers with the new faults, and shows them. */
  readonly apply: (request: (admin: BackendAdmin) => Promise<BackendFaults>) => Promise<void>;
}

/**
 * Follows the local backend's faults. They are read on mount and whenever the window regains
 * focus (someone may have changed them with curl or another tab); there is no polling.
 */
export function useBackendFaults(admin: BackendAdmin): BackendFaultsState {
  const [faults, setFaults] = useState<BackendFaults | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const apply = useCallback(
    async (request: (admin: BackendAdmin) => Promise<BackendFaults>) => {
      setBusy(true);
      try {
        setFaults(await request(admin));
        setError(null);
      } catch (failure) {
        setError(failure instanceof Error ? failure.message : String(failure));
      } finally {
        setBusy(false);
      }
    },
    [admin],
  );

  useEffect(() => {
    const read = () => void apply((a) => a.getFaults());
    read();
    window.addEventListener("focus", read);
    return () => window.removeEventListener("focus", read);
  }, [apply]);

  return { faults, busy, error, apply };
}
