import type { SyscallMiddleware } from "./syscallMiddleware.js";

/** What the storage syscalls need from the running backend. */
export interface StorageHost {
  /** This backend's URL once it listens (null before): file URLs point here. */
  deploymentUrl(): string | null;
  /** A token for one upload URL. */
  issueUploadToken(): string;
  /** Throws `StorageFullError` when storing `bytes` more would pass the cap. */
  ensureRoom(bytes: number): void;
}

/** A file would take stored files past the backend's total cap. */
export class StorageFullError extends Error {
  override readonly name = "StorageFullError";
  readonly code = "StorageFull";
}

/** The path a stored file is served from, relative to the deployment URL. */
export function storageFilePath(storageId: string): string {
  return `/api/storage/${encodeURIComponent(storageId)}`;
}

/** The upload path, relative to the deployment URL. */
export const STORAGE_UPLOAD_PATH = "/api/storage/upload";

function base64DecodedLength(base64: string): number {
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

/**
 * Makes file storage answer like a deployment's: `getUrl` and `generateUploadUrl` return URLs
 * on this backend (convex-test returns placeholders on `some-deployment.convex.cloud`,
 * convex-test/dist/index.js `1.0/storageGetUrl`), and storing past the total cap fails.
 */
export function storageMiddleware(host: StorageHost): SyscallMiddleware {
  return {
    async asyncSyscall(op, jsonArgs, next) {
      switch (op) {
        case "1.0/storageGetUrl": {
          const answer = await next(op, jsonArgs);
          const base = host.deploymentUrl();
          if (base === null || JSON.parse(answer) === null) {
            return answer;
          }
          const { storageId } = JSON.parse(jsonArgs) as { storageId: string };
          return JSON.stringify(`${base}${storageFilePath(storageId)}`);
        }
        case "1.0/storageGenerateUploadUrl": {
          const base = host.deploymentUrl();
          if (base === null) {
            return next(op, jsonArgs);
          }
          return JSON.stringify(`${base}${STORAGE_UPLOAD_PATH}?token=${host.issueUploadToken()}`);
        }
        case "1.0/storageStore": {
          const { blob } = JSON.parse(jsonArgs) as { blob?: unknown };
          if (typeof blob === "string") {
            host.ensureRoom(base64DecodedLength(blob));
          }
          return next(op, jsonArgs);
        }
        default:
          return next(op, jsonArgs);
      }
    },
    jsSyscall(op, args, next) {
      const size = (args.blob as { size?: unknown } | undefined)?.size;
      if (op === "storage/storeBlob" && typeof size === "number") {
        host.ensureRoom(size);
      }
      return next(op, args);
    },
  };
}
