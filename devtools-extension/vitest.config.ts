import preact from "@preact/preset-vite";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [preact()],
  test: {
    name: "devtools-extension",
    include: ["src/**/*.test.{ts,tsx}"],
    environment: "happy-dom",
  },
});
