import { crx } from "@crxjs/vite-plugin";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";
import manifest from "./manifest.config.ts";

// The panel page is reached only through chrome.devtools.panels.create, which crxjs cannot see
// in the manifest, so it is listed as an input (shared/notes/browser-testing.md, crxjs notes).
export default defineConfig({
  plugins: [preact(), crx({ manifest })],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "chrome116",
    rollupOptions: { input: { panel: "panel.html", devtools: "devtools.html" } },
  },
  server: { strictPort: true },
});
