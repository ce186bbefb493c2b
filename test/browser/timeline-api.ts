/**
 * What the timeline page should show, asked of the GraphQL API directly (without a key, like the
 * page): the events of a filter, one event's sources, the pledges, ceasefires and agreements at a
 * moment. The browser tests compare the page with these answers.
 */
import type { TestApp } from '../support/test-app.js';

export interface ApiEvent {
  id: string;
  type: string;
  streamId: string;
  occurredAt: string;
  occurredPrecision: string;
  retracted: boolean;
  correctedBy: { id: string } | null;
}

export interface ApiSource {
  publisher: string;
  url: string | null;
  quotedText: string | null;
}

export interface ApiReadModels {
  pledges: Array<{ id: string; state: string; violations: Array<{ at: string; event: { id: string } }> }>;
  ceasefires: Array<{
    id: string;
    state: string;
    parties: Array<{ actor: { id: string }; stance: string }>;
    history: Array<{ event: { id: string } | null }>;
  }>;
}

async function read<T>(t: TestApp, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await t.gql<T>(query, variables, null);
  if (res.errors || !res.data)
    throw new Error(`the API refused ${query.trim().slice(0, 80)}…: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/** Every event matching `filter`, retracted ones included (as the page asks). */
export async function apiEvents(t: TestApp, filter: Record<string, unknown> = {}): Promise<ApiEvent[]> {
  const data = await read<{ events: { totalCount: number; edges: Array<{ node: ApiEvent }> } }>(
    t,
    `query($filter: EventFilter) {
      events(first: 500, filter: $filter) { totalCount edges { node { id type streamId occurredAt occurredPrecision retracted correctedBy { id } } } }
    }`,
    { filter: { includeRetracted: true, ...filter } },
  );
  if (data.events.totalCount > 500) throw new Error('more events than one page: page through them');
  return data.events.edges.map((edge) => edge.node);
}

export async function apiEventIds(t: TestApp, filter: Record<string, unknown> = {}): Promise<string[]> {
  return (await apiEvents(t, filter)).map((event) => event.id).sort();
}

/** The one event of a stream of one event (the demo's call, pledge...). */
export async function apiFirstEventOf(t: TestApp, streamId: string): Promise<ApiEvent> {
  const [first] = await apiEvents(t, { streamId });
  if (!first) throw new Error(`no events in stream ${streamId}`);
  return first;
}

export async function apiSources(t: TestApp, eventId: string): Promise<ApiSource[]> {
  const data = await read<{ event: { sources: ApiSource[] } | null }>(
    t,
    `query($id: ID!) { event(id: $id) { sources { publisher url quotedText } } }`,
    { id: eventId },
  );
  if (!data.event) throw new Error(`no event ${eventId}`);
  return data.event.sources;
}

/** The pledges and ceasefires as they stood at `asOf` (null: now). */
export function apiReadModels(t: TestApp, asOf: string | null = null): Promise<ApiReadModels> {
  return read<ApiReadModels>(
    t,
    `query($asOf: DateTime) {
      pledges(asOf: $asOf) { id state violations { at event { id } } }
      ceasefires(asOf: $asOf) { id state parties { actor { id } stance } history { event { id } } }
    }`,
    { asOf },
  );
}

export interface ApiActorRef {
  id: string;
  name: string;
}

export interface ApiAgreement {
  id: string;
  kind: string;
  title: string;
  state: string;
  mediators: ApiActorRef[];
  parties: Array<{
    actor: ApiActorRef;
    stance: string;
    conditions: string[];
    conditionsPending: string[];
    conditionsMetAt: string | null;
    pendingFor: { text: string } | null;
    counterProposal: { id: string } | null;
  }>;
  counterTo: { id: string } | null;
  counterProposals: Array<{ id: string }>;
  implementation: {
    status: string;
    startedAt: string | null;
    completedAt: string | null;
    progress: Array<{
      what: string;
      agreed: number | null;
      reported: number;
      from: ApiActorRef | null;
      to: ApiActorRef | null;
    }>;
  };
}

/**
 * Every agreement (ceasefires included) as it stood at `asOf` (null: now), with the ceasefires'
 * states; `minPosition`: once the read models have reached it (after an append).
 */
export async function apiAgreements(
  t: TestApp,
  asOf: string | null = null,
  minPosition: string | null = null,
): Promise<{ agreements: ApiAgreement[]; ceasefires: Array<{ id: string; state: string }> }> {
  return read(
    t,
    `query($asOf: DateTime, $minPosition: BigInt) {
      agreements(asOf: $asOf, minPosition: $minPosition) {
        id kind title state mediators { id name }
        parties { actor { id name } stance conditions conditionsPending conditionsMetAt pendingFor { text } counterProposal { id } }
        counterTo { id } counterProposals { id }
        implementation { status startedAt completedAt progress { what agreed reported from { id name } to { id name } } }
      }
      ceasefires(asOf: $asOf, minPosition: $minPosition) { id state }
    }`,
    { asOf, minPosition },
  );
}

export interface ApiReadout {
  status: string;
  claimant: ApiActorRef | null;
  event: { id: string; summary: string; text?: string };
  disputes: Array<{ at: string; text: string; by: ApiActorRef; event: { id: string } }>;
}

/** The readouts of a call as the claims ledger had them at `asOf` (null: now), once it has reached `minPosition`. */
export async function apiReadouts(
  t: TestApp,
  callId: string,
  asOf: string | null = null,
  minPosition: string | null = null,
): Promise<ApiReadout[]> {
  const data = await read<{ claims: ApiReadout[] }>(
    t,
    `query($callId: ID!, $asOf: DateTime, $minPosition: BigInt) {
      claims(readoutOf: $callId, asOf: $asOf, minPosition: $minPosition) {
        status claimant { id name } event { id summary ... on StatementMade { text } }
        disputes { at text by { id name } event { id } }
      }
    }`,
    { callId, asOf, minPosition },
  );
  return data.claims;
}

/**
 * What the marks should say at `asOf` (null: now): the events whose claim stands disputed, and the
 * calls the API calls contested (Call.contested), each sorted.
 */
export async function apiClaimMarks(
  t: TestApp,
  asOf: string | null = null,
  minPosition: string | null = null,
): Promise<{ disputed: string[]; contested: string[] }> {
  const { claims } = await read<{ claims: Array<{ event: { id: string } }> }>(
    t,
    `query($asOf: DateTime, $minPosition: BigInt) { claims(status: [DISPUTED], asOf: $asOf, minPosition: $minPosition) { event { id } } }`,
    { asOf, minPosition },
  );
  // Call.contested has no minPosition: asked after the claims, which waited for it.
  const { calls } = await read<{ calls: Array<{ event: { id: string }; contested: boolean }> }>(
    t,
    `query($asOf: DateTime) { calls(asOf: $asOf) { event { id } contested } }`,
    { asOf },
  );
  return {
    disputed: claims.map((c) => c.event.id).sort(),
    contested: calls
      .filter((c) => c.contested)
      .map((c) => c.event.id)
      .sort(),
  };
}

export interface ApiViolationClaim {
  reportedBy: ApiActorRef | null;
  accused: ApiActorRef;
  reports: number;
  claimed: number;
  disputedReports: number;
  inferred: number;
}

/** What each side claims against another in a ceasefire's stream at `asOf` (null: now), once the read models reach `minPosition`. */
export async function apiViolationClaims(
  t: TestApp,
  ceasefireId: string,
  asOf: string | null = null,
  minPosition: string | null = null,
): Promise<ApiViolationClaim[]> {
  const data = await read<{ ceasefire: { violationClaims: ApiViolationClaim[] } | null }>(
    t,
    `query($id: String!, $asOf: DateTime, $minPosition: BigInt) {
      ceasefire(id: $id, asOf: $asOf, minPosition: $minPosition) {
        violationClaims { reportedBy { id name } accused { id name } reports claimed disputedReports inferred }
      }
    }`,
    { id: ceasefireId, asOf, minPosition },
  );
  if (!data.ceasefire) throw new Error(`no ceasefire ${ceasefireId} at ${asOf ?? 'now'}`);
  return data.ceasefire.violationClaims;
}
