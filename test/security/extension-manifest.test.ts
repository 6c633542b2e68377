import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExtensionBrowser, launchWithExtension } from "../e2e/support/chromium.js";
import { EXTENSION_DIST } from "../e2e/support/paths.js";

// Issue 17, "what held, and must keep holding": the built extension (devtools-extension/dist, what
// Chrome loads) asks for no permissions, runs its content script in the isolated world of top
// frames only, gives its pages a strict CSP, and ships no code built from strings. The manifest
// and the bundles are read as Chrome reads them; then Chromium shows the CSP at work.

interface ContentScript {
  matches?: string[];
  js?: string[];
  world?: string;
  all_frames?: boolean;
  match_about_blank?: boolean;
  match_origin_as_fallback?: boolean;
}

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  externally_connectable?: unknown;
  web_accessible_resources?: unknown[];
  content_scripts?: ContentScript[];
  content_security_policy?: { extension_pages?: string; sandbox?: string };
  sandbox?: unknown;
}

const manifest = JSON.parse(
  readFileSync(join(EXTENSION_DIST, "manifest.json"), "utf8"),
) as Manifest;

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/** The directives of a CSP string: name → its sources. */
function directives(csp: string): Map<string, string[]> {
  const parsed = new Map<string, string[]>();
  for (const part of csp.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) parsed.set(name.toLowerCase(), sources);
  }
  return parsed;
}

// Ways code gets built from a string at run time: eval (direct, indirect or as a property), the
// Function constructor (with or without `new`), and string timers.
const CODE_FROM_STRINGS: readonly RegExp[] = [
  /\beval\s*\(/,
  /[(,]\s*eval\s*\)/,
  /\.eval\b/,
  /\bnew\s+Function\b/,
  /\bFunction\s*\(/,
  /\b(?:setTimeout|setInterval)\s*\(\s*["'`]/,
];

/** The string-to-code constructs in `source`, each with some text around it. */
function codeFromStrings(source: string): string[] {
  const found: string[] = [];
  for (const pattern of CODE_FROM_STRINGS) {
    const match = pattern.exec(source);
    if (match) found.push(source.slice(Math.max(0, match.index - 40), match.index + 40));
  }
  return found;
}

describe("the built extension's manifest", () => {
  it("asks for no permission, no host access, and nothing optional to ask for later", () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.permissions ?? []).toEqual([]);
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.optional_permissions ?? []).toEqual([]);
    expect(manifest.optional_host_permissions ?? []).toEqual([]);
  });

  it("lets no web page message the extension or load its files", () => {
    // Without externally_connectable, only the extension's own content script reaches its
    // background; without web_accessible_resources, pages cannot load (or fingerprint) its files.
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
  });

  it("runs its one content script in the isolated world, in top frames of http(s) pages only", () => {
    const scripts = manifest.content_scripts ?? [];
    expect(scripts).toHaveLength(1);
    for (const script of scripts) {
      // "MAIN" would put the relay (and its runtime port) within reach of the page's scripts.
      expect(script.world ?? "ISOLATED").toBe("ISOLATED");
      // Frames, about:blank and opaque-origin documents would let a cross-origin frame be a relay.
      expect(script.all_frames ?? false).toBe(false);
      expect(script.match_about_blank ?? false).toBe(false);
      expect(script.match_origin_as_fallback ?? false).toBe(false);
      expect(script.matches).toEqual(["http://*/*", "https://*/*"]);
    }
  });

  it("gives its pages a strict CSP: scripts from the extension only, no eval, no plugins, no base or form targets", () => {
    const csp = manifest.content_security_policy?.extension_pages;
    expect(csp).toBeDefined();
    const policy = directives(csp ?? "");
    expect(policy.get("script-src")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|https?:|\*/);
    // No sandboxed pages, which could have a looser policy of their own.
    expect(manifest.content_security_policy?.sandbox).toBeUndefined();
    expect(manifest.sandbox).toBeUndefined();
  });
});

describe("the built extension's code", () => {
  const files = filesUnder(EXTENSION_DIST);

  it("finds eval and the Function constructor when they are there (the scan's self-test)", () => {
    expect(codeFromStrings("a=1;eval(x)")).toHaveLength(1);
    expect(codeFromStrings("const f=(0,eval)(s)")).toHaveLength(1);
    expect(codeFromStrings("globalThis.eval(s)")).toHaveLength(2);
    expect(codeFromStrings("new Function('return 1')")).toHaveLength(2);
    expect(codeFromStrings("x=Function(`return this`)()")).toHaveLength(1);
    expect(codeFromStrings("setTimeout('alert(1)', 1)")).toHaveLength(1);
    expect(codeFromStrings("children:`Function`,retrieval:1,evaluate()")).toEqual([]);
  });

  it("builds no code from strings in any script it ships", () => {
    const scripts = files.filter((file) => file.endsWith(".js"));
    // The content script, the background, the devtools page and the panel, at least.
    expect(scripts.length).toBeGreaterThanOrEqual(4);
    const found = scripts.flatMap((file) =>
      codeFromStrings(readFileSync(join(EXTENSION_DIST, file), "utf8")).map(
        (hit) => `${file}: …${hit}…`,
      ),
    );
    expect(found).toEqual([]);
  });

  it("has no inline script or event handler in its pages, which the CSP would refuse anyway", () => {
    const pages = files.filter((file) => file.endsWith(".html"));
    expect(pages).toEqual(expect.arrayContaining(["panel.html", "devtools.html"]));
    for (const file of pages) {
      const html = readFileSync(join(EXTENSION_DIST, file), "utf8");
      const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, file).toMatch(/\ssrc="\/[^"]+\.js"/);
      expect(html, file).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html, file).not.toMatch(/javascript:/i);
    }
  });
});

describe("the CSP at work in Chromium", () => {
  let browser: ExtensionBrowser;
  let site: Server;
  let siteUrl: string;

  beforeAll(async () => {
    site = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end("<!doctype html><title>No CSP</title><h1>No CSP</h1>");
    });
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    const address = site.address();
    siteUrl = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/`;
    browser = await launchWithExtension();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => {
      site?.closeAllConnections();
      site?.close(() => resolve());
    });
  });

  /**
   * Tries eval and the Function constructor in a realm, in a task of its own (CDP's evaluate lifts
   * the CSP's eval ban for the code it runs itself), and says what each did.
   */
  const tryStringCode = `new Promise((resolve) => setTimeout(() => {
    const attempt = (run) => { try { return String(run()); } catch (error) { return error.name; } };
    resolve({
      eval: attempt(() => eval("6 * 7")),
      indirectEval: attempt(() => (0, eval)("6 * 7")),
      functionConstructor: attempt(() => new Function("return 6 * 7")()),
    });
  }, 0))`;

  it("lets a page without a CSP build code from strings (the control)", async () => {
    const page = await browser.context.newPage();
    await page.goto(siteUrl);
    expect(await page.evaluate(tryStringCode)).toEqual({
      eval: "42",
      indirectEval: "42",
      functionConstructor: "42",
    });
    await page.close();
  });

  it("refuses eval and the Function constructor in the panel and in the background", async () => {
    const panel = await browser.context.newPage();
    await panel.goto(`chrome-extension://${browser.extensionId}/panel.html`);
    const refused = {
      eval: "EvalError",
      indirectEval: "EvalError",
      functionConstructor: "EvalError",
    };
    expect(await panel.evaluate(tryStringCode)).toEqual(refused);
    expect(await browser.currentWorker().evaluate(tryStringCode)).toEqual(refused);
    await panel.close();
  });

  it("does not run a script injected into the panel's page inline", async () => {
    const panel = await browser.context.newPage();
    await panel.goto(`chrome-extension://${browser.extensionId}/panel.html`);
    const outcome = await panel.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener("securitypolicyviolation", (event) =>
        violations.push(event.violatedDirective),
      );
      const script = document.createElement("script");
      script.textContent = "window.__inlineRan = true";
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return {
        ran: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true,
        violations,
      };
    });
    expect(outcome.ran).toBe(false);
    expect(outcome.violations.some((directive) => directive.startsWith("script-src"))).toBe(true);
    await panel.close();
  });
});
