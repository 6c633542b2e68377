import { type BuildMode, buildMode } from "../core/buildMode.js";
import type { DevtoolsOptions } from "../options.js";

/** Events the bridge keeps while no panel is connected, unless `bufferSize` says otherwise. */
export const DEFAULT_DEVTOOLS_BUFFER_SIZE = 2_000;

/** The `devtools` lens option with every default applied. */
export interface DevtoolsSettings {
  readonly enabled: boolean;
  readonly bufferSize: number;
  /** Obey panel commands. */
  readonly allowCommands: boolean;
}

/**
 * Applies the defaults of the `devtools` option (see {@link BuildMode}):
 * - development build: on, obeying commands;
 * - production build: off unless turned on, and then not obeying commands;
 * - unknown build (no `NODE_ENV`, no `process`): on, but not obeying commands, because a
 *   production bundle that forgot `NODE_ENV` must not let a page script steer the app.
 * `allowCommands` says otherwise in any build.
 */
export function resolveDevtoolsSettings(
  option: boolean | DevtoolsOptions | undefined,
  mode: BuildMode = buildMode(),
): DevtoolsSettings {
  const options: DevtoolsOptions =
    typeof option === "boolean" ? { enabled: option } : (option ?? {});
  return {
    enabled: options.enabled ?? mode !== "production",
    bufferSize: options.bufferSize ?? DEFAULT_DEVTOOLS_BUFFER_SIZE,
    allowCommands: options.allowCommands ?? mode === "development",
  };
}
