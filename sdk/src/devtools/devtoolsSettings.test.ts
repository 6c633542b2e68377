import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_DEVTOOLS_BUFFER_SIZE, resolveDevtoolsSettings } from "./devtoolsSettings.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("resolveDevtoolsSettings", () => {
  it("turns the bridge on, obeying commands, in a development build by default", () => {
    expect(resolveDevtoolsSettings(undefined, "development")).toEqual({
      enabled: true,
      bufferSize: DEFAULT_DEVTOOLS_BUFFER_SIZE,
      allowCommands: true,
    });
    expect(resolveDevtoolsSettings({}, "development").enabled).toBe(true);
  });

  it("keeps the bridge off in a production build unless the app turns it on", () => {
    expect(resolveDevtoolsSettings(undefined, "production").enabled).toBe(false);
    expect(resolveDevtoolsSettings({}, "production").enabled).toBe(false);
    expect(resolveDevtoolsSettings(true, "production")).toEqual({
      enabled: true,
      bufferSize: 2_000,
      allowCommands: false,
    });
  });

  it("obeys commands in production only when allowCommands says so", () => {
    expect(
      resolveDevtoolsSettings({ enabled: true, allowCommands: true }, "production").allowCommands,
    ).toBe(true);
    expect(resolveDevtoolsSettings({ allowCommands: false }, "development").allowCommands).toBe(
      false,
    );
  });

  it("lets the app turn the bridge off in development and size its buffer", () => {
    expect(resolveDevtoolsSettings(false, "development").enabled).toBe(false);
    expect(resolveDevtoolsSettings({ bufferSize: 50 }, "development").bufferSize).toBe(50);
  });
});

describe("resolveDevtoolsSettings in a build of unknown mode", () => {
  it("keeps the bridge on but refuses commands unless allowCommands says otherwise", () => {
    expect(resolveDevtoolsSettings(undefined, "unknown")).toMatchObject({
      enabled: true,
      allowCommands: false,
    });
    expect(resolveDevtoolsSettings({ allowCommands: true }, "unknown").allowCommands).toBe(true);
  });
});
