/**
 * The agreement cards of the timeline page in Chromium, compared with what the GraphQL API
 * answers, on the demo timeline plus agreements appended here through the API (May 2025, made up
 * for the test): a card for every agreement of every kind, its state (CONDITIONALLY_AGREED reads
 * as not agreed), each party's stance with its conditions pending and how long it has waited;
 * counter-proposal links both ways that bring the other card into view and give it the focus
 * (mouse and keyboard); implementation progress bars with their numbers; the "as of" slider
 * moving a card across a conditional acceptance; live updates (conditions met, the exchange
 * completed) without a reload; axe-core on the cards, a phone's width, and no console error.
 * Run by `npm run test:browser`.
 */
import {
  type RawEvent,
  appendEvents,
  conditionsMet,
  implementationReported,
  proposalAccepted,
  proposalMade,
  registerActors,
  source,
  agreementReached,
} from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { axeViolations } from './axe.js';
import { type Browsing, LAPTOP, PHONE, settlesTo, viewParams } from './browser-support.js';
import { demoInBrowser } from './demo-in-browser.js';
import { type ApiAgreement, apiAgreements } from './timeline-api.js';
import {
  activeElement,
  agreementCard,
  expectNoErrorBanner,
  overlapsIn,
  pageOverflow,
  readCard,
  waitForLive,
} from './timeline-page-readers.js';

const BLACK_SEA = 'proposal-black-sea';
const THIRTY_DAYS = 'proposal-browser-30-day-ceasefire';
const TALKS = 'proposal-browser-direct-talks';
const EXCHANGE = 'agreement-browser-prisoner-exchange';
const ENERGY = 'proposal-browser-energy-pause';

const demo = demoInBrowser();
let t: TestApp;
let browsing: Browsing;

const at = (occurredAt: string) => ({
  occurredAt,
  occurredPrecision: 'HOUR' as const,
  sources: [source({ publisher: 'Browser test wire' })],
});
const prisoners = (count: number, from: string, to: string) => ({ what: 'prisoners of war', count, from, to });

async function append(streamId: string, ...events: RawEvent[]): Promise<string> {
  return (await appendEvents(t, { streamId, events })).lastPosition;
}

beforeAll(async () => {
  ({ t, browsing } = demo);
  await registerActors(t, [
    { id: 'turkey', name: 'Türkiye', kind: 'STATE' },
    { id: 'fidan', name: 'Hakan Fidan', kind: 'PERSON', represents: 'turkey' },
  ]);
  // A 30-day ceasefire proposed by Zelensky (so Ukraine accepted by proposing); Russia answers with
  // a counter-proposal of direct talks, mediated by Türkiye, and stays silent on the ceasefire.
  await append(
    THIRTY_DAYS,
    proposalMade(
      {
        proposers: ['zelensky'],
        title: 'A 30-day ceasefire (browser test)',
        terms: { kind: 'CEASEFIRE', scope: 'COMPREHENSIVE', durationDays: 30 },
        backers: ['us'],
      },
      at('2025-05-10T12:00:00Z'),
    ),
  );
  await append(
    TALKS,
    proposalMade(
      {
        proposers: ['putin'],
        title: 'Direct talks instead (browser test)',
        terms: { kind: 'OTHER', text: 'Direct talks without preconditions.' },
        counterTo: THIRTY_DAYS,
        mediators: ['turkey'],
      },
      at('2025-05-11T00:00:00Z'),
    ),
  );
  // A prisoner exchange agreed, then carried out in two stages: 697 of 1,000 each way.
  await append(
    EXCHANGE,
    agreementReached(
      {
        parties: ['ukraine', 'russia'],
        title: '1,000-for-1,000 exchange (browser test)',
        terms: {
          kind: 'PRISONER_EXCHANGE',
          quantities: [prisoners(1000, 'russia', 'ukraine'), prisoners(1000, 'ukraine', 'russia')],
        },
        mediators: ['fidan'],
        effectiveFrom: undefined,
        effectiveUntil: undefined,
        unilateral: undefined,
      },
      at('2025-05-16T15:00:00Z'),
    ),
    implementationReported(
      {
        reportedBy: 'zelensky',
        stage: 'first',
        quantities: [prisoners(390, 'russia', 'ukraine'), prisoners(390, 'ukraine', 'russia')],
        text: '390 for 390',
      },
      at('2025-05-23T12:00:00Z'),
    ),
    implementationReported(
      {
        reportedBy: 'zelensky',
        stage: 'second',
        quantities: [prisoners(307, 'russia', 'ukraine'), prisoners(307, 'ukraine', 'russia')],
        text: '307 for 307',
      },
      at('2025-05-24T12:00:00Z'),
    ),
  );
  // An energy pause accepted by Ukraine at 06:00 and by Russia at 12:00 on a condition.
  const last = await append(
    ENERGY,
    proposalMade(
      {
        title: 'Energy pause (browser test)',
        terms: { kind: 'CEASEFIRE', scope: 'ENERGY_INFRASTRUCTURE', durationDays: 30 },
      },
      at('2025-05-20T00:00:00Z'),
    ),
    proposalAccepted({ party: 'ukraine' }, at('2025-05-20T06:00:00Z')),
    proposalAccepted({ party: 'kremlin', conditions: ['a halt to foreign military aid'] }, at('2025-05-20T12:00:00Z')),
  );
  // The page reads the read models as they are when it opens: they must have reached these appends
  // first (on a loaded machine the projector was still behind, and the page drew 2 cards of 6).
  await apiAgreements(t, null, last);
});

/**
 * The card's reading that the API's answer calls for. Now (`asOf` null) a silent party's wait grows
 * with the clock: only that it is shown is compared.
 */
function expectedCard(agreement: ApiAgreement, ceasefireState: string | undefined, asOf: string | null) {
  return {
    state: ceasefireState ?? agreement.state,
    agreementState: agreement.state,
    kind: agreement.kind,
    stances: agreement.parties.map((p) => ({
      actor: p.actor.id,
      stance: p.stance,
      pending: p.conditionsPending,
      pendingFor: p.pendingFor
        ? asOf === null
          ? expect.stringMatching(/^· waiting \S/)
          : `· waiting ${p.pendingFor.text}`
        : null,
      counterTo: p.counterProposal?.id ?? null,
    })),
    counterTo: agreement.counterTo?.id ?? null,
    counterProposals: agreement.counterProposals.map((a) => a.id),
  };
}

/** Every card as the API has the agreements at `asOf`. */
async function expectCardsAsTheApi(page: Parameters<typeof readCard>[0], asOf: string | null): Promise<void> {
  const { agreements, ceasefires } = await apiAgreements(t, asOf);
  const ceasefireStates = new Map(ceasefires.map((c) => [c.id, c.state]));
  expect(await page.locator('#agreements article.card[data-agreement-state]').count()).toBe(agreements.length);
  for (const agreement of agreements)
    await settlesTo(
      async () => {
        const card = await readCard(page, agreement.id);
        return {
          state: card.state,
          agreementState: card.agreementState,
          kind: card.kind,
          stances: card.stances,
          counterTo: card.counterTo,
          counterProposals: card.counterProposals,
        };
      },
      expectedCard(agreement, ceasefireStates.get(agreement.id), asOf),
    );
}

describe('agreement cards', () => {
  it('every agreement the API lists has one card, ceasefires included, with its kind, state and stances', async () => {
    const page = await browsing.open('/');
    const { agreements } = await apiAgreements(t);
    expect(agreements.map((a) => a.kind).sort()).toEqual([
      'CEASEFIRE',
      'CEASEFIRE',
      'CEASEFIRE',
      'CEASEFIRE',
      'OTHER',
      'PRISONER_EXCHANGE',
    ]);
    await expectCardsAsTheApi(page, null);
    // One card per subject: the ceasefires are not drawn a second time.
    expect(await page.locator('#agreements article.card').count()).toBe(agreements.length);
    expect(await page.locator(`#agreements article.card[data-ceasefire-id="${BLACK_SEA}"]`).count()).toBe(1);
    await expectNoErrorBanner(page);
  });

  it("the Black Sea ceasefire reads as not agreed, with Russia's conditions pending as the API has them", async () => {
    const page = await browsing.open('/');
    const blackSea = (await apiAgreements(t)).agreements.find((a) => a.id === BLACK_SEA)!;
    expect(blackSea.state).toBe('CONDITIONALLY_AGREED');
    const card = await readCard(page, BLACK_SEA);
    expect(card.state).toBe('CONDITIONALLY_AGREED');
    expect(card.badge).toBe('not agreed: conditions pending');
    expect(card.warning).toMatch(/^Not agreed: every party accepted, but Russia only on conditions not yet met\./);
    expect(card.warning).toMatch(/not in force/);
    const russia = card.stances.find((s) => s.actor === 'russia')!;
    expect(russia.stance).toBe('CONDITIONALLY_ACCEPTED');
    expect(russia.pending).toEqual(blackSea.parties.find((p) => p.actor.id === 'russia')!.conditionsPending);
    expect(russia.pending.join(' ')).toMatch(/Rosselkhozbank/);
    expect(await page.locator(agreementCard(BLACK_SEA)).textContent()).not.toMatch(/\bagreed \d/);
  });

  it('a counter-proposal links both ways; a link brings its card into view and gives it the focus', async () => {
    const page = await browsing.open('/');
    const thirty = await readCard(page, THIRTY_DAYS);
    const talks = await readCard(page, TALKS);
    // Russia answered the ceasefire with the talks, and has been silent on it since.
    expect(thirty.stances.find((s) => s.actor === 'russia')).toMatchObject({
      stance: 'PENDING',
      counterTo: TALKS,
      pendingFor: expect.stringMatching(/^· waiting \S/),
    });
    expect(thirty.stances.find((s) => s.actor === 'ukraine')).toMatchObject({ stance: 'ACCEPTED' });
    expect(thirty.counterProposals).toEqual([TALKS]);
    expect(talks.counterTo).toBe(THIRTY_DAYS);
    expect(await page.locator(agreementCard(TALKS)).textContent()).toContain('Mediated by Türkiye');
    expect(await page.locator(agreementCard(THIRTY_DAYS)).textContent()).toContain('Backed by United States');

    // Mouse: Russia's counter-proposal, from the ceasefire's card.
    await page.click(`${agreementCard(THIRTY_DAYS)} li[data-actor-id="russia"] [data-show-agreement="${TALKS}"]`);
    await settlesTo(async () => (await activeElement(page)).id, `agreement-${TALKS}`);
    expect(await page.locator(agreementCard(TALKS)).isVisible()).toBe(true);
    expect(await inViewport(page, agreementCard(TALKS))).toBe(true);

    // Keyboard: back to what it answers.
    await page.focus(`${agreementCard(TALKS)} [data-counter-to] [data-show-agreement]`);
    await page.keyboard.press('Enter');
    await settlesTo(async () => (await activeElement(page)).id, `agreement-${THIRTY_DAYS}`);
    expect(await inViewport(page, agreementCard(THIRTY_DAYS))).toBe(true);
  });

  it('the implementation is a progress bar per quantity with its numbers, as the API reports them', async () => {
    const page = await browsing.open('/');
    const exchange = (await apiAgreements(t)).agreements.find((a) => a.id === EXCHANGE)!;
    expect(exchange.implementation.status).toBe('IN_PROGRESS');
    const card = await readCard(page, EXCHANGE);
    expect(card.implementationStatus).toBe('IN_PROGRESS');
    expect(card.implementationText).toBe('in progress since 23 May 2025, 12:00 UTC');
    expect(card.progress).toEqual(
      exchange.implementation.progress.map((p) => {
        const text = `${p.reported.toLocaleString('en')} / ${p.agreed!.toLocaleString('en')} ${p.what}, ${p.from!.name} → ${p.to!.name}`;
        return { text, value: p.reported, max: p.agreed, label: text };
      }),
    );
    expect(card.progress.map((p) => p.text)).toEqual([
      '697 / 1,000 prisoners of war, Russia → Ukraine',
      '697 / 1,000 prisoners of war, Ukraine → Russia',
    ]);
    // Each report opens its event.
    expect(await page.locator(`${agreementCard(EXCHANGE)} .reports [data-open-event]`).count()).toBe(2);
  });

  it('the "as of" slider moves a card across a conditional acceptance, as the API has it at each moment', async () => {
    const afterAcceptance = '2025-05-20T13:00:00.000Z';
    const page = await browsing.open(`/?asOf=${afterAcceptance}`);
    await expectCardsAsTheApi(page, afterAcceptance);
    expect(await readCard(page, ENERGY)).toMatchObject({
      state: 'CONDITIONALLY_AGREED',
      badge: 'not agreed: conditions pending',
    });

    // Two hours back with the keyboard: before Russia's conditional acceptance (12:00), after Ukraine's.
    await page.focus('#as-of');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    const before = '2025-05-20T11:00:00.000Z';
    await settlesTo(() => viewParams(page).get('asOf'), before);
    await settlesTo(async () => (await readCard(page, ENERGY)).state, 'PARTIALLY_ACCEPTED');
    await expectCardsAsTheApi(page, before);
    const russia = (await readCard(page, ENERGY)).stances.find((s) => s.actor === 'russia')!;
    expect(russia).toMatchObject({
      stance: 'PENDING',
      pending: [],
      pendingFor: expect.stringMatching(/^· waiting \S/),
    });

    // Before 25 March the Black Sea card says it was not yet proposed; at the end (now), conditionally agreed.
    await page.keyboard.press('Home');
    await settlesTo(async () => (await readCard(page, BLACK_SEA)).state, 'NOT_YET_PROPOSED');
    expect(await page.locator(agreementCard(BLACK_SEA)).textContent()).toContain('Not yet proposed at this moment');
    await page.keyboard.press('End');
    await settlesTo(() => viewParams(page).has('asOf'), false);
    await settlesTo(async () => (await readCard(page, ENERGY)).state, 'CONDITIONALLY_AGREED');
    await expectCardsAsTheApi(page, null);
  });

  it('cards have no axe-core violations and fit a phone, with nothing running into anything', async () => {
    for (const options of [LAPTOP, PHONE]) {
      const page = await browsing.open('/', { ...options, bypassCSP: true });
      const width = options.viewport?.width;
      expect({ width, violations: await axeViolations(page) }).toEqual({ width, violations: [] });
      const overflow = await pageOverflow(page);
      expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);
      expect({ width, overlaps: await overlapsIn(page, `${agreementCard(EXCHANGE)} .progress-list`) }).toEqual({
        width,
        overlaps: [],
      });
    }
  });
});

// Last: these change the agreements for good.
describe('live updates', () => {
  it('conditions met and the exchange completed, appended through the API, change the cards without a reload', async () => {
    const page = await browsing.open('/');
    await waitForLive(page);
    await page.evaluate(() => ((globalThis as any).__sameDocument = true));

    const met = await append(
      ENERGY,
      conditionsMet(
        { party: 'russia', conditions: ['a halt to foreign military aid'], text: 'the aid was halted' },
        at('2025-05-21T09:00:00Z'),
      ),
    );
    // Agreed once its last condition was met: in force, or expired by now (30 days), as the API says.
    const energy = (await apiAgreements(t, null, met)).ceasefires.find((c) => c.id === ENERGY)!;
    expect(['AGREED', 'IN_FORCE', 'EXPIRED']).toContain(energy.state);
    await settlesTo(async () => (await readCard(page, ENERGY)).state, energy.state, 5_000);
    const russia = page.locator(`${agreementCard(ENERGY)} li[data-actor-id="russia"]`);
    expect(await russia.getAttribute('data-stance')).toBe('ACCEPTED');
    expect(await russia.locator('.conditions-met').textContent()).toBe(
      'Conditions met 21 May 2025, 09:00 UTC: a halt to foreign military aid',
    );
    expect(await readCard(page, ENERGY)).toMatchObject({ warning: null });

    const completed = await append(
      EXCHANGE,
      implementationReported(
        {
          reportedBy: 'zelensky',
          stage: 'third',
          quantities: [prisoners(303, 'russia', 'ukraine'), prisoners(303, 'ukraine', 'russia')],
          text: '303 for 303: the exchange is complete',
          complete: true,
        },
        at('2025-05-25T12:00:00Z'),
      ),
    );
    await settlesTo(async () => (await readCard(page, EXCHANGE)).implementationStatus, 'COMPLETED', 5_000);
    const card = await readCard(page, EXCHANGE);
    expect(card.implementationText).toBe('completed 25 May 2025, 12:00 UTC (started 23 May 2025, 12:00 UTC)');
    expect(card.progress.map((p) => [p.text, p.value, p.max])).toEqual([
      ['1,000 / 1,000 prisoners of war, Russia → Ukraine', 1000, 1000],
      ['1,000 / 1,000 prisoners of war, Ukraine → Russia', 1000, 1000],
    ]);
    expect(
      (await apiAgreements(t, null, completed)).agreements.find((a) => a.id === EXCHANGE)?.implementation.status,
    ).toBe('COMPLETED');
    await expectCardsAsTheApi(page, null);
    expect(await page.evaluate(() => (globalThis as any).__sameDocument)).toBe(true);
  });
});

/** Whether the element is inside the window (a link brought it into view). */
function inViewport(page: Parameters<typeof readCard>[0], selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((node: any) => {
    const box = node.getBoundingClientRect();
    const view = node.ownerDocument.defaultView;
    return box.top < view.innerHeight && box.bottom > 0;
  });
}
