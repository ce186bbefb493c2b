/**
 * Drafts and the two-person rule over GraphQL, as editors and reviewers use them: who may do what
 * (READER < EDITOR < ADMIN), submit / revise / withdraw / approve / reject, nobody approving their
 * own draft (the service and the database), two approvals at once appending once, a stale expected
 * version keeping the draft PENDING, and what the approval writes (appendedBy = the submitter,
 * approvedBy = the reviewer, the draft's id as correlationId).
 */
import type pg from 'pg';
import { appendEvents, callHeld, connect, errorOf, registerActors, statementMade, uuid } from '../support/fixtures.js';
import { projectionsCaughtUp } from '../support/arbitraries.js';
import {
  APPROVE,
  DRAFT,
  DRAFTS,
  REJECT,
  REVISE,
  SUBMIT,
  WITHDRAW,
  approveDraft,
  createKey,
  dumpAllTables,
  submitDraft,
} from '../support/drafts.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const APPROVE_REVISION = `mutation($id: ID!, $revision: Int) { approveDraft(id: $id, revision: $revision) { status revision } }`;

describe('drafts and their review', () => {
  let t: TestApp;
  let db: pg.Client;
  let editor: string;
  let otherEditor: string;
  let reviewer: string;
  let thirdAdmin: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = await connect(t.database.url);
    await registerActors(t);
    editor = await createKey(t, 'ed-anna', 'EDITOR');
    otherEditor = await createKey(t, 'ed-boris', 'EDITOR');
    reviewer = await createKey(t, 'rev-clara', 'ADMIN');
    thirdAdmin = await createKey(t, 'rev-dmytro', 'ADMIN');
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const draftRows = async () => (await db.query('SELECT count(*)::int AS n FROM drafts')).rows[0].n as number;
  const eventsOf = async (streamId: string) =>
    (await db.query('SELECT id, metadata FROM events WHERE stream_id = $1 ORDER BY position', [streamId])).rows;

  it('an EDITOR submits a draft: checked now, stored PENDING outside the log, with a preview', async () => {
    const head = (await db.query('SELECT last_position::text AS p FROM log_head')).rows[0].p;
    const streamId = `call-${uuid()}`;
    const draft = await submitDraft(t, editor, {
      streamId,
      expectedVersion: 0,
      events: [callHeld()],
      note: 'Kremlin readout, checked against the White House one',
    });
    expect(draft).toMatchObject({
      streamId,
      expectedVersion: 0,
      status: 'PENDING',
      submittedBy: 'ed-anna',
      reviewedBy: null,
      appended: null,
      note: 'Kremlin readout, checked against the White House one',
    });
    // The id is fixed at submission: the approval appends exactly this event, once.
    expect(draft.events[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(draft.preview).toEqual([
      expect.objectContaining({
        id: draft.events[0].id,
        type: 'CALL_HELD',
        streamVersion: 1,
        summary: expect.stringMatching(/call/i),
        cameoCode: expect.any(String),
        actors: expect.arrayContaining([{ id: 'trump' }, { id: 'putin' }]),
        appendedBy: 'ed-anna',
        approvedBy: '(pending review)',
        correlationId: draft.id,
      }),
    ]);
    expect(draft.revisions).toEqual([
      expect.objectContaining({ revision: 1, by: 'ed-anna', streamId, note: draft.note }),
    ]);
    expect(draft.history).toEqual([expect.objectContaining({ action: 'SUBMITTED', actor: 'ed-anna', reason: null })]);
    // Nothing reached the log.
    expect((await db.query('SELECT last_position::text AS p FROM log_head')).rows[0].p).toBe(head);
    expect(await eventsOf(streamId)).toEqual([]);
  });

  it('refuses a bad draft with every field path at once, storing nothing', async () => {
    const before = await draftRows();
    const res = await t.gql(
      SUBMIT,
      {
        input: {
          streamId: 'Bad Stream',
          events: [callHeld({ participants: ['trump'] }), { ...statementMade(), sources: [] }],
          note: 'x'.repeat(4001),
        },
      },
      editor,
    );
    const error = errorOf(res);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.paths).toEqual(
      expect.arrayContaining(['streamId', 'events[0].data.participants', 'events[1].sources', 'note']),
    );
    expect(await draftRows()).toBe(before);
    // A draft is what one person reviews: at most 50 events (an append takes 500).
    const big = await t.gql(
      SUBMIT,
      { input: { streamId: `statement-${uuid()}`, events: Array.from({ length: 51 }, () => statementMade()) } },
      editor,
    );
    expect(errorOf(big)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['events'] });
    // An unknown actor is found by the same checks as appendEvents (once the envelope is sound).
    const unknown = await t.gql(
      SUBMIT,
      { input: { streamId: `call-${uuid()}`, events: [callHeld({ participants: ['trump', 'nobody-we-know'] })] } },
      editor,
    );
    expect(errorOf(unknown)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['events[0].data.participants[1]'] });
    expect(errorOf(unknown).message).toMatch(/unknown actor "nobody-we-know"/);
    expect(await draftRows()).toBe(before);
  });

  describe('who may do what', () => {
    let draftId: string;
    beforeAll(async () => {
      draftId = (await submitDraft(t, editor, { streamId: `call-${uuid()}`, events: [callHeld()] })).id;
    });

    it('a READER cannot draft or list drafts; without a key nothing is allowed', async () => {
      const input = { streamId: `call-${uuid()}`, events: [callHeld()] };
      expect(errorOf(await t.gql(SUBMIT, { input }, t.readerKey)).code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(DRAFTS, {}, t.readerKey)).code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(DRAFT, { id: draftId }, t.readerKey)).code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(SUBMIT, { input }, null)).code).toBe('UNAUTHENTICATED');
    });

    it('an EDITOR cannot append, approve or reject; it may preview an append (validateOnly), which writes nothing', async () => {
      const append = await t.gql(
        `mutation($input: AppendEventsInput!) { appendEvents(input: $input) { appended } }`,
        { input: { streamId: `call-${uuid()}`, events: [callHeld()] } },
        editor,
      );
      expect(errorOf(append)).toMatchObject({ code: 'FORBIDDEN' });
      expect(errorOf(append).message).toMatch(/role EDITOR; this needs ADMIN/);
      const head = (await db.query('SELECT last_position::text AS p FROM log_head')).rows[0].p;
      const preview = await t.gql(
        `mutation($input: AppendEventsInput!) {
          appendEvents(input: $input, validateOnly: true) { appended events { summary cameoCode appendedBy approvedBy } }
        }`,
        { input: { streamId: `call-${uuid()}`, events: [callHeld()] } },
        editor,
      );
      expect(preview.data.appendEvents).toEqual({
        appended: false,
        events: [
          {
            summary: expect.any(String),
            cameoCode: '041',
            appendedBy: 'ed-anna',
            approvedBy: '(pending review)',
          },
        ],
      });
      expect((await db.query('SELECT last_position::text AS p FROM log_head')).rows[0].p).toBe(head);
      const asReader = await t.gql(
        `mutation($input: AppendEventsInput!) { appendEvents(input: $input, validateOnly: true) { appended } }`,
        { input: { streamId: `call-${uuid()}`, events: [callHeld()] } },
        t.readerKey,
      );
      expect(errorOf(asReader).code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(APPROVE, { id: draftId }, otherEditor)).code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(REJECT, { id: draftId, reason: 'no' }, otherEditor)).code).toBe('FORBIDDEN');
      expect((await t.gql(DRAFT, { id: draftId }, editor)).data.draft.status).toBe('PENDING');
    });

    it("an EDITOR sees only its own drafts and cannot touch another's", async () => {
      const own = await t.gql(DRAFTS, {}, otherEditor);
      expect(own.errors).toBeUndefined();
      expect(own.data.drafts.every((d: { submittedBy: string }) => d.submittedBy === 'ed-boris')).toBe(true);
      expect((await t.gql(DRAFT, { id: draftId }, otherEditor)).data.draft).toBeNull();
      const input = { streamId: `call-${uuid()}`, events: [callHeld()] };
      expect(errorOf(await t.gql(REVISE, { id: draftId, input }, otherEditor)).code).toBe('NOT_FOUND');
      expect(errorOf(await t.gql(WITHDRAW, { id: draftId }, otherEditor)).code).toBe('NOT_FOUND');
      // An ADMIN sees every draft, but revising or withdrawing is its submitter's alone.
      expect((await t.gql(DRAFT, { id: draftId }, reviewer)).data.draft.submittedBy).toBe('ed-anna');
      expect(errorOf(await t.gql(REVISE, { id: draftId, input }, reviewer)).code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(WITHDRAW, { id: draftId }, reviewer)).code).toBe('FORBIDDEN');
      expect((await t.gql(DRAFT, { id: draftId }, editor)).data.draft).toMatchObject({ status: 'PENDING' });
    });

    it('Query.me tells a client its key and role', async () => {
      expect((await t.gql('{ me { name role } }', {}, editor)).data.me).toEqual({ name: 'ed-anna', role: 'EDITOR' });
      expect((await t.gql('{ me { name role } }', {}, null)).data.me).toBeNull();
    });
  });

  it('revise keeps every revision with who and when; withdraw ends it', async () => {
    const streamId = `statement-${uuid()}`;
    const first = await submitDraft(t, editor, { streamId, events: [statementMade({ text: 'First wording' })] });
    const revised = await t.gql(
      REVISE,
      { id: first.id, input: { streamId, events: [statementMade({ text: 'Second wording' })], note: 'fixed quote' } },
      editor,
    );
    expect(revised.errors).toBeUndefined();
    const draft = revised.data.reviseDraft;
    expect(draft.status).toBe('PENDING');
    expect(draft.events[0].data.text).toBe('Second wording');
    expect(draft.preview[0].summary).toMatch(/Second wording/);
    expect(draft.revisions.map((r: any) => [r.revision, r.by, r.events[0].data.text, r.note])).toEqual([
      [1, 'ed-anna', 'First wording', null],
      [2, 'ed-anna', 'Second wording', 'fixed quote'],
    ]);
    // A bad revision changes nothing.
    const bad = await t.gql(REVISE, { id: first.id, input: { streamId, events: [] } }, editor);
    expect(errorOf(bad)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['events'] });
    expect((await t.gql(DRAFT, { id: first.id }, editor)).data.draft.revisions).toHaveLength(2);

    const withdrawn = await t.gql(WITHDRAW, { id: first.id, reason: 'duplicate of another draft' }, editor);
    expect(withdrawn.data.withdrawDraft).toMatchObject({
      status: 'WITHDRAWN',
      reason: 'duplicate of another draft',
      reviewedBy: 'ed-anna',
      reviewedAt: expect.any(String),
    });
    expect(withdrawn.data.withdrawDraft.history.map((h: any) => [h.action, h.actor])).toEqual([
      ['SUBMITTED', 'ed-anna'],
      ['REVISED', 'ed-anna'],
      ['WITHDRAWN', 'ed-anna'],
    ]);
    expect(
      errorOf(await t.gql(REVISE, { id: first.id, input: { streamId, events: [statementMade()] } }, editor)).code,
    ).toBe('CONFLICT');
    expect(errorOf(await approveDraft(t, reviewer, first.id)).code).toBe('CONFLICT');
    expect(await eventsOf(streamId)).toEqual([]);
  });

  it('approval appends all or nothing, recorded with the submitter and the reviewer', async () => {
    const streamId = `call-${uuid()}`;
    const draft = await submitDraft(t, editor, {
      streamId,
      expectedVersion: 0,
      events: [callHeld(), statementMade({ text: 'Readout: both sides agreed to talk again' })],
    });
    const res = await approveDraft(t, reviewer, draft.id);
    expect(res.errors).toBeUndefined();
    const approved = res.data.approveDraft;
    expect(approved).toMatchObject({ status: 'APPROVED', reviewedBy: 'rev-clara', reason: null });
    expect(approved.appended).toMatchObject({ streamId, streamVersion: 2, appended: true });
    expect(approved.appended.events).toEqual([
      {
        id: draft.events[0].id,
        streamVersion: 1,
        appendedBy: 'ed-anna',
        approvedBy: 'rev-clara',
        correlationId: draft.id,
      },
      {
        id: draft.events[1].id,
        streamVersion: 2,
        appendedBy: 'ed-anna',
        approvedBy: 'rev-clara',
        correlationId: draft.id,
      },
    ]);
    expect(approved.history.map((h: any) => h.action)).toEqual(['SUBMITTED', 'APPROVED']);
    const stored = await eventsOf(streamId);
    expect(stored.map((row) => [row.id, row.metadata.appendedBy, row.metadata.approvedBy])).toEqual([
      [draft.events[0].id, 'ed-anna', 'rev-clara'],
      [draft.events[1].id, 'ed-anna', 'rev-clara'],
    ]);
    // Decided: a second decision is refused, and the database refuses to change it.
    expect(errorOf(await approveDraft(t, thirdAdmin, draft.id)).code).toBe('CONFLICT');
    expect(errorOf(await t.gql(REJECT, { id: draft.id, reason: 'late' }, thirdAdmin)).code).toBe('CONFLICT');
    await expect(db.query(`UPDATE drafts SET status = 'REJECTED' WHERE id = $1`, [draft.id])).rejects.toThrow(
      /a decided draft does not change/,
    );
  });

  it('nobody approves or rejects their own draft, not even through the database', async () => {
    const streamId = `call-${uuid()}`;
    const own = await submitDraft(t, reviewer, { streamId, events: [callHeld()] });
    const self = await approveDraft(t, reviewer, own.id);
    expect(errorOf(self).code).toBe('FORBIDDEN');
    expect(errorOf(self).message).toMatch(/two-person rule/);
    expect(errorOf(await t.gql(REJECT, { id: own.id, reason: 'mine' }, reviewer)).code).toBe('FORBIDDEN');
    expect((await t.gql(DRAFT, { id: own.id }, reviewer)).data.draft.status).toBe('PENDING');
    expect(await eventsOf(streamId)).toEqual([]);
    await expect(
      db.query(
        `UPDATE drafts SET status = 'APPROVED', reviewed_by = submitted_by, reviewed_at = now(),
                appended = '{}'::jsonb WHERE id = $1`,
        [own.id],
      ),
    ).rejects.toThrow(/check constraint/);
    // Another ADMIN may: the ADMIN's draft is then appended in its name, approved by the other.
    const approved = (await approveDraft(t, thirdAdmin, own.id)).data.approveDraft;
    expect(approved.appended.events[0]).toMatchObject({ appendedBy: 'rev-clara', approvedBy: 'rev-dmytro' });
  });

  it('what is approved is what was reviewed: a draft revised since the revision read is refused', async () => {
    const streamId = `statement-${uuid()}`;
    const draft = await submitDraft(t, editor, { streamId, events: [statementMade({ text: 'As first read' })] });
    expect(draft.revision).toBe(1);
    // The submitter swaps the content while the reviewer reads revision 1.
    await t.gql(REVISE, { id: draft.id, input: { streamId, events: [statementMade({ text: 'Swapped' })] } }, editor);
    const stale = await t.gql(APPROVE_REVISION, { id: draft.id, revision: 1 }, reviewer);
    expect(errorOf(stale).code).toBe('CONFLICT');
    expect(errorOf(stale).message).toMatch(/at revision 2, not the revision 1 you reviewed/);
    expect(errorOf(await t.gql(REJECT, { id: draft.id, reason: 'x', revision: 1 }, reviewer)).code).toBe('CONFLICT');
    expect(await eventsOf(streamId)).toEqual([]);
    const approved = (await t.gql(APPROVE_REVISION, { id: draft.id, revision: 2 }, reviewer)).data.approveDraft;
    expect(approved).toMatchObject({ status: 'APPROVED', revision: 2 });
  });

  it('two approvals at the same moment append once', async () => {
    for (let round = 0; round < 5; round++) {
      const streamId = `call-${uuid()}`;
      const draft = await submitDraft(t, editor, { streamId, events: [callHeld(), statementMade()] });
      const answers = await Promise.all([approveDraft(t, reviewer, draft.id), approveDraft(t, thirdAdmin, draft.id)]);
      const codes = answers.map((a) => a.errors?.[0]?.extensions?.code ?? 'OK').sort();
      expect(codes).toEqual(['CONFLICT', 'OK']);
      expect(await eventsOf(streamId)).toHaveLength(2);
      const history = (await t.gql(DRAFT, { id: draft.id }, reviewer)).data.draft.history;
      expect(history.filter((h: any) => h.action === 'APPROVED')).toHaveLength(1);
    }
  });

  it('a stale expected version is refused and the draft stays PENDING, to be revised', async () => {
    const streamId = `call-${uuid()}`;
    const draft = await submitDraft(t, editor, { streamId, expectedVersion: 0, events: [callHeld()] });
    await appendEvents(t, { streamId, events: [callHeld()] });
    const refused = await approveDraft(t, reviewer, draft.id);
    expect(errorOf(refused).code).toBe('WRONG_EXPECTED_VERSION');
    expect(refused.errors?.[0].extensions).toMatchObject({ expectedVersion: 0, actualVersion: 1 });
    const after = (await t.gql(DRAFT, { id: draft.id }, editor)).data.draft;
    expect(after).toMatchObject({ status: 'PENDING', reviewedBy: null, appended: null });
    expect(after.history.map((h: any) => h.action)).toEqual(['SUBMITTED']);
    expect(await eventsOf(streamId)).toHaveLength(1);
    // Revised to the stream's version, it goes through.
    const revised = await t.gql(
      REVISE,
      { id: draft.id, input: { streamId, expectedVersion: 1, events: after.events } },
      editor,
    );
    expect(revised.errors).toBeUndefined();
    expect((await approveDraft(t, reviewer, draft.id)).data.approveDraft.appended.streamVersion).toBe(2);
  });

  it('a submission is checked against the log as it is: a stale version is refused at once', async () => {
    const streamId = `call-${uuid()}`;
    await appendEvents(t, { streamId, events: [callHeld()] });
    const res = await t.gql(SUBMIT, { input: { streamId, expectedVersion: 0, events: [callHeld()] } }, editor);
    expect(errorOf(res).code).toBe('WRONG_EXPECTED_VERSION');
  });

  it('rejection needs a reason and a reviewer other than the submitter', async () => {
    const draft = await submitDraft(t, editor, { streamId: `call-${uuid()}`, events: [callHeld()] });
    const noReason = await t.gql(REJECT, { id: draft.id, reason: '   ' }, reviewer);
    expect(errorOf(noReason)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['reason'] });
    const rejected = (await t.gql(REJECT, { id: draft.id, reason: 'single source, not corroborated' }, reviewer)).data
      .rejectDraft;
    expect(rejected).toMatchObject({
      status: 'REJECTED',
      reviewedBy: 'rev-clara',
      reason: 'single source, not corroborated',
      appended: null,
    });
    expect(rejected.history.map((h: any) => [h.action, h.actor, h.reason])).toEqual([
      ['SUBMITTED', 'ed-anna', null],
      ['REJECTED', 'rev-clara', 'single source, not corroborated'],
    ]);
  });

  it('drafts are listed oldest first, paged, by status', async () => {
    const mine = [];
    for (let i = 0; i < 3; i++)
      mine.push((await submitDraft(t, otherEditor, { streamId: `call-${uuid()}`, events: [callHeld()] })).id);
    const page1 = (await t.gql(DRAFTS, { status: ['PENDING'], first: 2 }, otherEditor)).data.drafts;
    const page2 = (await t.gql(DRAFTS, { status: ['PENDING'], first: 2, after: page1[1].id }, otherEditor)).data.drafts;
    const ids = [...page1, ...page2].map((d: { id: string }) => d.id);
    expect(ids.slice(-3)).toEqual(mine);
    const all = (await t.gql(DRAFTS, { first: 100 }, reviewer)).data.drafts;
    expect(new Set(all.map((d: { submittedBy: string }) => d.submittedBy))).toEqual(
      new Set(['ed-anna', 'ed-boris', 'rev-clara']),
    );
    const approvedOnly = (await t.gql(DRAFTS, { status: ['APPROVED'] }, reviewer)).data.drafts;
    expect(approvedOnly.length).toBeGreaterThan(0);
    expect(approvedOnly.every((d: { status: string }) => d.status === 'APPROVED')).toBe(true);
    for (const [args, path] of [
      [{ first: 0 }, 'first'],
      [{ first: 101 }, 'first'],
      [{ after: 'not-an-id' }, 'after'],
      [{ after: uuid() }, 'after'],
    ] as const)
      expect(errorOf(await t.gql(DRAFTS, args, reviewer))).toMatchObject({ code: 'BAD_USER_INPUT', paths: [path] });
    expect(errorOf(await t.gql(DRAFTS, { first: 101 }, reviewer)).message).toBe('first: must be 1-100');
    expect(errorOf(await t.gql(DRAFT, { id: 'nope' }, reviewer))).toMatchObject({ code: 'BAD_USER_INPUT' });
    // A page of whole drafts weighs what their events do: the operation limits refuse too many at once.
    const heavy = await t.gql(
      `{ drafts(first: 100) { events preview { summary } revisions { events } } }`,
      {},
      reviewer,
    );
    expect(errorOf(heavy).code).toBe('BAD_USER_INPUT');
    expect(errorOf(heavy).message).toMatch(/cost/i);
    expect((await t.gql(DRAFT, { id: uuid() }, reviewer)).data.draft).toBeNull();
  });

  it('the revisions and the audit of drafts are append-only; drafts are never deleted', async () => {
    const draft = await submitDraft(t, editor, { streamId: `call-${uuid()}`, events: [callHeld()] });
    await expect(db.query('UPDATE draft_audit SET actor = $1', ['someone-else'])).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM draft_audit')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE draft_audit CASCADE')).rejects.toThrow(/append-only|drafts are kept/);
    await expect(db.query('UPDATE draft_revisions SET note = $1', ['rewritten'])).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM drafts WHERE id = $1', [draft.id])).rejects.toThrow(/drafts are kept/);
    await expect(db.query(`UPDATE drafts SET submitted_by = 'rev-clara' WHERE id = $1`, [draft.id])).rejects.toThrow(
      /keeps its id and submitter/,
    );
  });

  describe('appendEvents(validateOnly: true)', () => {
    it('answers what would be appended and writes nothing anywhere', async () => {
      const streamId = `call-${uuid()}`;
      await appendEvents(t, { streamId, events: [callHeld()] });
      await projectionsCaughtUp(db);
      const before = await dumpAllTables(db);
      const res = await t.gql(
        `mutation($input: AppendEventsInput!) {
          appendEvents(input: $input, validateOnly: true) {
            streamId streamVersion lastPosition appended
            events { id type streamVersion position summary cameoCode actors { id } appendedBy approvedBy }
          }
        }`,
        { input: { streamId, expectedVersion: 1, events: [statementMade(), callHeld()] } },
      );
      expect(res.errors).toBeUndefined();
      const head = Number((await db.query('SELECT last_position AS p FROM log_head')).rows[0].p);
      expect(res.data.appendEvents).toMatchObject({
        streamId,
        streamVersion: 3,
        lastPosition: String(head + 2),
        appended: false,
      });
      expect(res.data.appendEvents.events).toEqual([
        expect.objectContaining({
          type: 'STATEMENT_MADE',
          streamVersion: 2,
          position: String(head + 1),
          summary: expect.any(String),
          cameoCode: '010',
          appendedBy: 'test-admin',
          approvedBy: 'test-admin',
        }),
        expect.objectContaining({ type: 'CALL_HELD', streamVersion: 3, position: String(head + 2) }),
      ]);
      expect(await dumpAllTables(db)).toEqual(before);
      // Refusals are the append's own, and write nothing either.
      const stale = await t.gql(
        `mutation($input: AppendEventsInput!) { appendEvents(input: $input, validateOnly: true) { appended } }`,
        { input: { streamId, expectedVersion: 0, events: [callHeld()] } },
      );
      expect(errorOf(stale).code).toBe('WRONG_EXPECTED_VERSION');
      const bad = await t.gql(
        `mutation($input: AppendEventsInput!) { appendEvents(input: $input, validateOnly: true) { appended } }`,
        { input: { streamId, events: [callHeld({ participants: ['trump', 'ghost'] })] } },
      );
      expect(errorOf(bad)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['events[0].data.participants[1]'] });
      expect(await dumpAllTables(db)).toEqual(before);
    });
  });
});

describe('REQUIRE_REVIEW=true', () => {
  let t: TestApp;
  let editor: string;
  let reviewer: string;
  beforeAll(async () => {
    t = await startTestApp({ REQUIRE_REVIEW: 'true' });
    await registerActors(t);
    editor = await createKey(t, 'ed-anna', 'EDITOR');
    reviewer = await createKey(t, 'rev-clara', 'ADMIN');
  });
  afterAll(() => t?.close());

  it('turns off direct appends and imports: every event passes through review', async () => {
    const streamId = `call-${uuid()}`;
    const direct = await t.gql(`mutation($input: AppendEventsInput!) { appendEvents(input: $input) { appended } }`, {
      input: { streamId, events: [callHeld()] },
    });
    expect(errorOf(direct).code).toBe('FORBIDDEN');
    expect(errorOf(direct).message).toMatch(/REQUIRE_REVIEW/);
    const imported = await fetch(`${t.url}/import/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.adminKey}`, 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify({ streamId, event: callHeld() })}\n`,
    });
    expect(imported.status).toBe(403);
    // Checking still works, and so does review.
    const check = await t.gql(
      `mutation($input: AppendEventsInput!) { appendEvents(input: $input, validateOnly: true) { appended } }`,
      { input: { streamId, events: [callHeld()] } },
    );
    expect(check.data.appendEvents.appended).toBe(false);
    const draft = await submitDraft(t, editor, { streamId, events: [callHeld()] });
    const approved = (await approveDraft(t, reviewer, draft.id)).data.approveDraft;
    expect(approved.appended.events[0]).toMatchObject({ appendedBy: 'ed-anna', approvedBy: 'rev-clara' });
    const log = await t.gql(`{ events { totalCount edges { node { appendedBy approvedBy } } } }`);
    expect(log.data.events.totalCount).toBe(1);
  });
});
