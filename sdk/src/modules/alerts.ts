import { type Alert, AlertCenter, type AuditEvent } from "../telemetry/alerts.js";
import type { LensModule } from "./lensModule.js";

/** What the alerts module adds to a lens. */
export interface AlertsApi {
  /** Called for critical failures: UNAUTHENTICATED, FORBIDDEN and any failure of a critical function. */
  onAlert(listener: (alert: Alert) => void): () => void;
  /** Recent security audit events (auth failures), oldest first; bounded. */
  auditLog(): AuditEvent[];
}

/**
 * Alerts and the audit log: an `onAlert` listener hears every auth failure and every failure of a
 * function marked `critical`, and auth failures are kept in a bounded audit log.
 */
export function alerts(): LensModule<"alerts", AlertsApi> {
  return {
    name: "alerts",
    install(host) {
      const center = new AlertCenter(host); // its clock, diagnostics and isCritical
      return {
        api: {
          onAlert: (listener) => center.onAlert(listener),
          auditLog: () => center.auditLog(),
        },
        dispose: host.onCall((record) => center.record(record)),
      };
    },
  };
}
