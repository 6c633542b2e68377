/** Machine-readable reasons the backend refuses to start or rejects input; callers branch on `code`. */
export type BackendErrorCode =
  | "FunctionsDirNotFound"
  | "ModuleLoadFailed"
  | "ConvexTestIncompatible"
  | "PortInUse"
  | "ListenFailed"
  | "InvalidOption"
  | "InvalidFaultConfig"
  | "InvalidDataFile"
  | "SpawnFailed";

/** Errors are values with codes: the CLI prints `message`, tests and tools match on `code`. */
export class BackendError extends Error {
  override readonly name = "BackendError";
  readonly code: BackendErrorCode;

  constructor(code: BackendErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
