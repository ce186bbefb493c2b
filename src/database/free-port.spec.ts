import net from 'node:net';
import { freePort, isFree, startOnFreePort } from './free-port.js';

/** A real server on the loopback port: rejects when the port is taken. */
function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
const close = (server: net.Server) => new Promise((resolve) => server.close(resolve));

describe('startOnFreePort', () => {
  it('tries another port when the one picked was taken before the server bound it', async () => {
    const thief = await listen(await freePort());
    const taken = (thief.address() as net.AddressInfo).port;
    const picks = [taken];
    const logged: string[] = [];
    try {
      const { server, port } = await startOnFreePort(listen, {
        pick: async () => picks.shift() ?? freePort(),
        log: (line) => logged.push(line),
      });
      expect(port).not.toBe(taken);
      expect((server.address() as net.AddressInfo).port).toBe(port);
      expect(logged).toEqual([`port ${taken} was taken before the server bound it; trying another`]);
      await close(server);
    } finally {
      await close(thief);
    }
  });

  it('throws at once a failure that is not a taken port', async () => {
    let starts = 0;
    const failing = async () => {
      starts++;
      throw new Error('bad configuration');
    };
    await expect(startOnFreePort(failing)).rejects.toThrow('bad configuration');
    expect(starts).toBe(1);
  });

  it('gives up after its attempts when every port is taken', async () => {
    const thief = await listen(await freePort());
    const taken = (thief.address() as net.AddressInfo).port;
    try {
      await expect(startOnFreePort(listen, { pick: async () => taken, attempts: 2 })).rejects.toThrow(/EADDRINUSE/);
      expect(await isFree(taken)).toBe(false);
    } finally {
      await close(thief);
    }
    expect(await isFree(taken)).toBe(true);
  });
});
