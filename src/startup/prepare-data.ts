/**
 * What a start sets up before it serves: ADMIN_API_KEY registered; on the embedded default with no
 * key at all, a first admin key printed once; an empty embedded database filled with the demo.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { ActorsService } from '../actors/actors.service.js';
import { ApiKeysService } from '../auth/api-keys.service.js';
import type { AppConfig } from '../config/app-config.js';
import { loadDemoTimeline } from '../demo/demo-loader.js';
import { EventStoreService } from '../events/event-store.service.js';

export const FIRST_KEY_NAME = 'first-admin';

export async function prepareData(
  app: INestApplicationContext,
  config: AppConfig,
  embedded: boolean,
  print: (line: string) => void,
  log: Logger,
): Promise<void> {
  const keys = app.get(ApiKeysService);
  if (config.adminApiKey) {
    await keys.ensureEnvAdminKey(config.adminApiKey);
  } else if (embedded && (await keys.count()) === 0) {
    const created = await keys.create(FIRST_KEY_NAME, 'ADMIN', 'first start');
    // Printed once, to the terminal only (not to the log): the database keeps only its hash.
    print('');
    print('  An ADMIN API key was created for this database. It is shown now and never again:');
    print('');
    print(`    ${created.key}`);
    print('');
    print('  Send it with mutations:  Authorization: Bearer <key>');
    print('  More keys:               npm run keys -- create --role admin --name alice');
    print('');
  }
  const store = app.get(EventStoreService);
  if (embedded && config.demoData && (await store.lastPosition()) === '0') {
    const result = await loadDemoTimeline(app.get(ActorsService), store);
    log.info(result, 'demo timeline loaded');
  }
}
