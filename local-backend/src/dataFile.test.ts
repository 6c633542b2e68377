import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BackendError } from "./backendError.js";
import { filesDirFor, readDataFile, writeDataFile } from "./dataFile.js";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "data-file-test-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("data files", () => {
  it("round-trips tables and leaves no temp files behind", async () => {
    const path = join(dir, "nested", "data.json");
    const tables = { messages: [{ _id: "10000messages", _creationTime: 1.5, body: "hi" }] };
    await writeDataFile(path, { tables });
    const snapshot = await readDataFile(path);
    expect(snapshot?.tables).toEqual(tables);
    expect(await readdir(join(dir, "nested"))).toEqual(["data.json"]);
  });

  it("keeps stored files as files beside the data file, and removes deleted ones", async () => {
    const path = join(dir, "data.json");
    const tables = { _storage: [] };
    const hello = { bytes: new TextEncoder().encode("hello"), contentType: "text/plain" };
    const bytes = { bytes: new Uint8Array([0, 1, 2, 255]) };
    await writeDataFile(path, {
      tables,
      files: { "10001_storage": hello, "10002_storage": bytes },
    });
    expect((await readdir(filesDirFor(path))).sort()).toEqual(["10001_storage", "10002_storage"]);
    expect(await readFile(join(filesDirFor(path), "10001_storage"), "utf8")).toBe("hello");
    const loaded = await readDataFile(path);
    expect(loaded?.warnings).toEqual([]);
    expect(loaded?.files["10001_storage"]?.contentType).toBe("text/plain");
    expect([...(loaded?.files["10002_storage"]?.bytes ?? [])]).toEqual([0, 1, 2, 255]);

    await writeDataFile(path, { tables, files: { "10002_storage": bytes } });
    expect(await readdir(filesDirFor(path))).toEqual(["10002_storage"]);
  });

  it("still reads files inlined by the first data file version", async () => {
    const path = join(dir, "data.json");
    await writeFile(
      path,
      JSON.stringify({
        format: "convex-lens-backend-data",
        version: 1,
        savedAt: "",
        tables: {},
        files: { "10001_storage": { data: Buffer.from("old").toString("base64") } },
      }),
    );
    const loaded = await readDataFile(path);
    expect(Buffer.from(loaded?.files["10001_storage"]?.bytes ?? []).toString()).toBe("old");
  });

  it("warns about, and skips, a stored file missing from disk", async () => {
    const path = join(dir, "data.json");
    await writeDataFile(path, {
      tables: {},
      files: { "10001_storage": { bytes: new Uint8Array([1]) } },
    });
    await rm(filesDirFor(path), { recursive: true });
    const loaded = await readDataFile(path);
    expect(loaded?.files).toEqual({});
    expect(loaded?.warnings).toEqual([expect.stringContaining("10001_storage")]);
  });

  it("treats a missing file as a fresh start", async () => {
    expect(await readDataFile(join(dir, "absent.json"))).toBeNull();
  });

  it("refuses a corrupt file instead of overwriting the user's data", async () => {
    const path = join(dir, "data.json");
    await writeFile(path, "{ half a snapshot");
    const error = await readDataFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe("InvalidDataFile");
    expect(await readFile(path, "utf8")).toBe("{ half a snapshot");
  });

  it("refuses JSON that is not a snapshot", async () => {
    const path = join(dir, "data.json");
    await writeFile(path, JSON.stringify({ hello: "world" }));
    await expect(readDataFile(path)).rejects.toThrow("is not a local backend snapshot");
  });
});
