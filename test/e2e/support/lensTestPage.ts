import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { LENS_PAGE_ENTRY, REPO_ROOT } from "./paths.js";

/** The slice of esbuild's API used here (esbuild is resolved at run time, see below). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
}

/** The page under test, served over HTTP on a random port of 127.0.0.1. */
export interface LensTestSite {
  /** The page's address for a backend at `backendUrl`. */
  url(backendUrl: string): string;
  close(): Promise<void>;
}

/**
 * Bundles test/e2e/fixtures/lensPage.ts (the SDK, convex/browser) for the browser and serves it.
 * esbuild 0.28.2 is taken from local-backend's dependencies rather than added to test/: the
 * bundle is made once per test file, in memory.
 */
export async function serveLensPage(): Promise<LensTestSite> {
  const require = createRequire(join(REPO_ROOT, "local-backend/package.json"));
  const esbuild = require("esbuild") as Esbuild;
  const result = await esbuild.build({
    entryPoints: [LENS_PAGE_ENTRY],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "chrome116",
    define: { "process.env.NODE_ENV": '"development"' },
    logLevel: "error",
  });
  const script = result.outputFiles[0]?.text ?? "";
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><title>Convex Lens e2e</title></head>' +
    '<body><h1>Convex Lens e2e page</h1><script type="module" src="/page.js"></script></body></html>';
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (path === "/page.js") {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
      response.end(script);
    } else if (path === "/") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(html);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: (backendUrl) => `http://127.0.0.1:${port}/?backend=${encodeURIComponent(backendUrl)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
