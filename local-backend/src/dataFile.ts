import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { BackendError } from "./backendError.js";
import type { JsonValue } from "./clientMessage.js";
import type { StoredFile } from "./runtime.js";

/** Marks a file as a local-backend data snapshot. */
export const DATA_FILE_FORMAT = "convex-lens-backend-data";

/** What `--data` files hold: every table in the Convex JSON encoding, plus stored files. */
export interface DataSnapshot {
  readonly format: typeof DATA_FILE_FORMAT;
  readonly version: 1;
  readonly savedAt: string;
  readonly tables: Record<string, JsonValue[]>;
  readonly files?: Record<string, StoredFile>;
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
  const snapshot = parsed as Partial<DataSnapshot> | null;
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
  return snapshot as DataSnapshot;
}

/**
 * Writes a snapshot atomically: to a temp file beside the target, then renamed over it, so a
 * crash mid-write never leaves a truncated data file.
 */
export async function writeDataFile(
  path: string,
  data: { tables: Record<string, JsonValue[]>; files?: Record<string, StoredFile> },
): Promise<void> {
  const snapshot: DataSnapshot = {
    format: DATA_FILE_FORMAT,
    version: 1,
    savedAt: new Date().toISOString(),
    tables: data.tables,
    ...(data.files && Object.keys(data.files).length > 0 ? { files: data.files } : {}),
  };
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(snapshot)}\n`, { flush: true });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
