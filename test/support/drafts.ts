/** Drafts over GraphQL for the tests: keys of each role, the review's operations, and a dump of every table. */
import type pg from 'pg';
import type { RawEvent } from './fixtures.js';
import type { GraphqlResponse, TestApp } from './test-app.js';

/** A new key of `role` named `name`, through createApiKey with the app's admin key; its secret. */
export async function createKey(t: TestApp, name: string, role: 'READER' | 'EDITOR' | 'ADMIN'): Promise<string> {
  const res = await t.gql(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { role } } }`,
    { input: { name, role } },
  );
  if (res.errors) throw new Error(`createApiKey(${name}) failed: ${JSON.stringify(res.errors)}`);
  return res.data.createApiKey.key as string;
}

export const DRAFT_FIELDS = `
  id streamId expectedVersion events note status revision submittedBy submittedAt reviewedBy reviewedAt reason
  preview { id type streamId streamVersion position summary cameoCode actors { id } appendedBy approvedBy correlationId }
  revisions { revision at by streamId expectedVersion events note }
  history { action actor at reason }
  appended { streamId streamVersion lastPosition appended events { id streamVersion appendedBy approvedBy correlationId } }
`;

export interface DraftInputVars {
  streamId: string;
  expectedVersion?: number | null;
  events: RawEvent[];
  note?: string | null;
}

export const SUBMIT = `mutation($input: SubmitDraftInput!) { submitDraft(input: $input) { ${DRAFT_FIELDS} } }`;
export const REVISE = `mutation($id: ID!, $input: SubmitDraftInput!) { reviseDraft(id: $id, input: $input) { ${DRAFT_FIELDS} } }`;
export const WITHDRAW = `mutation($id: ID!, $reason: String) { withdrawDraft(id: $id, reason: $reason) { ${DRAFT_FIELDS} } }`;
export const APPROVE = `mutation($id: ID!) { approveDraft(id: $id) { ${DRAFT_FIELDS} } }`;
export const REJECT = `mutation($id: ID!, $reason: String!, $revision: Int) { rejectDraft(id: $id, reason: $reason, revision: $revision) { ${DRAFT_FIELDS} } }`;
export const DRAFT = `query($id: ID!) { draft(id: $id) { ${DRAFT_FIELDS} } }`;
export const DRAFTS = `query($status: [DraftStatus!], $first: Int, $after: String) {
  drafts(status: $status, first: $first, after: $after) { id status submittedBy }
}`;

export async function submitDraft(t: TestApp, key: string, input: DraftInputVars): Promise<any> {
  const res = await t.gql(SUBMIT, { input }, key);
  if (res.errors) throw new Error(`submitDraft failed: ${JSON.stringify(res.errors)}`);
  return res.data.submitDraft;
}

export function approveDraft(t: TestApp, key: string, id: string): Promise<GraphqlResponse> {
  return t.gql(APPROVE, { id }, key);
}

/**
 * Every table of the public schema, rows in a stable order, as text: equal dumps mean nothing was
 * written anywhere (the log, its head, drafts, audits, read models, checkpoints, keys). The
 * projector's lease is dumped without `renewed_at`, which its heartbeat moves every few seconds.
 */
export async function dumpAllTables(client: pg.Client): Promise<Record<string, string>> {
  const tables = (
    await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
  ).rows.map((row) => row.tablename as string);
  const dump: Record<string, string> = {};
  for (const table of tables) {
    dump[table] = (
      await client.query(
        `SELECT coalesce(jsonb_agg(r ORDER BY r::text), '[]')::text AS s
           FROM (SELECT to_jsonb(t) - ${table === 'projector_lease' ? "'renewed_at'" : "''"} AS r FROM "${table}" t) AS rows`,
      )
    ).rows[0].s as string;
  }
  return dump;
}
