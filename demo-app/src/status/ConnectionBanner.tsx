import { useConnection, useOnline } from "@convex-lens/sdk/react";
import { useEffect, useState } from "react";

/** A socket down for less than this is a blip (the client reconnects by itself); no banner for it. */
export const BANNER_DELAY_MS = 1_000;

/**
 * Says, calmly, when the app cannot reach Convex: offline (the browser has no network, or offline
 * is simulated; calls wait for the network) or reconnecting (the socket is down; the Convex client
 * holds the writes it was given and sends them once it is back, each applied once).
 */
export function ConnectionBanner() {
  const online = useOnline();
  const connected = useConnection();
  const [showReconnecting, setShowReconnecting] = useState(false);

  useEffect(() => {
    if (connected) {
      setShowReconnecting(false);
      return;
    }
    const timer = setTimeout(() => setShowReconnecting(true), BANNER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [connected]);

  if (!online) {
    return (
      <div className="banner banner-offline" role="status">
        <strong>You're offline.</strong> Changes wait here and are sent when you're back online.
      </div>
    );
  }
  if (showReconnecting) {
    return (
      <div className="banner banner-reconnecting" role="status">
        <strong>Reconnecting to the server…</strong> Lists show what they last knew; new changes may
        take a while to go through.
      </div>
    );
  }
  return null;
}
