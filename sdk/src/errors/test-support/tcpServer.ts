// A bare TCP server on 127.0.0.1 and a random port, for tests that need real connection failures.
// The SDK's tsconfig has no Node types (the SDK runs in browsers), so the few `node:net` members
// used here are typed locally instead of pulling @types/node into the whole package.

interface NetSocket {
  on(event: "data", listener: () => void): void;
  destroy(): void;
}

interface NetServer {
  listen(port: number, host: string, listener: () => void): void;
  close(listener: () => void): void;
  address(): { port: number } | string | null;
}

interface NetModule {
  createServer(onConnection: (socket: NetSocket) => void): NetServer;
}

/** A listening TCP server; `close` resolves once the port is free again. */
export interface TcpServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on port 0 (any free port) and hands every connection to `onConnection`. */
export async function listenTcp(
  onConnection: (socket: NetSocket) => void = () => {},
): Promise<TcpServer> {
  const specifier: string = "node:net";
  const net = (await import(/* @vite-ignore */ specifier)) as NetModule;
  const server = net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new Error("The test server has no port.");
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
