import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { BackendError } from "./backendError.js";
import type { JsonValue } from "./clientMessage.js";
import { tableFromId } from "./documentId.js";
import type { StoredFile } from "./runtime.js";

/** Marks a file as a local-backend data snapshot. */
export const DATA_FILE_FORMAT = "convex-lens-backend-data";

/** How one stored file is recorded in the snapshot: version 2 names a file, version 1 inlined it. */
interface FileEntry {
  readonly contentType?: string;
  /** Version 2: the file's name in the files directory. */
  readonly file?: string;
  /** Version 1: the bytes, base64-encoded. */
  readonly data?: string;
}

/** What `--data` files hold: every table in the Convex JSON encoding, plus stored files. */
interface DataSnapshotJson {
  readonly format: typeof DATA_FILE_FORMAT;
  readonly version: 1 | 2;
  readonly savedAt: string;
  readonly tables: Record<string, JsonValue[]>;
  readonly files?: Record<string, FileEntry>;
}

/** A snapshot as loaded: tables, stored files' bytes, and anything worth a warning. */
export interface DataSnapshot {
  readonly tables: Record<string, JsonValue[]>;
  readonly files: Record<string, StoredFile>;
  readonly warnings: string[];
}

/**
 * Where stored files are kept for a data file: a directory beside it, `<data file>.files/`,
 * one file per storage id. Files are immutable, so each is written once.
 */
export function filesDirFor(path: string): string {
  return `${path}.files`;
}

async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temp, data, { flush: true });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Reads a snapshot; null when the file does not exist yet. Throws "InvalidDataFile" otherwise. */
export async function readDataFile(path: string): Promise<DataSnapshot | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return null;
    }
    throw new BackendError(
      "InvalidDataFile",
      `Could not read data file ${path}: ${(error as Error).message}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BackendError(
      "InvalidDataFile",
      `Data file ${path} is not valid JSON. Fix or remove it; it was left untouched.`,
    );
  }
  const snapshot = parsed as Partial<DataSnapshotJson> | null;
  if (
    typeof snapshot !== "object" ||
    snapshot === null ||
    snapshot.format !== DATA_FILE_FORMAT ||
    typeof snapshot.tables !== "object" ||
    snapshot.tables === null
  ) {
    throw new BackendError(
      "InvalidDataFile",
      `Data file ${path} is not a local backend snapshot (expected "format": "${DATA_FILE_FORMAT}"). It was left untouched.`,
    );
  }
  const files: Record<string, StoredFile> = {};
  const warnings: string[] = [];
  const filesDir = filesDirFor(path);
  for (const [id, entry] of Object.entries(snapshot.files ?? {})) {
    const contentType = typeof entry?.contentType === "string" ? entry.contentType : undefined;
    if (typeof entry?.data === "string") {
      files[id] = { bytes: Buffer.from(entry.data, "base64"), contentType };
      continue;
    }
    if (typeof entry?.file !== "string" || entry.file.includes("/") || entry.file.includes("\\")) {
      warnings.push(`Stored file ${id.slice(0, 60)} has no valid entry in ${path}; it is lost.`);
      continue;
    }
    try {
      files[id] = { bytes: await readFile(join(filesDir, entry.file)), contentType };
    } catch (error) {
      warnings.push(
        `Stored file ${id.slice(0, 60)} could not be read from ${filesDir}: ${(error as Error).message}`,
      );
    }
  }
  return { tables: snapshot.tables, files, warnings };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes a snapshot. Stored files go first, each to its own file in `filesDirFor(path)`; then
 * the JSON, atomically (temp file, then rename), so a crash mid-write never leaves a truncated
 * data file nor one naming a file that is not there. Files no longer stored are removed last.
 */
export async function writeDataFile(
  path: string,
  data: { tables: Record<string, JsonValue[]>; files?: Readonly<Record<string, StoredFile>> },
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const files = data.files ?? {};
  const entries: Record<string, FileEntry> = {};
  const filesDir = filesDirFor(path);
  const ids = Object.keys(files);
  if (ids.length > 0) {
    await mkdir(filesDir, { recursive: true });
  }
  for (const id of ids) {
    const file = files[id];
    // Storage ids name files directly; anything else (a foreign id) is hex-encoded.
    const name = /^[A-Za-z0-9_]+$/.test(id) ? id : Buffer.from(id).toString("hex");
    if (file === undefined) {
      continue;
    }
    const target = join(filesDir, name);
    if (!(await exists(target))) {
      await atomicWrite(target, file.bytes);
    }
    entries[id] = { file: name, ...(file.contentType ? { contentType: file.contentType } : {}) };
  }
  const snapshot: DataSnapshotJson = {
    format: DATA_FILE_FORMAT,
    version: 2,
    savedAt: new Date().toISOString(),
    tables: data.tables,
    ...(ids.length > 0 ? { files: entries } : {}),
  };
  await atomicWrite(path, `${JSON.stringify(snapshot)}\n`);
  let present: string[] = [];
  try {
    present = await readdir(filesDir);
  } catch {
    return;
  }
  const kept = new Set(Object.values(entries).map((entry) => entry.file));
  for (const name of present) {
    if (!kept.has(name) && tableFromId(name) === "_storage") {
      await rm(join(filesDir, name), { force: true });
    }
  }
}
