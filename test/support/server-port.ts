/**
 * A port for a server a test starts as a child process (the service, or a PostgreSQL that a test
 * stops and starts again on the same port). Not freePort's (an ephemeral port, freed
 * before the child binds it): in that moment a server of another test, listening on port 0, could
 * be handed the same port, and the child's health check would then be answered by that other
 * server (a CI run failed so: the first request went to another test's server, which did not know
 * the key). Each Jest worker takes ports from a range of its own below the ephemeral range that
 * listen(0) hands out (32768–60999 on Linux), one after another, skipping ports in use.
 */
import { isFree } from '../../src/database/free-port.js';

const RANGE = 1000;
let next = 0;

export async function serverPort(): Promise<number> {
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  const base = 20_000 + ((worker - 1) % 12) * RANGE;
  for (let tried = 0; tried < RANGE; tried++) {
    const port = base + (next++ % RANGE);
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port in ${base}..${base + RANGE - 1}`);
}
