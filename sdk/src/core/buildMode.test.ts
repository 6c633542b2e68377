import { afterEach, describe, expect, it, vi } from "vitest";
import { buildMode, isDevelopmentBuild } from "./buildMode.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("buildMode", () => {
  it("is unknown when NODE_ENV is not set", () => {
    vi.stubEnv("NODE_ENV", undefined);
    expect(buildMode()).toBe("unknown");
    expect(isDevelopmentBuild()).toBe(true);
    vi.stubEnv("NODE_ENV", "production");
    expect(buildMode()).toBe("production");
  });

  it("is development for any other NODE_ENV, as React reads it", () => {
    vi.stubEnv("NODE_ENV", "development");
    expect(buildMode()).toBe("development");
    vi.stubEnv("NODE_ENV", "test");
    expect(buildMode()).toBe("development");
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
