/** What the demo needs to know about where it runs, read once from Vite's build-time env. */
export interface AppConfig {
  /** The Convex deployment URL, or null when none was configured (the app then says how). */
  readonly convexUrl: string | null;
  /**
   * The local backend's admin API, or null on a real deployment: its fault controls (latency,
   * errors, dropped sockets, outage) only exist on the offline backend.
   */
  readonly backendAdminUrl: string | null;
  /** The token the admin API requires as `Authorization: Bearer …`, or null when none was given. */
  readonly backendAdminToken: string | null;
  /** Where OTLP/HTTP traces go as well, or null to keep spans in the page and the panel. */
  readonly otlpUrl: string | null;
}

/** The `import.meta.env` keys {@link readAppConfig} reads. */
export type AppEnv = Partial<
  Record<
    "VITE_CONVEX_URL" | "VITE_LENS_BACKEND_URL" | "VITE_LENS_ADMIN_TOKEN" | "VITE_OTLP_URL",
    string | undefined
  >
>;

/**
 * Reads the config from env values, trimming blanks and trailing slashes. A value that is not an
 * http(s) URL counts as unset rather than failing later inside a client with a vaguer message.
 */
export function readAppConfig(env: AppEnv): AppConfig {
  return {
    convexUrl: httpUrl(env.VITE_CONVEX_URL),
    backendAdminUrl: httpUrl(env.VITE_LENS_BACKEND_URL),
    backendAdminToken: env.VITE_LENS_ADMIN_TOKEN?.trim() || null,
    otlpUrl: httpUrl(env.VITE_OTLP_URL),
  };
}

function httpUrl(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? "";
  if (!/^https?:\/\/[^\s/]/i.test(trimmed)) return null;
  return trimmed.replace(/\/+$/, "");
}

/** Whether a URL points at this machine, where Convex's `*.convex.cloud` URL check must be skipped. */
export function isLocalUrl(url: string): boolean {
  try {
    const { hostname } = new URL(url);
    return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
  } catch {
    return false;
  }
}
