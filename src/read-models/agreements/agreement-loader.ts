/**
 * Agreements read by id at a given moment, batched per request: the links between subjects
 * (a party's counter-proposal, an agreement's counterTo and counterProposals) are answered at the
 * moment of the answer that holds them (its asOf and knownAt), in one read per moment.
 */
import DataLoader from 'dataloader';
import type { RequestContext } from '../../graphql/request-context.js';
import { byMoment, momentKey } from '../moment-keys.js';
import type { Moment, SubjectReadsService } from '../projector/subject-reads.service.js';
import type { AgreementModel } from './agreement.model.js';
import { toAgreementModel } from './agreement-models.js';
import { AGREEMENTS } from './agreement.projection.js';

const loaders = new WeakMap<object, DataLoader<string, AgreementModel | null>>();

function loaderFor(ctx: RequestContext, reads: SubjectReadsService): DataLoader<string, AgreementModel | null> {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<string, AgreementModel | null>(async (keys) => {
      const found = new Map<string, AgreementModel>();
      for (const { moment, ids } of byMoment(keys)) {
        for (const answer of await reads.read(AGREEMENTS, ids, moment)) {
          found.set(momentKey(moment, answer.view.id), toAgreementModel(answer));
        }
      }
      return keys.map((key) => found.get(key) ?? null);
    });
    loaders.set(ctx, loader);
  }
  return loader;
}

/** The agreement `id` at `moment` (null when there is none), batched with the others of the request. */
export function agreementAt(
  ctx: RequestContext,
  reads: SubjectReadsService,
  moment: Moment,
  id: string | null,
): Promise<AgreementModel | null> {
  return id === null ? Promise.resolve(null) : loaderFor(ctx, reads).load(momentKey(moment, id));
}
