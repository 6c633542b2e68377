import { describe, expect, it } from "vitest";
import { StorageFullError, type StorageHost, storageMiddleware } from "./storageSyscalls.js";

function host(overrides: Partial<StorageHost> = {}): StorageHost {
  return {
    deploymentUrl: () => "http://127.0.0.1:3210",
    issueUploadToken: () => "tok",
    ensureRoom: () => {},
    ...overrides,
  };
}

const placeholder = async () =>
  JSON.stringify("https://some-deployment.convex.cloud/api/storage/placeholder");

describe("storageMiddleware", () => {
  it("points getUrl and generateUploadUrl at this backend", async () => {
    const middleware = storageMiddleware(host());
    const url = await middleware.asyncSyscall?.(
      "1.0/storageGetUrl",
      JSON.stringify({ storageId: "10001_storage" }),
      placeholder,
    );
    expect(JSON.parse(url ?? "")).toBe("http://127.0.0.1:3210/api/storage/10001_storage");
    const upload = await middleware.asyncSyscall?.(
      "1.0/storageGenerateUploadUrl",
      "{}",
      placeholder,
    );
    expect(JSON.parse(upload ?? "")).toBe("http://127.0.0.1:3210/api/storage/upload?token=tok");
  });

  it("keeps null for a file that does not exist, and convex-test's URLs before the backend listens", async () => {
    const args = JSON.stringify({ storageId: "10001_storage" });
    const missing = await storageMiddleware(host()).asyncSyscall?.(
      "1.0/storageGetUrl",
      args,
      async () => "null",
    );
    expect(missing).toBe("null");
    const early = await storageMiddleware(host({ deploymentUrl: () => null })).asyncSyscall?.(
      "1.0/storageGetUrl",
      args,
      placeholder,
    );
    expect(early).toBe(await placeholder());
  });

  it("refuses to store a file past the cap, from actions and mutations alike", async () => {
    const full = host({
      ensureRoom: (bytes) => {
        if (bytes > 3) throw new StorageFullError("full");
      },
    });
    const middleware = storageMiddleware(full);
    const stored = () => "stored";
    expect(middleware.jsSyscall?.("storage/storeBlob", { blob: new Blob(["abc"]) }, stored)).toBe(
      "stored",
    );
    expect(() =>
      middleware.jsSyscall?.("storage/storeBlob", { blob: new Blob(["abcd"]) }, stored),
    ).toThrow(StorageFullError);
    await expect(
      middleware.asyncSyscall?.(
        "1.0/storageStore",
        JSON.stringify({ blob: Buffer.from("abcdef").toString("base64") }),
        async () => "{}",
      ),
    ).rejects.toThrow(StorageFullError);
  });
});
