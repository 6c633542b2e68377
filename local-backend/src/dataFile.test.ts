import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BackendError } from "./backendError.js";
import { readDataFile, writeDataFile } from "./dataFile.js";

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
