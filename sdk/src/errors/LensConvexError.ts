import { ConvexError, convexToJson, type Value } from "convex/values";
import type { FunctionKind } from "../core/callTarget.js";
import type { ErrorCode } from "./errorCode.js";
import {
  assignLensFields,
  defineHidden,
  LENS_ERROR_BRAND,
  type LensError,
  type LensErrorInit,
  type LensErrorJSON,
  lensErrorToJSON,
  lensMessage,
  resolveLensFields,
} from "./LensError.js";
import { readField } from "./readField.js";

/** A LensError that is also the very ConvexError class the app threw, with the same `.data`. */
export type LensConvexError = LensError & ConvexError<Value>;

// Marks the ConvexError-derived twins, so callers can tell them apart from plain LensErrors.
const CONVEX_TWIN_BRAND: unique symbol = Symbol.for("convex-lens.LensConvexError") as never;

// Convex's own marker on every ConvexError instance, also on copies from duplicated bundles.
// Source: convex/src/values/errors.ts (IDENTIFYING_FIELD = Symbol.for("ConvexError")).
const CONVEX_ERROR_MARKER = Symbol.for("ConvexError");

/**
 * True for a ConvexError from any copy of `convex/values`: `instanceof` fails across duplicated
 * bundles, so Convex's own `Symbol.for("ConvexError")` marker, or the name plus `data`, decide.
 */
export function isConvexErrorLike(value: unknown): value is ConvexError<Value> {
  try {
    if (typeof value !== "object" || value === null) return false;
    if (value instanceof ConvexError) return true;
    if (Reflect.get(value, CONVEX_ERROR_MARKER) === true) return true;
    return Reflect.get(value, "name") === "ConvexError" && Reflect.has(value, "data");
  } catch {
    return false;
  }
}

/** True for a LensError made from a ConvexError (its `data` is the app's). */
export function isLensConvexError(value: unknown): value is LensConvexError {
  return (
    typeof value === "object" && value !== null && readField(value, CONVEX_TWIN_BRAND) === true
  );
}

function dataAsJSON(data: unknown): unknown {
  try {
    return convexToJson(data as Value);
  } catch {
    // Not a Convex value (a hand-made ConvexError-like object); keep a bounded text instead.
    return undefined;
  }
}

type ConvexErrorClass = new (data: Value) => ConvexError<Value>;

// One twin class per ConvexError class seen (usually exactly one). Keyed weakly by the class,
// so classes that go away take their twin with them.
const twinClasses = new WeakMap<object, ConvexErrorClass>();

function twinClassOf(base: ConvexErrorClass): ConvexErrorClass {
  const cached = twinClasses.get(base);
  if (cached !== undefined) return cached;
  class LensConvexErrorTwin extends base {
    get [LENS_ERROR_BRAND](): true {
      return true;
    }
    get [CONVEX_TWIN_BRAND](): true {
      return true;
    }
    toJSON(): LensErrorJSON {
      const json = lensErrorToJSON(this as unknown as LensError);
      const data = dataAsJSON(this.data);
      if (data !== undefined) json.data = data;
      return json;
    }
  }
  // What a log or a debugger prints as the error's class: the app's own, "ConvexError".
  Object.defineProperty(LensConvexErrorTwin, "name", { value: base.name });
  twinClasses.set(base, LensConvexErrorTwin);
  return LensConvexErrorTwin;
}

// The class the original was made with: ours, a duplicate bundle's, or an app subclass of it.
function classOf(original: object): ConvexErrorClass {
  try {
    const proto: unknown = Object.getPrototypeOf(original);
    if (typeof proto === "object" && proto !== null) {
      const ctor: unknown = Reflect.get(proto, "constructor");
      if (typeof ctor === "function" && Reflect.get(ctor, "prototype") === proto) {
        return ctor as ConvexErrorClass;
      }
    }
  } catch {
    // fall back to this package's ConvexError
  }
  return ConvexError;
}

/**
 * Makes the LensError for a ConvexError: a new object of a subclass of the original's own class,
 * so `instanceof ConvexError` (and `instanceof` an app subclass of it) still holds and `.data` is
 * the same value, plus the taxonomy fields. If the original's class refuses to be constructed
 * again, this package's ConvexError is used instead.
 */
export function toLensConvexError(
  original: ConvexError<Value>,
  code: ErrorCode,
  init: LensErrorInit & { kind?: FunctionKind },
): LensConvexError {
  let data: Value = null;
  let name = "ConvexError";
  try {
    data = Reflect.get(original, "data") as Value;
    const originalName: unknown = Reflect.get(original, "name");
    if (typeof originalName === "string" && originalName.length > 0) name = originalName;
  } catch {
    // keep the defaults
  }
  let twin: ConvexError<Value>;
  try {
    twin = new (twinClassOf(classOf(original)))(data);
  } catch {
    twin = new (twinClassOf(ConvexError))(data);
  }
  // Constructors of app subclasses may take other arguments; pin what matters afterwards.
  twin.data = data;
  defineHidden(twin, "name", name);
  defineHidden(twin, "message", lensMessage(code, init));
  assignLensFields(twin, resolveLensFields(code, init));
  return twin as LensConvexError;
}
