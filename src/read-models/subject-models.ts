/**
 * The three reads every subject read model answers alike, mapped to its GraphQL model: the list
 * (optionally only some states, optionally a page of it), one subject by id, and its changes as a subscription. A resolver
 * keeps its decorators (the schema is code-first) and hands the work to one of these.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { PgNotifierService } from '../database/pg-notifier.service.js';
import { selectsField } from '../graphql/selects-field.js';
import type { Answer, SubjectReadsService, Temporal } from './projector/subject-reads.service.js';
import type { SubjectProjection } from './projector/subject-projection.js';
import { checkSubjectId, statesFilter } from './read-model.args.js';
import { listen } from './read-model-changes.js';
import { checkPage } from './subject-page.js';

/** What a list query asks: its moment, its states, its page. */
export interface SubjectListQuery extends Temporal {
  states?: readonly string[] | null;
  first?: number | null;
  after?: string | null;
}

/** Epoch milliseconds (or null) as the Date (or null) GraphQL answers. */
export const dateOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

export class SubjectModels<S, V extends { state: string }, M> {
  constructor(
    private readonly reads: SubjectReadsService,
    private readonly notifier: PgNotifierService,
    private readonly projection: SubjectProjection<S, V>,
    private readonly toModel: (answer: Answer<V>) => M,
  ) {}

  /**
   * Every subject, or those in `states` (and passing `also`), now or as `temporal` asks, in id order;
   * only the page `first`/`after` ask for, when they do.
   */
  async list(query: SubjectListQuery, info: GraphQLResolveInfo, also: (view: V) => boolean = () => true): Promise<M[]> {
    const wanted = statesFilter(query.states);
    const page = checkPage(query.first, query.after);
    const { asOf, knownAt, minPosition } = query;
    const answers = await this.reads.list(
      this.projection,
      { asOf, knownAt, minPosition, ...this.brief(info) },
      (a) => wanted(a.view.state) && also(a.view),
      page,
    );
    return answers.map(this.toModel);
  }

  /** One subject (null when there is none by that id); BAD_USER_INPUT for an id that cannot be one. */
  async one(id: string, temporal: Temporal, info: GraphQLResolveInfo): Promise<M | null> {
    checkSubjectId(id);
    const [answer] = await this.reads.read(this.projection, [id], { ...temporal, ...this.brief(info) });
    return answer ? this.toModel(answer) : null;
  }

  /** The subscription `field`: the new state of each subject (or of `id`) the projector changes. */
  changes<K extends string>(field: K, id: string | null | undefined): AsyncIterableIterator<Record<K, M>> {
    if (id != null) checkSubjectId(id);
    return listen(this.notifier, this.projection.name, id, async (changedId) => {
      const [answer] = await this.reads.read(this.projection, [changedId], {});
      return answer ? ({ [field]: this.toModel(answer) } as Record<K, M>) : null;
    });
  }

  /** A query that does not list violations reads the brief state (the earliest violation and a count). */
  private brief(info: GraphQLResolveInfo): Pick<Temporal, 'firstViolationOnly'> {
    return { firstViolationOnly: !selectsField(info, 'violations') };
  }
}
