import { createServer, type Server } from "node:http";
import { build } from "esbuild";

/** A page whose one script is a bundled TypeScript entry, served on 127.0.0.1 at a random port. */
export interface BundledPage {
  /** `http://127.0.0.1:<port>/`: http(s), so the extension's content script runs in it. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Bundles `entry` for the browser in memory, as a development build, so the SDK's bridge is on as
 * it is for an app under development. Returns the ES module's text.
 */
export async function bundleForBrowser(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "chrome116",
    define: { "process.env.NODE_ENV": '"development"' },
    logLevel: "error",
  });
  return result.outputFiles[0]?.text ?? "";
}

/**
 * Bundles `entry` (bundleForBrowser) and serves it as the only script of a blank page.
 * Shared by the e2e tests, the benchmarks and the security suite, each with its own page.
 */
export async function serveBundledPage(entry: string, title: string): Promise<BundledPage> {
  const script = await bundleForBrowser(entry);
  const safeTitle = title.replace(/[<&]/g, "");
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><title>${safeTitle}</title></head>` +
    `<body><h1>${safeTitle}</h1><script type="module" src="/page.js"></script></body></html>`;
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
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
