/**
 * The syscall surface that `convex/server` calls for every database, storage and scheduler
 * operation (convex/src/server/impl/syscall.ts), and that convex-test installs as the
 * `Convex` global. Wrapping it is how the backend adds what a deployment does and convex-test
 * does not: read tracking, pagination journals, and URLs on this backend.
 */
export interface Syscalls {
  syscall(op: string, jsonArgs: string): string;
  asyncSyscall(op: string, jsonArgs: string): Promise<string>;
  jsSyscall(op: string, args: Record<string, unknown>): unknown;
}

/** One layer around the syscalls: each method may call `next` (the layer below) or answer itself. */
export interface SyscallMiddleware {
  syscall?(op: string, jsonArgs: string, next: Syscalls["syscall"]): string;
  asyncSyscall?(op: string, jsonArgs: string, next: Syscalls["asyncSyscall"]): Promise<string>;
  jsSyscall?(op: string, args: Record<string, unknown>, next: Syscalls["jsSyscall"]): unknown;
}

let layers: readonly SyscallMiddleware[] = [];
let installed = false;

function layered<K extends keyof Syscalls>(
  kind: K,
  inner: Syscalls,
): (op: string, args: Parameters<Syscalls[K]>[1]) => ReturnType<Syscalls[K]> {
  type Call = (op: string, args: Parameters<Syscalls[K]>[1]) => ReturnType<Syscalls[K]>;
  const callFrom = (index: number): Call => {
    return (op, args) => {
      const layer = layers[index];
      if (layer === undefined) {
        // Read the property on every call: convex-test's global resolves it per test context.
        return (inner[kind] as Call)(op, args);
      }
      const handler = layer[kind] as
        | ((op: string, args: Parameters<Syscalls[K]>[1], next: Call) => ReturnType<Syscalls[K]>)
        | undefined;
      const next = callFrom(index + 1);
      return handler === undefined ? next(op, args) : handler.call(layer, op, args, next);
    };
  };
  return callFrom(0);
}

/**
 * Routes every syscall through `middleware`, outermost first. Must run after the first
 * `convexTest()` call, which installs the global. Later calls replace the layers: one
 * convex-test runtime serves one process.
 */
export function installSyscallMiddleware(middleware: readonly SyscallMiddleware[]): void {
  layers = [...middleware];
  if (installed) {
    return;
  }
  const holder = globalThis as unknown as { Convex?: Syscalls };
  const inner = holder.Convex;
  if (inner === undefined) {
    throw new Error("convex-test's syscall global is not installed yet");
  }
  holder.Convex = {
    syscall: layered("syscall", inner),
    asyncSyscall: layered("asyncSyscall", inner),
    jsSyscall: layered("jsSyscall", inner),
  };
  installed = true;
}
