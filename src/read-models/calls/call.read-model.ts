/** The call log: read from the log on demand (exact for any asOf / knownAt); Query.calls / callPairs. */
import type { ReadModel } from '../read-model.js';
import { CallLogService } from './call-log.service.js';
import { CallPairsResolver, CallsResolver } from './calls.resolver.js';

export const CALLS_READ_MODEL: ReadModel = {
  name: 'calls',
  providers: [CallLogService, CallsResolver, CallPairsResolver],
};
