import { missingFunctionDetail } from "./serverErrorMessage.js";

/** The three kinds of function a client can call. */
export type FunctionKind = "query" | "mutation" | "action";

/** One exported Convex function of the loaded app. */
export interface RegisteredFunction {
  /** Canonical path, `folder/module:export`. */
  readonly path: string;
  readonly kind: FunctionKind;
  readonly visibility: "public" | "internal";
}

const KIND_NAMES: Record<FunctionKind, string> = {
  query: "Query",
  mutation: "Mutation",
  action: "Action",
};

/**
 * Canonicalizes a function path the way the client does (convex/src/browser/sync/udf_path_utils.ts):
 * `module` means `module:default`, and a trailing `.js` on the module is dropped.
 */
export function canonicalizeUdfPath(udfPath: string): string {
  const pieces = udfPath.split(":");
  let moduleName: string;
  let functionName: string;
  if (pieces.length === 1) {
    moduleName = pieces[0] ?? "";
    functionName = "default";
  } else {
    moduleName = pieces.slice(0, -1).join(":");
    functionName = pieces.at(-1) ?? "";
  }
  if (moduleName.endsWith(".js")) {
    moduleName = moduleName.slice(0, -3);
  }
  return `${moduleName}:${functionName}`;
}

/**
 * Reads the kind and visibility registered functions carry (`isQuery`/`isMutation`/`isAction`,
 * `isPublic`/`isInternal`, convex/src/server/impl/registration_impl.ts); null for other exports.
 */
export function describeExport(value: unknown): Omit<RegisteredFunction, "path"> | null {
  if (typeof value !== "function" && (typeof value !== "object" || value === null)) {
    return null;
  }
  const flags = value as Record<string, unknown>;
  const kind: FunctionKind | null = flags.isQuery
    ? "query"
    : flags.isMutation
      ? "mutation"
      : flags.isAction
        ? "action"
        : null;
  if (kind === null) {
    return null;
  }
  return { kind, visibility: flags.isPublic === true ? "public" : "internal" };
}

/** The app's functions, and the visibility rule a deployment applies to client calls. */
export class FunctionRegistry {
  private readonly byPath = new Map<string, RegisteredFunction>();

  constructor(functions: Iterable<RegisteredFunction>) {
    for (const fn of functions) {
      this.byPath.set(fn.path, fn);
    }
  }

  /** A function by canonical path, whatever its visibility. */
  get(path: string): RegisteredFunction | undefined {
    return this.byPath.get(canonicalizeUdfPath(path));
  }

  /** Every function, in load order. */
  list(): RegisteredFunction[] {
    return [...this.byPath.values()];
  }

  /**
   * Resolves a client call. Missing and internal functions get the same answer, worded like a
   * deployment's, so internal functions stay invisible to clients.
   */
  resolveForClient(
    udfPath: string,
    kind: FunctionKind,
  ): { ok: true; fn: RegisteredFunction } | { ok: false; detail: string } {
    const path = canonicalizeUdfPath(udfPath);
    const fn = this.byPath.get(path);
    if (fn === undefined || fn.visibility !== "public") {
      return { ok: false, detail: missingFunctionDetail(path) };
    }
    if (fn.kind !== kind) {
      return {
        ok: false,
        detail: `Trying to execute ${path} as ${KIND_NAMES[kind]}, but it is defined as ${KIND_NAMES[fn.kind]}.`,
      };
    }
    return { ok: true, fn };
  }
}
