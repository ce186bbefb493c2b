/**
 * Free loopback ports for servers this project starts (the embedded PostgreSQL, the bench's and the
 * tests' servers).
 */
import net from 'node:net';

/** Whether nothing listens on the loopback port now. */
export function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A port the system hands out as free now (from the ephemeral range). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts a server on a free port. The port is found before the server binds it, so another process
 * can take it in between (a test suite's servers listen on any free port): when the start fails and
 * the port is now taken, another is tried (at most `attempts` in all). Any other failure is thrown
 * at once.
 */
export async function startOnFreePort<T>(
  start: (port: number) => Promise<T>,
  options: { pick?: () => Promise<number>; attempts?: number; log?: (message: string) => void } = {},
): Promise<{ server: T; port: number }> {
  const { pick = freePort, attempts = 3, log = () => undefined } = options;
  for (let attempt = 1; ; attempt++) {
    const port = await pick();
    try {
      return { server: await start(port), port };
    } catch (error) {
      if (attempt >= attempts || (await isFree(port))) throw error;
      log(`port ${port} was taken before the server bound it; trying another`);
    }
  }
}
