// Hostile strings for the security suite, shared by the test (Node) and the hostile page (browser).
// Each one, if any world ever ran it as code or parsed it as markup, would set a global
// (`window.__pwned`, seen in whichever world ran it) and call a Playwright binding (seen by the
// test at once, when it ran in a page's main world).

/** The global a payload sets when it runs. */
export const PWNED_GLOBAL = "__pwned";
/** The binding a payload calls when it runs (context.exposeBinding). */
export const XSS_BINDING = "__lensXss";

/** The code each payload carries, tagged with where it was planted. */
function code(tag: string): string {
  return `window.${PWNED_GLOBAL}='${tag}';${XSS_BINDING}('${tag}')`;
}

/** Markup, URL and template payloads, each tagged `tag`, for one field of a message. */
export function payloadsFor(tag: string): {
  img: string;
  javascriptUrl: string;
  script: string;
  svg: string;
  iframe: string;
  template: string;
} {
  return {
    img: `<img src=x onerror="${code(`${tag}:img`)}">`,
    javascriptUrl: `javascript:${code(`${tag}:url`)}`,
    script: `</script><script>${code(`${tag}:script`)}</script>`,
    svg: `"><svg onload="${code(`${tag}:svg`)}">`,
    iframe: `<iframe srcdoc="<script>parent.${XSS_BINDING}('${tag}:iframe')</script>"></iframe>`,
    template: `{{constructor.constructor('${code(`${tag}:template`)}')()}}`,
  };
}

/** Every payload of {@link payloadsFor} in one string, for free-text fields. */
export function allPayloads(tag: string): string {
  return Object.values(payloadsFor(tag)).join(" ");
}
