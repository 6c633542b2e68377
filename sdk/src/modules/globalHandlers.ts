import { classifyError } from "../errors/index.js";
import { installGlobalHandlers } from "../telemetry/globalHandlers.js";
import type { LensModule } from "./lensModule.js";
import { loggerSlot } from "./logger.js";

/** What the global-handlers module adds to a lens. */
export interface GlobalHandlersApi {
  /**
   * Classifies and logs `unhandledrejection` and `error` events of `target` (default: the global
   * object) without swallowing them. Returns the uninstall function; `lens.shutdown()` uninstalls too.
   */
  installGlobalHandlers(target?: EventTarget): () => void;
}

/**
 * Global handlers: failures nobody caught (a rejected call without a `catch`) are classified into
 * the taxonomy and logged through the {@link logger} module, which it therefore needs.
 */
export function globalHandlers(): LensModule<"globalHandlers", GlobalHandlersApi> {
  return {
    name: "globalHandlers",
    requires: ["logger"],
    install(host) {
      const logger = host.read(loggerSlot);
      const uninstalls = new Set<() => void>();
      return {
        api: {
          installGlobalHandlers(target = globalThis as unknown as EventTarget) {
            if (typeof target?.addEventListener !== "function") return () => {};
            const uninstall = installGlobalHandlers(target, {
              classify: classifyError, // called with the raw value alone
              onError: ({ source, error }) =>
                logger.error(
                  `Unhandled ${source === "error" ? "error" : "rejection"}: ${host.redactor.errorMessage(error)}`,
                  {
                    code: error.code,
                    ...(error.functionPath ? { function: error.functionPath } : {}),
                    ...(error.requestId ? { request_id: error.requestId } : {}),
                  },
                ),
              onListenerError: (error) => host.diagnostics.record("listener", error),
            });
            uninstalls.add(uninstall);
            return () => {
              uninstalls.delete(uninstall);
              uninstall();
            };
          },
        },
        dispose() {
          for (const uninstall of uninstalls) uninstall();
          uninstalls.clear();
        },
      };
    },
  };
}
