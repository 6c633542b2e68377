import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The SDK is a workspace package whose `exports` point at its TypeScript sources, so Vite compiles
// it with the app: a change in sdk/src shows up on reload, with no SDK build step in between.
export default defineConfig({
  plugins: [react()],
  build: {
    target: "es2022",
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across deploys,
        // and none passes Vite's 500 kB warning on its own.
        codeSplitting: {
          groups: [
            {
              name: "react",
              test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/,
              priority: 30,
            },
            { name: "opentelemetry", test: /node_modules[\\/]@opentelemetry[\\/]/, priority: 20 },
            { name: "vendor", test: /node_modules/, priority: 10 },
          ],
        },
      },
    },
  },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
