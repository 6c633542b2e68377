import type { IncomingMessage } from "node:http";

/** Largest request body (and WebSocket message) accepted: 8 MiB, like a deployment's limits. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** A request body's bytes, or the fact that it was too large to read. */
export type BodyBytesResult = { ok: true; bytes: Buffer } | { ok: false; tooLarge: true };

/** A request body as text, or the fact that it was too large to read. */
export type BodyResult = { ok: true; text: string } | { ok: false; tooLarge: true };

/**
 * Reads a request body up to `limit` bytes; stops reading (without buffering) past the limit.
 * `reserve`, when given, must grant every byte before it is buffered (all of a declared
 * Content-Length up front, else each chunk as it arrives); a refusal counts as too large.
 */
export function readBodyBytes(
  req: IncomingMessage,
  limit: number = MAX_BODY_BYTES,
  reserve: (bytes: number) => boolean = () => true,
): Promise<BodyBytesResult> {
  const declared = Number(req.headers["content-length"]);
  const hasDeclared = req.headers["content-length"] !== undefined && Number.isFinite(declared);
  if (hasDeclared && (declared > limit || !reserve(declared))) {
    req.resume();
    return Promise.resolve({ ok: false, tooLarge: true });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let reserved = hasDeclared ? declared : 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) {
        return;
      }
      size += chunk.length;
      const granted = size <= reserved || reserve(size - reserved);
      reserved = Math.max(reserved, size);
      if (size > limit || !granted) {
        done = true;
        chunks.length = 0;
        resolve({ ok: false, tooLarge: true });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) {
        done = true;
        resolve({ ok: true, bytes: Buffer.concat(chunks) });
      }
    });
    req.on("error", (error) => {
      if (!done) {
        done = true;
        reject(error);
      }
    });
  });
}

/** Reads a request body as UTF-8 text, up to `limit` bytes. */
export async function readBody(
  req: IncomingMessage,
  limit: number = MAX_BODY_BYTES,
): Promise<BodyResult> {
  const result = await readBodyBytes(req, limit);
  return result.ok ? { ok: true, text: result.bytes.toString("utf8") } : result;
}
