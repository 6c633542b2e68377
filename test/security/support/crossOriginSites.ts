import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { bundleForBrowser } from "../../support/bundledPage.js";

// Two origins on one loopback server for the cross-origin suite: the app's (127.0.0.1) and
// another site's (localhost; a different host, so another origin and another site, in a process
// of its own). Every page carries the spy script below; the app's page also runs framedApp.ts.

/** One message a spy heard: where it listened, who sent it, how many ports it carried, its JSON. */
export interface Heard {
  where: string;
  origin: string;
  ports: number;
  text: string;
}

/** What a spy recorded, `window.spy` in every page of these sites. */
export interface SpyRecord {
  /** Every message heard on this window and on every window the spy could listen on. */
  heard: Heard[];
  /** Per window the spy tried to listen on: "listening", "none" (no such window) or the error. */
  reached: Record<string, string>;
  /** Messages that arrived on a port the spy found in a message it heard (it listens to each). */
  fromTakenPorts: string[];
  /** Messages that arrived on the private channels the spy's own forged hellos offered. */
  fromForgedPorts: string[];
  /** How each postMessage of the attacks went: "ok" or the error. */
  posted: string[];
}

// Listens wherever it can, keeps (and listens on) any port it is handed, and can attack a window
// the way any script can: a hello that offers its own private port (so a fooled bridge would
// send its batches there and obey commands from it), a command through the window, a command
// through its port, and a page batch with a forged call for the panel.
const SPY_SCRIPT = `(() => {
  const record = { heard: [], reached: {}, fromTakenPorts: [], fromForgedPorts: [], posted: [] };
  const text = (data) => {
    let json;
    try { json = JSON.stringify(data); } catch { json = String(data); }
    return String(json).slice(0, 4000);
  };
  const taken = new WeakSet();
  const note = (where) => (event) => {
    record.heard.push({ where, origin: event.origin, ports: event.ports.length, text: text(event.data) });
    for (const port of event.ports) {
      if (taken.has(port)) continue;
      taken.add(port);
      port.addEventListener("message", (e) => record.fromTakenPorts.push(text(e.data)));
      port.start();
    }
  };
  addEventListener("message", note("self"));
  const listenOn = (name, target) => {
    if (!target || target === window) { record.reached[name] = "none"; return; }
    try {
      target.addEventListener("message", note(name));
      record.reached[name] = "listening";
    } catch (error) {
      record.reached[name] = error.name;
    }
  };
  listenOn("parent", window.parent);
  listenOn("opener", window.opener);
  const tag = { source: "convex-lens-devtools", v: 1 };
  const setOffline = (id) => ({ ...tag, type: "command", id, command: { name: "setOffline", offline: true } });
  window.spy = {
    record,
    listenOn,
    attack(target, name) {
      const channel = new MessageChannel();
      channel.port1.onmessage = (e) => record.fromForgedPorts.push(text(e.data));
      const post = (message, transfer) => {
        try { target.postMessage(message, "*", transfer); record.posted.push("ok"); }
        catch (error) { record.posted.push(error.name); }
      };
      post({ ...tag, type: "hello" }, [channel.port2]);
      post(setOffline(name + "-window"));
      channel.port1.postMessage(setOffline(name + "-port"));
      const path = "payments:transfer-" + name;
      post({ source: "convex-lens", v: 1, session: "forged-" + name, batch: [{
        type: "call", seq: 1, name: "mutation " + path, functionPath: path, kind: "mutation",
        transport: "websocket", serverAddress: "x", startedAt: Date.now(), durationMs: 1,
        attempts: 1, attemptDetails: [], events: [], error: null, traceId: "", spanId: "",
        faultInjected: false, subscription: false }] });
    },
  };
})();`;

/** The app's origin and another site's, served from one loopback port. */
export interface CrossOriginSites {
  /** `http://127.0.0.1:<port>`. */
  readonly appOrigin: string;
  /** `http://localhost:<port>`: another origin and another site. */
  readonly otherOrigin: string;
  /** The app page; with `frames`, it embeds a spy of the other origin and one of its own. */
  appUrl(options?: { frames?: boolean }): string;
  /** A spy page on the other origin; with `frame`, it embeds that URL. */
  spyUrl(options?: { frame?: string }): string;
  close(): Promise<void>;
}

const page = (title: string, body: string, script = ""): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>` +
  `<script>${SPY_SCRIPT}</script>${script}</head><body><h1>${title}</h1>${body}</body></html>`;

/** Bundles framedApp.ts (a development build) and serves both origins. */
export async function serveCrossOriginSites(): Promise<CrossOriginSites> {
  const appScript = await bundleForBrowser(join(import.meta.dirname, "framedApp.ts"));
  let appOrigin = "";
  let otherOrigin = "";
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const html = (body: string): void => {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(body);
    };
    if (url.pathname === "/app.js") {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
      response.end(appScript);
    } else if (url.pathname === "/app") {
      const frames = url.searchParams.has("frames")
        ? `<iframe id="cross" src="${otherOrigin}/spy"></iframe>` +
          `<iframe id="same" src="${appOrigin}/spy"></iframe>`
        : "";
      html(page("Vault", frames, '<script type="module" src="/app.js"></script>'));
    } else if (url.pathname === "/spy") {
      const frame = url.searchParams.get("frame");
      html(page("Elsewhere", frame === null ? "" : `<iframe id="framed" src="${frame}"></iframe>`));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  appOrigin = `http://127.0.0.1:${port}`;
  otherOrigin = `http://localhost:${port}`;
  return {
    appOrigin,
    otherOrigin,
    appUrl: (options) => `${appOrigin}/app${options?.frames ? "?frames" : ""}`,
    spyUrl: (options) =>
      `${otherOrigin}/spy${options?.frame ? `?frame=${encodeURIComponent(options.frame)}` : ""}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
