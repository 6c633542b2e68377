import { defineManifest } from "@crxjs/vite-plugin";
import pkg from "./package.json" with { type: "json" };

/** The id Chrome derives from `key`: the same on every machine that loads this folder. */
export const EXTENSION_ID = "aeemgbalahllkmihkmmdgaogjpamjbbn";

/**
 * The extension's manifest. No `permissions` at all: ports, the DevTools panel API and
 * `tabs.onRemoved` need none. The one grant is the content script's match list (see README.md,
 * "Permissions"). The public `key` pins the extension id when loaded unpacked.
 */
export default defineManifest({
  manifest_version: 3,
  name: "Convex Lens",
  description: pkg.description,
  version: pkg.version,
  minimum_chrome_version: "116",
  key: "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuUc31GHotyg9auAWpuQWV3+b4wYGgPXnpVq/dAmRClZrJD6acuPcNhfqcgdpt1ZljHXSKb7NHWWZuxhx6xIPBeux0qHH1A1tWLFV1kEXr6zb1qMUe7UGrgTf3MzzzwjVVrNucLwqrq9zU/5mTt4/c3yBDW/3BC7QKJma11njS0GuzFCagfKwbBGyIPI7WqOCBILvqEP1FB68O3irTx/vxiL/qH0a9aSo99jhKHazTDPCGvbtIP6+joUrjP7piNq+pIlqM26Hhf8JzEGRhcZ/b45V0kdLwLqXQpGFMN8WpznJtFWOwT1ddKhAYeVkvAk5V1Msx1GdYWwZn/TSJ6JxJQIDAQAB",
  devtools_page: "devtools.html",
  background: { service_worker: "src/background/background.ts", type: "module" },
  content_scripts: [
    {
      matches: ["http://*/*", "https://*/*"],
      js: ["src/content/content.iife.ts"],
      run_at: "document_start",
      all_frames: false,
    },
  ],
  content_security_policy: {
    extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'",
  },
});
