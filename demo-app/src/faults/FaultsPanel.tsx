import { BackendFaultControls } from "./BackendFaultControls.js";
import { ClientFaultControls } from "./ClientFaultControls.js";

/**
 * Both fault layers side by side. The backend's controls exist only on the offline backend; on a
 * real deployment they are hidden, and the SDK's client-side faults still work.
 */
export function FaultsPanel({
  backendAdminUrl,
  backendAdminToken,
}: {
  readonly backendAdminUrl: string | null;
  readonly backendAdminToken: string | null;
}) {
  return (
    <div className="faults">
      <h2 id="faults-heading">Fault controls</h2>
      <p className="muted small">
        Turn one on, use the board, and watch the health badge, the toasts and the DevTools “Convex”
        panel. Each row’s <i>i</i> says what to look for.
      </p>
      {backendAdminUrl ? (
        <BackendFaultControls adminUrl={backendAdminUrl} adminToken={backendAdminToken} />
      ) : (
        <p className="note small">
          Connected to a real Convex deployment: the local backend's faults are not available here.
          The SDK's faults below work anywhere.
        </p>
      )}
      <ClientFaultControls />
    </div>
  );
}
