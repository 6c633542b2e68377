import { describe, expect, it } from "vitest";
import { storedFileHeaders } from "./storedFileHeaders.js";

describe("storedFileHeaders", () => {
  it("serves an uploaded HTML page as an inert, sandboxed download", () => {
    const headers = storedFileHeaders("text/html; charset=utf-8", 10);
    expect(headers["Content-Disposition"]).toBe("attachment");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Content-Security-Policy"]).toMatch(/^sandbox;/);
  });

  it("treats SVG, XML, PDF, JavaScript and unknown types as active", () => {
    for (const type of [
      "image/svg+xml",
      "application/xhtml+xml",
      "text/xml",
      "application/pdf",
      "text/javascript",
      "TEXT/HTML",
      "application/x-whatever",
    ]) {
      expect(storedFileHeaders(type, 1)["Content-Disposition"], type).toBe("attachment");
    }
    expect(storedFileHeaders(null, 1)["Content-Disposition"]).toBe("attachment");
  });

  it("still shows images, media and plain text inline, with nosniff and the sandbox", () => {
    for (const type of ["image/png", "image/JPEG", "video/mp4", "audio/ogg", "text/plain"]) {
      const headers = storedFileHeaders(type, 1);
      expect(headers["Content-Disposition"], type).toBe("inline");
      expect(headers["X-Content-Type-Options"]).toBe("nosniff");
      expect(headers["Content-Security-Policy"]).toMatch(/^sandbox;/);
    }
  });

  it("keeps the uploader's Content-Type, defaulting to octet-stream", () => {
    expect(storedFileHeaders("image/png", 3)["Content-Type"]).toBe("image/png");
    expect(storedFileHeaders(null, 3)["Content-Type"]).toBe("application/octet-stream");
  });
});
