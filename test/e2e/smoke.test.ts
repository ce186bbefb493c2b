import { type TestApp, startTestApp } from '../support/test-app.js';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('registers actors and appends and reads an event', async () => {
    const reg = await t.gql(
      `mutation { a: registerActor(input:{id:"russia", name:"Russia", kind: STATE}) { id } b: registerActor(input:{id:"putin", name:"Vladimir Putin", kind: PERSON, represents:"russia"}) { id represents { id } } }`,
    );
    expect(reg.errors).toBeUndefined();
    const res = await t.gql(
      `mutation($input: AppendEventsInput!) { appendEvents(input: $input) { streamVersion lastPosition events { id position ... on StatementMade { speaker { id } text } } } }`,
      {
        input: {
          streamId: 'statement-x',
          expectedVersion: 0,
          events: [
            {
              type: 'STATEMENT_MADE',
              occurredAt: '2025-03-18T10:00:00Z',
              data: { speaker: 'putin', text: 'hello' },
              sources: [{ publisher: 'Test' }],
            },
          ],
        },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.appendEvents.lastPosition).toBe('1');
    const read = await t.gql(
      `{ events(filter:{actorIds:["russia"]}) { totalCount edges { node { summary } } } }`,
      {},
      null,
    );
    expect(read.data.events.totalCount).toBe(1);
  });
});
