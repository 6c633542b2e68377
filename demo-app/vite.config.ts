import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The SDK is a workspace package whose `exports` point at its TypeScript sources, so Vite compiles
// it with the app: a change in sdk/src shows up on reload, with no SDK build step in between.
export default defineConfig({
  plugins: [react()],
  build: {
    target: "es2022",
    sourcemap: true,
  },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
