import { afterEach, describe, expect, it, vi } from "vitest";
import { isDevelopmentBuild } from "./developmentBuild.js";
import { DEFAULT_DEVTOOLS_BUFFER_SIZE, resolveDevtoolsSettings } from "./devtoolsSettings.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("resolveDevtoolsSettings", () => {
  it("turns the bridge on, obeying commands, in a development build by default", () => {
    expect(resolveDevtoolsSettings(undefined, true)).toEqual({
      enabled: true,
      bufferSize: DEFAULT_DEVTOOLS_BUFFER_SIZE,
      allowCommands: true,
    });
    expect(resolveDevtoolsSettings({}, true).enabled).toBe(true);
  });

  it("keeps the bridge off in a production build unless the app turns it on", () => {
    expect(resolveDevtoolsSettings(undefined, false).enabled).toBe(false);
    expect(resolveDevtoolsSettings({}, false).enabled).toBe(false);
    expect(resolveDevtoolsSettings(true, false)).toEqual({
      enabled: true,
      bufferSize: 2_000,
      allowCommands: false,
    });
  });

  it("obeys commands in production only when allowCommands says so", () => {
    expect(
      resolveDevtoolsSettings({ enabled: true, allowCommands: true }, false).allowCommands,
    ).toBe(true);
    expect(resolveDevtoolsSettings({ allowCommands: false }, true).allowCommands).toBe(false);
  });

  it("lets the app turn the bridge off in development and size its buffer", () => {
    expect(resolveDevtoolsSettings(false, true).enabled).toBe(false);
    expect(resolveDevtoolsSettings({ bufferSize: 50 }, true).bufferSize).toBe(50);
  });
});

describe("isDevelopmentBuild", () => {
  it("is false only when NODE_ENV says production", () => {
    vi.stubEnv("NODE_ENV", "production");
    expect(isDevelopmentBuild()).toBe(false);
    vi.stubEnv("NODE_ENV", "development");
    expect(isDevelopmentBuild()).toBe(true);
    vi.stubEnv("NODE_ENV", "test");
    expect(isDevelopmentBuild()).toBe(true);
  });
});
