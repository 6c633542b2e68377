import type { DevtoolsOptions } from "../options.js";
import { isDevelopmentBuild } from "./developmentBuild.js";

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
 * Applies the defaults of the `devtools` option: on, and obeying commands, in development builds
 * (see {@link isDevelopmentBuild}); off in production unless turned on. `allowCommands` defaults to
 * "development build" even when the bridge is turned on in production, so a production page
 * shows its telemetry but cannot be steered from the panel unless the app says so.
 */
export function resolveDevtoolsSettings(
  option: boolean | DevtoolsOptions | undefined,
  development: boolean = isDevelopmentBuild(),
): DevtoolsSettings {
  const options: DevtoolsOptions =
    typeof option === "boolean" ? { enabled: option } : (option ?? {});
  return {
    enabled: options.enabled ?? development,
    bufferSize: options.bufferSize ?? DEFAULT_DEVTOOLS_BUFFER_SIZE,
    allowCommands: options.allowCommands ?? development,
  };
}
