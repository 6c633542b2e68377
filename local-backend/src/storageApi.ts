import type { IncomingMessage, ServerResponse } from "node:http";
import type { BackendServices } from "./backendServices.js";
import { sendError, sendJson } from "./httpResponse.js";
import { readBodyBytes } from "./requestBody.js";
import { STORAGE_UPLOAD_PATH, StorageFullError } from "./storageSyscalls.js";
import { storedFileHeaders } from "./storedFileHeaders.js";

/** Whether a path belongs to file storage (`/api/storage/...`). */
export function isStoragePath(pathname: string): boolean {
  return pathname.startsWith("/api/storage/");
}

/**
 * File storage over HTTP, where the URLs from `generateUploadUrl` and `getUrl` point:
 * `POST /api/storage/upload?token=…` stores the request body (its Content-Type kept) and
 * answers `{"storageId": …}`, as a deployment does; `GET /api/storage/<id>` serves a file.
 */
export async function handleStorageApi(
  services: BackendServices,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const { runtime } = services;
  const method = req.method ?? "GET";
  if (url.pathname === STORAGE_UPLOAD_PATH) {
    if (method !== "POST") {
      sendError(res, 405, "MethodNotAllowed", "Upload a file with POST.");
      return;
    }
    const token = url.searchParams.get("token") ?? "";
    if (!runtime.uploadTokens.isValid(token)) {
      req.resume();
      sendError(
        res,
        401,
        "InvalidUploadToken",
        "This upload URL is invalid or has expired; get a new one from ctx.storage.generateUploadUrl().",
      );
      return;
    }
    const upload = runtime.uploads.begin();
    if (upload === null) {
      req.resume();
      res.setHeader("Retry-After", "1");
      sendError(
        res,
        429,
        "TooManyUploads",
        `The local backend receives at most ${runtime.uploads.maxConcurrent} uploads at once; try again in a moment.`,
      );
      return;
    }
    let storageId: string;
    try {
      const body = await readBodyBytes(req, runtime.maxStorageBytes, upload.grow);
      if (!body.ok) {
        res.setHeader("Connection", "close");
        const free =
          runtime.maxStorageBytes - runtime.storedBytes() - runtime.uploads.reservedBytes;
        sendError(
          res,
          413,
          "StorageFull",
          `The file does not fit: the local backend keeps at most ${runtime.maxStorageBytes} bytes of files (--max-storage-mb), and ${Math.max(0, free)} are free for this upload.`,
        );
        return;
      }
      const contentType = req.headers["content-type"];
      storageId = await runtime.storeFile(body.bytes, contentType || undefined);
    } catch (error) {
      if (error instanceof StorageFullError) {
        sendError(res, 413, error.code, error.message);
        return;
      }
      throw error;
    } finally {
      // Stored files count in storedBytes() from here on; a failed upload frees its room.
      upload.end();
    }
    runtime.uploadTokens.consume(token);
    services.counters.uploads++;
    // The storage id the client gets back names a file that is already in the data file.
    await services.persisted();
    sendJson(res, 200, { storageId });
    return;
  }
  if (method !== "GET" && method !== "HEAD") {
    sendError(res, 405, "MethodNotAllowed", "Stored files are read with GET.");
    return;
  }
  let storageId: string;
  try {
    storageId = decodeURIComponent(url.pathname.slice("/api/storage/".length));
  } catch {
    storageId = "";
  }
  const file = runtime.readFile(storageId);
  if (file === null) {
    sendError(res, 404, "FileNotFound", "No stored file has this id; it may have been deleted.");
    return;
  }
  const bytes = Buffer.from(await file.blob.arrayBuffer());
  res.writeHead(200, storedFileHeaders(file.contentType, bytes.length));
  res.end(method === "HEAD" ? undefined : bytes);
}
