import { ConfigurationError } from "../errors/index.js";
import { invalidOption } from "../errors/invalidOption.js";
import type { LensModule, ModuleHost, SharedSlot } from "./lensModule.js";

/**
 * Installs `modules` into `lens`: each module's API is added to the lens object and its dispose
 * queued on `disposers`. A module comes after those it `requires`, whatever the order in `use`.
 * Two modules of one name, a missing requirement, or an API name the lens already has throw a
 * CONFIGURATION error naming the module, at `createLens` rather than at first use.
 */
export function installModules(
  lens: object,
  modules: readonly LensModule[],
  disposers: (() => void)[],
  host: Omit<ModuleHost, "provide" | "read">,
): void {
  const names = new Set<string>();
  for (const module of modules) {
    if (names.has(module.name)) {
      throw invalidOption("Convex Lens", `use lists ${module.name}() twice`);
    }
    names.add(module.name);
  }
  for (const module of modules) {
    for (const required of module.requires ?? []) {
      if (!names.has(required)) {
        throw invalidOption(
          "Convex Lens",
          `${module.name}() needs ${required}() in the same use list`,
          example(required, module.name),
        );
      }
    }
  }
  const slots = new Map<SharedSlot<unknown>, unknown>();
  const full: ModuleHost = {
    ...host,
    provide: (slot, value) => {
      slots.set(slot, value);
    },
    read: <T>(slot: SharedSlot<T>) => {
      if (!slots.has(slot)) {
        throw new ConfigurationError({
          message: `A module read the ${slot.name} slot before any module filled it; list that module in its requires.`,
        });
      }
      return slots.get(slot) as T;
    },
  };
  const installed = new Set<string>();
  const pending = [...modules];
  while (pending.length > 0) {
    // Requirements were checked above, so each pass installs at least one module unless two
    // modules require each other.
    const index = pending.findIndex((m) => (m.requires ?? []).every((r) => installed.has(r)));
    if (index < 0) {
      throw invalidOption(
        "Convex Lens",
        `use has modules that require each other (${pending.map((m) => m.name).join(", ")})`,
      );
    }
    const [module] = pending.splice(index, 1) as [LensModule];
    const { api, dispose } = module.install(full);
    for (const key of Object.keys(api)) {
      if (key in lens) {
        dispose?.();
        throw invalidOption(
          "Convex Lens",
          `${module.name}() adds lens.${key}, which the lens already has`,
        );
      }
    }
    Object.assign(lens, api);
    if (dispose) disposers.push(() => dispose());
    installed.add(module.name);
  }
}

// Module-scoped (this file is a module), so it does not clash with @types/node's global.
declare const process: { env: { NODE_ENV?: string } };

// The example helps while developing; production builds keep the sentence without it.
function example(required: string, name: string): string {
  try {
    if (process.env.NODE_ENV !== "production") {
      return `, e.g. createLens({ use: [${required}(), ${name}()] })`;
    }
  } catch {
    // No `process` at all (an unbundled script): no example.
  }
  return "";
}
