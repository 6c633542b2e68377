/** The panel's two colour schemes (the `data-theme` on the root element). */
export type PanelTheme = "light" | "dark";

/** Where the theme comes from: DevTools' own setting, or the system's when opened as a tab. */
export type ThemeSource = "devtools" | "system";

/** The parts of `chrome.devtools.panels` the theme reads; older Chromes lack the handler. */
export interface DevtoolsThemeApi {
  readonly themeName?: string;
  readonly setThemeChangeHandler?: (callback: (themeName: string) => void) => void;
}

/** What the theme can follow, passed in so tests need neither DevTools nor a real matchMedia. */
export interface ThemeEnvironment {
  readonly devtools: DevtoolsThemeApi | undefined;
  readonly matchMedia: ((query: string) => MediaQueryList) | undefined;
}

const DARK_QUERY = "(prefers-color-scheme: dark)";

/**
 * DevTools when the panel runs inside it (it has a theme of its own, which may differ from the
 * system's), otherwise the system's `prefers-color-scheme`, as in a tab opened with ?tabId=.
 */
export function themeSource(env: ThemeEnvironment): ThemeSource {
  return typeof env.devtools?.themeName === "string" ? "devtools" : "system";
}

/**
 * Applies the current theme, then again each time it changes, without a reload: through
 * `setThemeChangeHandler` inside DevTools (when this Chrome has it) or a `matchMedia` listener in
 * a tab. Returns a function that stops following (DevTools offers no way to unregister, so there
 * the handler is replaced by one that does nothing).
 */
export function followTheme(env: ThemeEnvironment, apply: (theme: PanelTheme) => void): () => void {
  if (themeSource(env) === "devtools") {
    const devtools = env.devtools as DevtoolsThemeApi;
    // DevTools names its themes "default" (light) and "dark".
    apply(devtools.themeName === "dark" ? "dark" : "light");
    if (typeof devtools.setThemeChangeHandler !== "function") return () => {};
    devtools.setThemeChangeHandler((name) => apply(name === "dark" ? "dark" : "light"));
    return () => devtools.setThemeChangeHandler?.(() => {});
  }
  const query = env.matchMedia?.(DARK_QUERY);
  apply(query?.matches ? "dark" : "light");
  if (!query) return () => {};
  const onChange = (event: MediaQueryListEvent) => apply(event.matches ? "dark" : "light");
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}
