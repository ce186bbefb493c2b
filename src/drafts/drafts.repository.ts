/**
 * The SQL of drafts (migration 011): the drafts, their revisions and their audit. Revisions and the
 * audit are append-only in the database; a decided draft does not change (drafts_guard), and its
 * reviewer is never its submitter (a CHECK), whatever the service does.
 */
import type { DataSource, EntityManager } from 'typeorm';

export const DRAFT_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export const DRAFT_ACTIONS = ['SUBMITTED', 'REVISED', 'WITHDRAWN', 'APPROVED', 'REJECTED'] as const;
export type DraftAction = (typeof DRAFT_ACTIONS)[number];

/** Where an approved draft went: the append's answer, with the ids of its events. */
export interface AppendedRecord {
  streamId: string;
  streamVersion: number;
  firstPosition: string;
  lastPosition: string;
  eventIds: string[];
}

export interface DraftRow {
  seq: string;
  id: string;
  streamId: string;
  expectedVersion: number | null;
  /** The NewEventInput list of the latest revision, ids fixed at submission. */
  events: unknown[];
  note: string | null;
  /** The events the store previewed for the latest revision (StoredEvent as JSON). */
  preview: unknown[];
  status: DraftStatus;
  revision: number;
  submittedBy: string;
  submittedAt: Date;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reason: string | null;
  appended: AppendedRecord | null;
}

export interface RevisionRow {
  draftId: string;
  revision: number;
  streamId: string;
  expectedVersion: number | null;
  events: unknown[];
  note: string | null;
  by: string;
  at: Date;
}

export interface AuditRow {
  draftId: string;
  action: DraftAction;
  actor: string;
  at: Date;
  reason: string | null;
}

/** A draft's content: what a submission or a revision writes. */
export interface DraftContent {
  streamId: string;
  expectedVersion: number | null;
  events: unknown[];
  note: string | null;
  preview: unknown[];
}

const DRAFT_COLUMNS = `seq::text AS seq, id, stream_id, expected_version, events, note, preview, status, revision,
  submitted_by, submitted_at, reviewed_by, reviewed_at, reason, appended`;

interface RawDraft {
  seq: string;
  id: string;
  stream_id: string;
  expected_version: number | null;
  events: unknown[];
  note: string | null;
  preview: unknown[];
  status: DraftStatus;
  revision: number;
  submitted_by: string;
  submitted_at: Date;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  reason: string | null;
  appended: AppendedRecord | null;
}

function toDraft(row: RawDraft): DraftRow {
  return {
    seq: row.seq,
    id: row.id,
    streamId: row.stream_id,
    expectedVersion: row.expected_version,
    events: row.events,
    note: row.note,
    preview: row.preview,
    status: row.status,
    revision: row.revision,
    submittedBy: row.submitted_by,
    submittedAt: new Date(row.submitted_at),
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at === null ? null : new Date(row.reviewed_at),
    reason: row.reason,
    appended: row.appended,
  };
}

type Runner = DataSource | EntityManager;

export class DraftsRepository {
  constructor(private readonly db: DataSource) {}

  /** Runs `work` in a transaction (READ COMMITTED). */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction('READ COMMITTED', work);
  }

  /** The draft, or null; `forUpdate` (in a transaction) locks it until commit, so decisions on it are taken one at a time. */
  async get(id: string, runner: Runner = this.db, forUpdate = false): Promise<DraftRow | null> {
    const rows: RawDraft[] = await runner.query(
      `SELECT ${DRAFT_COLUMNS} FROM drafts WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows.length ? toDraft(rows[0]) : null;
  }

  /**
   * A page of drafts, oldest first: of these statuses (all when empty), of this submitter (all when
   * null), after the draft `after` (by submission order).
   */
  async page(
    statuses: DraftStatus[],
    submitter: string | null,
    after: string | null,
    limit: number,
  ): Promise<DraftRow[]> {
    const rows: RawDraft[] = await this.db.query(
      `SELECT ${DRAFT_COLUMNS} FROM drafts
        WHERE (cardinality($1::text[]) = 0 OR status = ANY($1::text[]))
          AND ($2::text IS NULL OR submitted_by = $2)
          AND ($3::uuid IS NULL OR seq > (SELECT d.seq FROM drafts d WHERE d.id = $3::uuid))
        ORDER BY seq
        LIMIT $4`,
      [statuses, submitter, after, limit],
    );
    return rows.map(toDraft);
  }

  /** Whether a draft with this id exists (for `after`). */
  async exists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM drafts WHERE id = $1', [id]);
    return rows.length > 0;
  }

  /** A new PENDING draft with its first revision and its SUBMITTED entry. */
  async insert(tx: EntityManager, id: string, content: DraftContent, by: string): Promise<void> {
    await tx.query(
      `INSERT INTO drafts (id, stream_id, expected_version, events, note, preview, submitted_by)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7)`,
      [
        id,
        content.streamId,
        content.expectedVersion,
        JSON.stringify(content.events),
        content.note,
        JSON.stringify(content.preview),
        by,
      ],
    );
    await this.addRevision(tx, id, 1, content, by);
    await this.audit(tx, id, 'SUBMITTED', by, null);
  }

  /** The draft's next revision: its content replaced, the revision kept, a REVISED entry. */
  async revise(tx: EntityManager, draft: DraftRow, content: DraftContent, by: string): Promise<void> {
    const revision = draft.revision + 1;
    await tx.query(
      `UPDATE drafts SET stream_id = $2, expected_version = $3, events = $4::jsonb, note = $5, preview = $6::jsonb,
              revision = $7
        WHERE id = $1`,
      [
        draft.id,
        content.streamId,
        content.expectedVersion,
        JSON.stringify(content.events),
        content.note,
        JSON.stringify(content.preview),
        revision,
      ],
    );
    await this.addRevision(tx, draft.id, revision, content, by);
    await this.audit(tx, draft.id, 'REVISED', by, null);
  }

  /** The decision on a PENDING draft, by `by` (its submitter for a withdrawal, a reviewer otherwise), and its entry. */
  async decide(
    tx: EntityManager,
    id: string,
    decision: { status: Exclude<DraftStatus, 'PENDING'>; by: string; reason: string | null; appended?: AppendedRecord },
  ): Promise<void> {
    await tx.query(
      `UPDATE drafts SET status = $2, reviewed_by = $3, reviewed_at = now(), reason = $4, appended = $5::jsonb
        WHERE id = $1`,
      [id, decision.status, decision.by, decision.reason, decision.appended ? JSON.stringify(decision.appended) : null],
    );
    await this.audit(tx, id, decision.status, decision.by, decision.reason);
  }

  /** The revisions of these drafts, oldest first. */
  async revisions(ids: readonly string[]): Promise<RevisionRow[]> {
    const rows: Array<{
      draft_id: string;
      revision: number;
      stream_id: string;
      expected_version: number | null;
      events: unknown[];
      note: string | null;
      by: string;
      at: Date;
    }> = await this.db.query(
      `SELECT draft_id, revision, stream_id, expected_version, events, note, by, at
         FROM draft_revisions WHERE draft_id = ANY($1::uuid[]) ORDER BY draft_id, revision`,
      [ids],
    );
    return rows.map((row) => ({
      draftId: row.draft_id,
      revision: row.revision,
      streamId: row.stream_id,
      expectedVersion: row.expected_version,
      events: row.events,
      note: row.note,
      by: row.by,
      at: new Date(row.at),
    }));
  }

  /** The audit entries of these drafts, oldest first. */
  async history(ids: readonly string[]): Promise<AuditRow[]> {
    const rows: Array<{ draft_id: string; action: DraftAction; actor: string; at: Date; reason: string | null }> =
      await this.db.query(
        `SELECT draft_id, action, actor, at, reason FROM draft_audit WHERE draft_id = ANY($1::uuid[]) ORDER BY id`,
        [ids],
      );
    return rows.map((row) => ({
      draftId: row.draft_id,
      action: row.action,
      actor: row.actor,
      at: new Date(row.at),
      reason: row.reason,
    }));
  }

  private async addRevision(
    tx: EntityManager,
    id: string,
    revision: number,
    content: DraftContent,
    by: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO draft_revisions (draft_id, revision, stream_id, expected_version, events, note, by)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
      [id, revision, content.streamId, content.expectedVersion, JSON.stringify(content.events), content.note, by],
    );
  }

  private async audit(
    tx: EntityManager,
    id: string,
    action: DraftAction,
    actor: string,
    reason: string | null,
  ): Promise<void> {
    await tx.query('INSERT INTO draft_audit (draft_id, action, actor, reason) VALUES ($1, $2, $3, $4)', [
      id,
      action,
      actor,
      reason,
    ]);
  }
}
