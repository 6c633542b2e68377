import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConvexClient } from "convex/browser";
import { afterEach, describe, expect, it } from "vitest";
import { complete, type ListedFile } from "../support/completeApi.js";
import { eventually, firstMatching } from "../support/eventually.js";
import { startTestBackend } from "../support/localBackend.js";
import { COMPLETE_FUNCTIONS_DIR } from "../support/paths.js";
import { recordingLogger } from "../support/recordingLogger.js";

const running: { stop(): Promise<void> }[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const item of running.splice(0).reverse()) await item.stop();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function start(options: { maxStorageMb?: number; dataFile?: string } = {}) {
  const backend = await startTestBackend({
    functionsDir: COMPLETE_FUNCTIONS_DIR,
    crons: false,
    ...options,
  });
  const client = new ConvexClient(backend.url, {
    skipConvexDeploymentUrlCheck: true,
    logger: recordingLogger(),
  });
  running.push(backend, { stop: () => client.close() });
  return { backend, client };
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

async function upload(url: string, bytes: Uint8Array<ArrayBuffer>, contentType = "image/png") {
  return await fetch(url, {
    method: "POST",
    headers: { "Content-Type": contentType },
    body: new Blob([bytes]),
  });
}

async function uploadFile(
  client: ConvexClient,
  name: string,
  bytes = png,
): Promise<{ storageId: string; uploadUrl: string }> {
  const uploadUrl = await client.mutation(complete.generateUploadUrl, {});
  const response = await upload(uploadUrl, bytes);
  expect(response.status).toBe(200);
  const { storageId } = (await response.json()) as { storageId: string };
  await client.mutation(complete.saveFile, { storageId, name });
  return { storageId, uploadUrl };
}

describe("file storage", () => {
  it("uploads to a URL on this backend and serves the file back from getUrl with its content type", async () => {
    const { backend, client } = await start();
    const listed = firstMatching<ListedFile[]>(
      (onValue) => client.onUpdate(complete.files, {}, onValue),
      (files) => files.some((file) => file.name === "logo.png"),
    );
    const uploadUrl = await client.mutation(complete.generateUploadUrl, {});
    expect(uploadUrl).toMatch(new RegExp(`^${backend.url}/api/storage/upload\\?token=[\\w-]+$`));
    const response = await upload(uploadUrl, png);
    expect(response.status).toBe(200);
    const { storageId } = (await response.json()) as { storageId: string };
    await client.mutation(complete.saveFile, { storageId, name: "logo.png" });

    const file = (await listed).find((entry) => entry.name === "logo.png");
    expect(file).toMatchObject({ size: png.length, contentType: "image/png" });
    expect(file?.url).toBe(`${backend.url}/api/storage/${storageId}`);
    const download = await fetch(file?.url as string);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(png);
  });

  it("accepts an upload URL once, and refuses made-up ones", async () => {
    const { backend, client } = await start();
    const { uploadUrl } = await uploadFile(client, "once.png");
    expect((await upload(uploadUrl, png)).status).toBe(401);
    const forged = await upload(`${backend.url}/api/storage/upload?token=forged`, png);
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: "InvalidUploadToken" });
  });

  it("lets a page on another origin upload (CORS preflight)", async () => {
    const { client } = await start();
    const uploadUrl = await client.mutation(complete.generateUploadUrl, {});
    const preflight = await fetch(uploadUrl, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:5173",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
  });

  it("deletes a file with storage.delete: its URL stops serving it", async () => {
    const { backend, client } = await start();
    await uploadFile(client, "doomed.png");
    const [file] = await client.query(complete.files, {});
    expect((await fetch(file?.url as string)).status).toBe(200);
    await client.mutation(complete.removeFile, { id: file?.id as string });
    expect(await client.query(complete.files, {})).toEqual([]);
    const gone = await fetch(file?.url as string);
    expect(gone.status).toBe(404);
    expect((await backend.status()).storage).toMatchObject({ files: 0, bytes: 0 });
  });

  it("refuses an upload past the storage cap with 413, keeping what fits", async () => {
    const { backend, client } = await start({ maxStorageMb: 1 });
    const big = new Uint8Array(600 * 1024).fill(7);
    await uploadFile(client, "first.bin", big);
    const second = await upload(await client.mutation(complete.generateUploadUrl, {}), big);
    expect(second.status).toBe(413);
    expect(await second.json()).toMatchObject({ code: "StorageFull" });
    expect((await backend.status()).storage).toMatchObject({
      files: 1,
      bytes: big.length,
      maxBytes: 1024 * 1024,
    });
  });

  it("keeps files under the data file's directory across a restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lens-storage-"));
    dirs.push(dir);
    const dataFile = join(dir, "data.json");
    const first = await start({ dataFile });
    const { storageId } = await uploadFile(first.client, "kept.png");
    await first.client.close();
    await first.backend.stop();
    expect(await readdir(`${dataFile}.files`)).toEqual([storageId]);

    const second = await start({ dataFile });
    const [file] = await second.client.query(complete.files, {});
    expect(file?.url).toBe(`${second.backend.url}/api/storage/${storageId}`);
    const download = await fetch(file?.url as string);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(png);

    await second.client.mutation(complete.removeFile, { id: file?.id as string });
    await second.client.close();
    await second.backend.stop();
    await eventually(async () => expect(await readdir(`${dataFile}.files`)).toEqual([]));
  });
});
