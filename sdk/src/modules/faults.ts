import { ConfigurationError } from "../errors/index.js";
import { type FaultConfig, FaultInjector } from "../resilience/faultInjector.js";
import type { LensModule } from "./lensModule.js";

/** The SDK's client-side fault injection; works against any deployment. */
export interface LensFaults {
  /** Replaces the fault configuration; bad input throws a CONFIGURATION error. */
  set(config: FaultConfig): void;
  clear(): void;
  get(): FaultConfig;
  /** Called with the new configuration whenever it changes; returns unsubscribe. */
  onChange(listener: (config: FaultConfig) => void): () => void;
}

/** What the faults module adds to a lens. */
export interface FaultsApi {
  /** Client-side fault injection: latency, failures and simulated offline, at the socket. */
  readonly faults: LensFaults;
}

/**
 * Client-side fault injection, for development and demos: added latency, injected failures of the
 * real shapes and simulated offline, acting at the client's socket, against any deployment. The
 * DevTools panel's Faults view drives it. Leave it out of production builds: the lens then carries
 * no injector, and the panel cannot inject faults into the page.
 */
export function faults(): LensModule<"faults", FaultsApi> {
  return {
    name: "faults",
    install(host) {
      const injector = new FaultInjector(host.diagnostics);
      const stop = injector.onChange((config) => host.forceOffline(config.offline === true));
      host.plugFaults(injector);
      return {
        api: {
          faults: {
            set(config) {
              try {
                injector.set(config);
              } catch (error) {
                throw new ConfigurationError({
                  message: `Invalid fault configuration: ${error instanceof Error ? error.message : String(error)}`,
                  cause: error,
                });
              }
            },
            clear: () => injector.clear(),
            get: () => injector.get(),
            onChange: (listener) => injector.onChange(listener),
          },
        },
        dispose() {
          stop();
          host.plugFaults(null);
          host.forceOffline(false);
        },
      };
    },
  };
}
