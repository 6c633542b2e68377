/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The Convex deployment the app talks to: the local backend, or `https://….convex.cloud`. */
  readonly VITE_CONVEX_URL?: string;
  /** The local backend's admin API (`/_lens/*`) for its fault controls; unset for a real deployment. */
  readonly VITE_LENS_BACKEND_URL?: string;
  /** The token the local backend's admin API requires (it prints `admin token: …` at start). */
  readonly VITE_LENS_ADMIN_TOKEN?: string;
  /** An OTLP/HTTP traces endpoint (e.g. `http://localhost:4318/v1/traces`); spans also go there. */
  readonly VITE_OTLP_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
