import { convexToJson, type Value } from "convex/values";

/**
 * The canonical `module:function` path of a function name, as the official client canonicalises it
 * (convex/src/browser/sync/udf_path_utils.ts, `canonicalizeUdfPath`): a missing function name is
 * `default` and a `.js` module suffix is dropped.
 */
export function canonicalFunctionPath(name: string): string {
  const colon = name.lastIndexOf(":");
  let moduleName = colon < 0 ? name : name.slice(0, colon);
  const functionName = colon < 0 ? "default" : name.slice(colon + 1);
  if (moduleName.endsWith(".js")) moduleName = moduleName.slice(0, -3);
  return `${moduleName}:${functionName}`;
}

let unique = 0;

/**
 * A key that is equal for two subscriptions exactly when the official client would share them: the
 * path plus the Convex-JSON arguments. Arguments the client would reject get a unique key, so the
 * client's own error surfaces unchanged.
 */
export function subscriptionKey(functionPath: string, args: unknown): string {
  try {
    return `${functionPath}|${JSON.stringify(convexToJson((args ?? {}) as Value))}`;
  } catch {
    unique += 1;
    return `${functionPath}|#${unique}`;
  }
}

/** The host of a deployment URL, for `server.address`. */
export function serverAddressOf(url: string | undefined): string {
  if (!url) return "unknown";
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
