import { describe, expect, it } from "vitest";
import { followTheme, type PanelTheme, themeSource } from "./themeSource";

function fakeMedia(initiallyDark: boolean) {
  const listeners = new Set<(event: MediaQueryListEvent) => void>();
  const query = {
    matches: initiallyDark,
    addEventListener: (_type: string, listener: (event: MediaQueryListEvent) => void) =>
      listeners.add(listener),
    removeEventListener: (_type: string, listener: (event: MediaQueryListEvent) => void) =>
      listeners.delete(listener),
  } as unknown as MediaQueryList;
  return {
    matchMedia: (_query: string) => query,
    change(dark: boolean) {
      for (const listener of listeners) listener({ matches: dark } as MediaQueryListEvent);
    },
    listeners,
  };
}

describe("the panel's theme", () => {
  it("follows DevTools inside DevTools, and the system in a tab", () => {
    expect(themeSource({ devtools: { themeName: "dark" }, matchMedia: undefined })).toBe(
      "devtools",
    );
    expect(themeSource({ devtools: undefined, matchMedia: fakeMedia(true).matchMedia })).toBe(
      "system",
    );
  });

  it("takes DevTools' theme over the system's, and switches when DevTools does", () => {
    const applied: PanelTheme[] = [];
    let handler: ((name: string) => void) | undefined;
    followTheme(
      {
        devtools: {
          themeName: "default",
          setThemeChangeHandler: (callback) => {
            handler = callback;
          },
        },
        matchMedia: fakeMedia(true).matchMedia,
      },
      (theme) => applied.push(theme),
    );
    handler?.("dark");
    handler?.("default");
    expect(applied).toEqual(["light", "dark", "light"]);
  });

  it("still applies DevTools' theme once in a Chrome without the change handler", () => {
    const applied: PanelTheme[] = [];
    followTheme({ devtools: { themeName: "dark" }, matchMedia: undefined }, (theme) =>
      applied.push(theme),
    );
    expect(applied).toEqual(["dark"]);
  });

  it("switches live with prefers-color-scheme in a tab, until stopped", () => {
    const media = fakeMedia(false);
    const applied: PanelTheme[] = [];
    const stop = followTheme({ devtools: undefined, matchMedia: media.matchMedia }, (theme) =>
      applied.push(theme),
    );
    media.change(true);
    stop();
    media.change(false);
    expect(applied).toEqual(["light", "dark"]);
    expect(media.listeners.size).toBe(0);
  });

  it("falls back to light where nothing says otherwise", () => {
    const applied: PanelTheme[] = [];
    followTheme({ devtools: undefined, matchMedia: undefined }, (theme) => applied.push(theme));
    expect(applied).toEqual(["light"]);
  });
});
