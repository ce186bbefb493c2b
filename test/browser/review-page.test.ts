/**
 * The review page (GET /review) in a real headless Chromium, on the real app with the demo
 * timeline and keys of every role (an EDITOR and two ADMINs, made through the API): the key asked
 * for as on the timeline page and the role told; an editor drafting a statement through the form,
 * seeing what was entered and then the service's preview; errors at their fields (the page's own
 * checks, and the API's) with aria-invalid, their message as the field's description and a
 * summary that links to them; the form used from the keyboard alone; an editor revising and
 * withdrawing, and never seeing the queue's actions; an admin reading a draft's sources beside its
 * preview and the stream as it stands, rejecting with a required reason, approving, being refused
 * their own draft and a stale one; the approved event on the timeline page; axe-core finding
 * nothing in each of these states; and no console error or failed request on any page.
 *
 * `npm run test:browser` runs it (after `npm run build`). Chromium: CHROMIUM_PATH, default /usr/bin/chromium.
 */
import { appendEvents, statementMade, uuid } from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { axeViolations } from './axe.js';
import { type Browsing, PHONE, pageShows } from './browser-support.js';
import { demoInBrowser } from './demo-in-browser.js';
import {
  type ApiDraft,
  apiDrafts,
  card,
  createKey,
  field,
  fieldState,
  fillStatement,
  focused,
  focusedClass,
  openReview,
  screenshot,
  storedValues,
  submitStatement,
  tabTo,
} from './review-page-support.js';
import { detailsOpenOn, mark } from './timeline-page-readers.js';

const demo = demoInBrowser();
let t: TestApp;
let browsing: Browsing;
let editorKey: string;
/** The reviewing admin of these tests (t.adminKey, "test-admin", is another admin). */
let reviewerKey: string;

const CALL_STREAM = 'call-trump-putin-2025-03-18';

beforeAll(async () => {
  ({ t, browsing } = demo);
  editorKey = await createKey(t, 'editor-browser', 'EDITOR');
  reviewerKey = await createKey(t, 'reviewer-browser', 'ADMIN');
});

const streamOf = (what: string) => `statement-review-${what}-${uuid().slice(0, 8)}`;

async function expectNoAxeViolations(page: Awaited<ReturnType<typeof openReview>>): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

describe('the key and the role', () => {
  it('asks for a key as the timeline page does, and tells a READER key from an EDITOR and an ADMIN key', async () => {
    const page = await openReview(browsing, null);
    expect(await page.locator('#key-form').isVisible()).toBe(true);
    expect(await page.locator('#error').textContent()).toMatch(/needs an EDITOR key to draft events, or an ADMIN key/);
    expect(await page.locator('#editor').isHidden()).toBe(true);
    await expectNoAxeViolations(page);

    await page.fill('#api-key', t.readerKey);
    await Promise.all([page.waitForNavigation(), page.click('#key-form button[type=submit]')]);
    await page.waitForSelector('body[data-ready="true"][data-role="READER"]');
    expect(await page.locator('#error').textContent()).toMatch(/READER's/);
    expect(await page.locator('#key-form').isVisible()).toBe(true);
    expect(await page.locator('main section:not([hidden])').count()).toBe(0);

    await page.fill('#api-key', editorKey);
    await Promise.all([page.waitForNavigation(), page.click('#key-form button[type=submit]')]);
    await page.waitForSelector('body[data-ready="true"][data-role="EDITOR"]');
    expect(await page.locator('#role-status').textContent()).toMatch(/EDITOR's key/);
    expect(await page.locator('#key-form').isHidden()).toBe(true);
    // The key is kept for the tab, never in the URL.
    expect(page.url()).not.toContain(editorKey);
    expect(await storedValues(page)).toEqual([editorKey]);

    // "Use another key" forgets it.
    await Promise.all([page.waitForNavigation(), page.click('#forget-key')]);
    await page.waitForSelector('body[data-ready="true"][data-role="NONE"]');
    expect(await page.locator('#key-form').isVisible()).toBe(true);
  });
});

describe('an editor', () => {
  it('drafts a statement through the form, sees what was entered, then the service preview, and it waits for review', async () => {
    const page = await openReview(browsing, editorKey);
    await page.waitForSelector('body[data-role="EDITOR"]');
    // The editor sees the form and their drafts, never the queue or its actions.
    expect(await page.locator('#queue').isHidden()).toBe(true);
    expect(await page.locator('#my-drafts').isVisible()).toBe(true);
    expect(await page.locator('button.approve, form.reject-form').count()).toBe(0);
    await expectNoAxeViolations(page);

    const streamId = streamOf('form');
    const text = 'We are ready for a full ceasefire in the Black Sea, starting tonight.';
    await fillStatement(page, {
      streamId,
      expectedVersion: '0',
      speaker: 'zelensky',
      text,
      publisher: 'Review wire',
      url: 'https://example.org/review/form',
      quotedText: `“${text}”, Zelensky said.`,
    });
    // The stream id, once left, says what the stream holds.
    await page.locator(field('streamId')).blur();
    await pageShows('the stream note', () => page.locator('.stream-note').textContent());
    expect(await page.locator('.stream-note').textContent()).toContain(`${streamId} is a new stream`);

    await page.click('#draft-form button:has-text("Preview")');
    await page.waitForSelector('#form-preview-title');
    expect(await focused(page)).toBe('form-preview-title');
    const preview = await page.locator('.form-preview').textContent();
    expect(preview).toContain('Volodymyr Zelensky');
    expect(preview).toContain(text);
    expect(preview).toContain('Zelensky said.');
    expect(await page.locator('#error-summary').isHidden()).toBe(true);
    await expectNoAxeViolations(page);
    await screenshot(page, 'editor-preview');

    await page.click('#draft-form button[type=submit]');
    await page.waitForSelector('#draft-result:not([hidden]) article.draft');
    const [draft] = (await apiDrafts(t, editorKey)).filter((d) => d.streamId === streamId);
    expect(draft).toMatchObject({ status: 'PENDING', expectedVersion: 0, submittedBy: 'editor-browser' });
    const shown = page.locator(card(draft.id, '#draft-result'));
    // The service's preview: its summary (the title, which has the focus), CAMEO code and actors.
    expect(await focused(page)).toBe(`result-draft-${draft.id}-title`);
    expect(await shown.locator('h3').textContent()).toBe(draft.preview[0].summary);
    expect(await shown.locator('.draft-preview .cameo').textContent()).toBe(draft.preview[0].cameoCode);
    expect(draft.preview[0].cameoCode).toBe('010');
    expect(await shown.locator('.draft-preview .actors').textContent()).toBe('Volodymyr Zelensky');
    expect(await shown.locator('.draft-sources blockquote').textContent()).toBe(`“${text}”, Zelensky said.`);
    expect(await shown.getAttribute('data-status')).toBe('PENDING');
    // The form is empty again, and the draft is among the editor's own.
    expect(await page.locator(field('streamId')).inputValue()).toBe('');
    await page.waitForSelector(card(draft.id, '#my-drafts-list'));
    await expectNoAxeViolations(page);
    await screenshot(page, 'editor-submitted');
  });

  it("sees the page's own errors at their fields before anything is sent, with a summary that links to them", async () => {
    const page = await openReview(browsing, editorKey);
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql')) requests.push(r.postData() ?? '');
    });
    await fillStatement(page, { streamId: 'Not a stream!', speaker: 'zelensky', text: '   ' });
    await page.click('#draft-form button[type=submit]');
    await page.waitForSelector('#error-summary:not([hidden])');
    expect(await focused(page)).toBe('error-summary');
    expect(await page.locator('#error-summary').textContent()).toMatch(/There are 3 problems with this draft/);

    const text = await fieldState(page, 'events[0].data.text');
    expect(text.invalid).toBe('true');
    // Blank reads as not given: the codebook requires the text.
    expect(text.message).toBe('Error: is required');
    expect(text.description).toContain('is required');
    expect((await fieldState(page, 'streamId')).invalid).toBe('true');
    const publisher = await fieldState(page, 'events[0].sources[0].publisher');
    expect(publisher).toMatchObject({ invalid: 'true', message: 'Error: is required' });
    // The summary names the field as the form does, and its link takes the focus there.
    const link = page.locator('#error-summary a', { hasText: 'Source 1 › Publisher: is required' });
    await link.click();
    expect(await focused(page)).toBe(field('events[0].sources[0].publisher').slice(1));
    expect(requests.filter((r) => r.includes('submitDraft'))).toEqual([]);
    await expectNoAxeViolations(page);
    await screenshot(page, 'editor-errors');

    // Corrected, the errors go.
    await page.fill(field('streamId'), streamOf('fixed'));
    await page.fill(field('events[0].data.text'), 'Fixed.');
    await page.fill(field('events[0].sources[0].publisher'), 'Review wire');
    await page.click('#draft-form button:has-text("Preview")');
    await page.waitForSelector('#form-preview-title');
    expect(await page.locator('#error-summary').isHidden()).toBe(true);
    expect((await fieldState(page, 'events[0].data.text')).invalid).toBeNull();
    expect(await page.locator('.field-error').count()).toBe(0);
  });

  it("sees the API's errors at their fields: a readout of an event that is not stored, a stale expected version", async () => {
    const page = await openReview(browsing, editorKey);
    const missing = uuid();
    await fillStatement(page, {
      streamId: streamOf('api-error'),
      speaker: 'kremlin',
      text: 'The call was constructive.',
      readoutOf: missing,
      publisher: 'Review wire',
    });
    await page.click('#draft-form button[type=submit]');
    await page.waitForSelector('#error-summary:not([hidden])');
    expect(await page.locator('#error-summary').textContent()).toMatch(/The service refused the draft/);
    const readout = await fieldState(page, 'events[0].data.readoutOf');
    expect(readout.invalid).toBe('true');
    // The message is the API's reason for that path.
    const res = await t.gql(
      `mutation($input: SubmitDraftInput!) { submitDraft(input: $input) { id } }`,
      {
        input: {
          streamId: streamOf('api-error'),
          events: [
            {
              type: 'STATEMENT_MADE',
              occurredAt: '2025-03-19T12:00Z',
              data: { speaker: 'kremlin', text: 'The call was constructive.', readoutOf: missing },
              sources: [{ publisher: 'Review wire' }],
            },
          ],
        },
      },
      editorKey,
    );
    const reasons = (res.errors?.[0].extensions?.errors as { path: string; reason: string }[]).filter(
      (e) => e.path === 'events[0].data.readoutOf',
    );
    expect(reasons).toHaveLength(1);
    expect(readout.message).toBe(`Error: ${reasons[0].reason}`);
    expect(readout.description).toContain(reasons[0].reason);
    expect(
      (await apiDrafts(t, editorKey)).filter((d) => d.preview.some((p) => p.summary.includes('constructive'))),
    ).toEqual([]);
    await expectNoAxeViolations(page);

    // A stale expected version, refused at submission, shows at its field too (and the fixed readout goes).
    await page.fill(field('events[0].data.readoutOf'), '');
    await page.fill(field('expectedVersion'), '3');
    await page.click('#draft-form button[type=submit]');
    await pageShows(
      'the error at the expected version',
      async () => (await fieldState(page, 'expectedVersion')).invalid,
    );
    expect(await page.locator('#error-summary').textContent()).toMatch(/Expected version: /);
    expect((await fieldState(page, 'events[0].data.readoutOf')).invalid).toBeNull();
  });

  it('drafts from the keyboard alone: Tab to each field, type, Space and Enter', async () => {
    const page = await openReview(browsing, editorKey);
    const streamId = streamOf('keyboard');
    const text = 'Typed without a mouse.';
    await page.keyboard.press('Tab'); // the skip link first
    await tabTo(page, field('streamId'));
    await page.keyboard.type(streamId);
    await tabTo(page, field('events[0].type'));
    // A closed select takes type-ahead: "Statement (STATEMENT_MADE)".
    await page.keyboard.type('Statement');
    expect(await page.locator(field('events[0].type')).inputValue()).toBe('STATEMENT_MADE');
    await tabTo(page, field('events[0].occurredAt'));
    await page.keyboard.type('2025-03-19');
    await tabTo(page, field('events[0].occurredPrecision'));
    await page.keyboard.type('DAY');
    await tabTo(page, field('events[0].data.speaker'));
    await page.keyboard.type('Volodymyr');
    await tabTo(page, field('events[0].data.text'));
    await page.keyboard.type(text);
    // "About": checkboxes, ticked with Space.
    await tabTo(page, `${field('events[0].data.about')}-russia`);
    await page.keyboard.press('Space');
    await tabTo(page, field('events[0].sources[0].publisher'));
    await page.keyboard.type('Keyboard wire');
    // A second source, added with Enter on its button: the focus goes to its first field.
    await tabTo(page, '[data-path="events[0].sources"] > button.add');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe(field('events[0].sources[1].publisher').slice(1));
    await page.keyboard.type('Second wire');
    await tabTo(page, field('events[0].sources[1].url'));
    await page.keyboard.type('https://example.org/second');
    // Enter in a text field submits the form.
    await page.keyboard.press('Enter');
    await page.waitForSelector('#draft-result:not([hidden]) article.draft');
    const [draft] = (await apiDrafts(t, editorKey)).filter((d) => d.streamId === streamId);
    expect(draft.preview[0].actors.map((a) => a.id).sort()).toEqual(['russia', 'zelensky']);
    expect(await focused(page)).toBe(`result-draft-${draft.id}-title`);
    const stored = await t.gql(`query($id: ID!) { draft(id: $id) { events } }`, { id: draft.id }, editorKey);
    expect(stored.data.draft.events[0]).toMatchObject({
      occurredPrecision: 'DAY',
      data: { speaker: 'zelensky', text, about: ['russia'] },
      sources: [{ publisher: 'Keyboard wire' }, { publisher: 'Second wire', url: 'https://example.org/second' }],
    });
  });

  it('revises a draft waiting for review, then withdraws it with a reason', async () => {
    const draft = await submitStatement(t, editorKey, streamOf('revise'), 'A first wording.');
    const page = await openReview(browsing, editorKey);
    const listed = page.locator(card(draft.id, '#my-drafts-list'));
    await listed.waitFor();
    await listed.locator('button:has-text("Revise")').click();
    expect(await page.locator(field('events[0].data.text')).inputValue()).toBe('A first wording.');
    expect(await page.locator(field('events[0].sources[0].quotedText')).inputValue()).toBe(
      '“A first wording.”, he said.',
    );
    expect(await page.locator('#draft-form legend').first().textContent()).toBe('Revising your draft');
    await page.fill(field('events[0].data.text'), 'A second wording.');
    await page.click('#draft-form button[type=submit]');
    await page.waitForSelector(`#draft-result ${card(draft.id)}`);
    const revised = (await apiDrafts(t, editorKey)).find((d) => d.id === draft.id) as ApiDraft;
    expect(revised.revisions).toHaveLength(2);
    expect(revised.preview[0].summary).toContain('second wording');
    expect(await page.locator(`#draft-result ${card(draft.id)} details.revisions summary`).textContent()).toBe(
      'Revisions (2)',
    );
    await expectNoAxeViolations(page);

    const inList = page.locator(card(draft.id, '#my-drafts-list'));
    await inList.locator('.withdraw-form input').fill('Duplicate of another draft');
    await inList.locator('.withdraw-form button').click();
    await page.waitForSelector(`${card(draft.id, '#my-drafts-list')}[data-status="WITHDRAWN"]`);
    expect(await page.locator(`${card(draft.id, '#my-drafts-list')} .reason`).textContent()).toBe(
      'Reason: Duplicate of another draft',
    );
    expect((await apiDrafts(t, editorKey)).find((d) => d.id === draft.id)).toMatchObject({
      status: 'WITHDRAWN',
      reason: 'Duplicate of another draft',
    });
  });
});

describe('an admin', () => {
  // An admin cannot decide their own draft: the service refuses (FORBIDDEN), and the page does not offer it.
  it('reads each draft with its sources beside the preview and the stream as it stands; rejects with a reason; approves; the event is on the timeline', async () => {
    const fresh = await submitStatement(t, editorKey, streamOf('approve'), 'The energy truce holds on our side.');
    const readout = await submitStatement(
      t,
      editorKey,
      CALL_STREAM,
      'The call was long and frank.',
      (await t.gql(`{ stream(id: "${CALL_STREAM}") { version } }`)).data.stream.version,
    );
    const page = await openReview(browsing, reviewerKey);
    await page.waitForSelector('body[data-role="ADMIN"]');
    expect(await page.locator('#my-drafts').isHidden()).toBe(true);
    const freshCard = page.locator(card(fresh.id, '#queue-list'));
    const readoutCard = page.locator(card(readout.id, '#queue-list'));
    await freshCard.waitFor();
    await readoutCard.waitFor();

    // Sources, with the quoted text, beside the service's preview.
    expect(await freshCard.locator('.draft-sources blockquote').textContent()).toBe(
      '“The energy truce holds on our side.”, he said.',
    );
    expect(await freshCard.locator('.draft-preview .summary').textContent()).toBe(fresh.preview[0].summary);
    expect(await freshCard.locator('.note').textContent()).toBe('Note from the editor: From the wire');
    // The stream as it stands: new for one, the call's events for the other.
    await freshCard.locator('.stream-state[data-version]').waitFor();
    expect(await freshCard.locator('.stream-state').textContent()).toContain('is a new stream');
    await readoutCard.locator('.stream-state[data-version]').waitFor();
    const callEvents = (await t.gql(`{ stream(id: "${CALL_STREAM}") { version events { summary } } }`)).data.stream;
    expect(await readoutCard.locator('.stream-state').getAttribute('data-version')).toBe(String(callEvents.version));
    expect(await readoutCard.locator('.stream-events .summary').allTextContents()).toEqual(
      callEvents.events.map((e: { summary: string }) => e.summary).slice(-10),
    );
    await expectNoAxeViolations(page);
    await screenshot(page, 'admin-queue');

    // Rejecting needs a reason: without one, the field says so and nothing is sent.
    await readoutCard.locator('button.reject').click();
    const reason = readoutCard.locator('textarea.reject-reason');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await readoutCard.locator('.field-error').textContent()).toBe('Error: is required: say why, for the editor');
    expect(await focused(page)).toBe((await reason.getAttribute('id')) ?? '');
    expect((await apiDrafts(t, reviewerKey)).find((d) => d.id === readout.id)?.status).toBe('PENDING');
    await expectNoAxeViolations(page);
    await reason.fill('No source says the call was frank.');
    await readoutCard.locator('button.reject').click();
    await page.waitForSelector(`${card(readout.id, '#queue-list')}[data-status="REJECTED"]`);
    expect(await page.locator(`${card(readout.id, '#queue-list')} .outcome`).textContent()).toBe(
      'Rejected. The editor is told: “No source says the call was frank.”',
    );
    expect(await focusedClass(page)).toBe('outcome');
    expect((await apiDrafts(t, reviewerKey)).find((d) => d.id === readout.id)).toMatchObject({
      status: 'REJECTED',
      reviewedBy: 'reviewer-browser',
      reason: 'No source says the call was frank.',
    });

    // Approving appends it, and says where.
    await freshCard.locator('button.approve').click();
    await page.waitForSelector(`${card(fresh.id, '#queue-list')}[data-status="APPROVED"] .outcome`);
    const approved = (await apiDrafts(t, reviewerKey)).find((d) => d.id === fresh.id) as ApiDraft;
    expect(approved).toMatchObject({ status: 'APPROVED', reviewedBy: 'reviewer-browser' });
    const at = approved.appended!.events[0];
    const approvedCard = page.locator(card(fresh.id, '#queue-list'));
    const where = `Appended to ${approved.streamId} as version ${at.streamVersion} at position ${at.position}.`;
    expect(await approvedCard.locator('.outcome').textContent()).toBe(`Approved. ${where}`);
    expect(await focusedClass(page)).toBe('outcome');
    expect(await approvedCard.locator('.appended').textContent()).toBe(`${where} See it on the timeline`);
    // The stream now holds it; a decided draft has nothing to warn about.
    await approvedCard.locator('.stream-state[data-version="1"]').waitFor();
    expect(await approvedCard.locator('.warning').count()).toBe(0);
    await screenshot(page, 'admin-decided');
    const appendedEvent = await t.gql(`query($id: ID!) { event(id: $id) { summary appendedBy approvedBy } }`, {
      id: at.id,
    });
    expect(appendedEvent.data.event).toEqual({
      summary: fresh.preview[0].summary,
      appendedBy: 'editor-browser',
      approvedBy: 'reviewer-browser',
    });
    await expectNoAxeViolations(page);

    // The link opens the event on the timeline page (the key stays with the tab).
    await Promise.all([page.waitForNavigation(), approvedCard.locator('.appended a').click()]);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector(mark(at.id));
    await detailsOpenOn(page, at.id);
    expect(await page.locator('#details-title').textContent()).toBe(fresh.preview[0].summary);
    expect(await page.locator(mark(at.id)).getAttribute('aria-label')).toContain(fresh.preview[0].summary);
  });

  it('previews through the service before submitting: its summary and CAMEO code, or its errors at their fields', async () => {
    const page = await openReview(browsing, reviewerKey);
    const streamId = streamOf('admin-preview');
    const text = 'We demand an immediate halt to strikes on energy infrastructure.';
    await fillStatement(page, { streamId, expectedVersion: '0', speaker: 'zelensky', text, publisher: 'Admin wire' });
    await page.click('#draft-form button:has-text("Preview")');
    await page.waitForSelector('#form-preview-title');
    expect(await focused(page)).toBe('form-preview-title');
    const validated = await t.gql(
      `mutation($input: AppendEventsInput!) { appendEvents(input: $input, validateOnly: true) { events { summary cameoCode } } }`,
      {
        input: {
          streamId,
          expectedVersion: 0,
          events: [
            {
              type: 'STATEMENT_MADE',
              occurredAt: '2025-03-19T12:00Z',
              data: { speaker: 'zelensky', text },
              sources: [{ publisher: 'Admin wire' }],
            },
          ],
        },
      },
      reviewerKey,
    );
    const [expected] = validated.data.appendEvents.events;
    expect(await page.locator('.form-preview .summary').textContent()).toBe(expected.summary);
    expect(await page.locator('.form-preview .cameo').textContent()).toBe(expected.cameoCode);
    // Nothing was written: the stream is still new.
    expect((await t.gql(`{ stream(id: "${streamId}") { version } }`)).data.stream).toBeNull();
    await expectNoAxeViolations(page);

    // The service's refusal of a preview lands at its field.
    await page.fill(field('events[0].data.readoutOf'), uuid());
    await page.click('#draft-form button:has-text("Preview")');
    await page.waitForSelector('#error-summary:not([hidden])');
    expect(await page.locator('#error-summary').textContent()).toMatch(/The service would refuse these events/);
    expect((await fieldState(page, 'events[0].data.readoutOf')).invalid).toBe('true');
  });

  it('is told when the editor revised a draft since it was read, and sees the new revision', async () => {
    const draft = await submitStatement(t, editorKey, streamOf('revised'), 'A hasty first wording.');
    const page = await openReview(browsing, reviewerKey);
    const shown = page.locator(card(draft.id, '#queue-list'));
    await shown.waitFor();
    // Meanwhile the editor revises it: the admin read revision 1.
    const revised = await t.gql(
      `mutation($id: ID!, $input: SubmitDraftInput!) { reviseDraft(id: $id, input: $input) { revision } }`,
      {
        id: draft.id,
        input: {
          streamId: draft.streamId,
          expectedVersion: 0,
          events: [
            {
              type: 'STATEMENT_MADE',
              occurredAt: '2025-03-20T09:00Z',
              data: { speaker: 'zelensky', text: 'A careful second wording.' },
              sources: [{ publisher: 'Review wire' }],
            },
          ],
        },
      },
      editorKey,
    );
    expect(revised.data.reviseDraft.revision).toBe(2);
    await shown.locator('button.approve').click();
    await page.waitForSelector(`${card(draft.id, '#queue-list')} .outcome:has-text("revised it (revision 2)")`);
    expect(await focusedClass(page)).toBe('outcome');
    expect(await shown.locator('.draft-meta').textContent()).toContain('Revision 2.');
    expect(await shown.locator('.draft-preview .summary').textContent()).toContain('careful second wording');
    expect((await apiDrafts(t, reviewerKey)).find((d) => d.id === draft.id)?.status).toBe('PENDING');
    // The new revision can be decided.
    await shown.locator('button.approve').click();
    await page.waitForSelector(`${card(draft.id, '#queue-list')}[data-status="APPROVED"]`);
  });

  it('on a phone: the queue (the preview under the sources) and the form have no axe violations', async () => {
    const draft = await submitStatement(t, editorKey, streamOf('phone'), 'Read on a phone.');
    const page = await openReview(browsing, reviewerKey, PHONE);
    const shown = page.locator(card(draft.id, '#queue-list'));
    await shown.locator('.stream-state[data-version]').waitFor();
    // One column: the preview under the sources.
    const [sources, preview] = await Promise.all(
      ['.draft-sources', '.draft-preview'].map((s) => shown.locator(s).boundingBox()),
    );
    expect(preview!.y).toBeGreaterThan(sources!.y + sources!.height - 1);
    await expectNoAxeViolations(page);
    await screenshot(page, 'admin-phone');
  });

  it('sees their own drafts marked as theirs, to revise or withdraw, and is told clearly when a stream has moved on', async () => {
    const own = await submitStatement(t, reviewerKey, streamOf('own'), 'An admin drafts too.');
    const streamId = streamOf('stale');
    const stale = await submitStatement(t, editorKey, streamId, 'Written against an empty stream.', 0);
    // Meanwhile the stream gets an event: the draft's expected version 0 is stale.
    await appendEvents(t, {
      streamId,
      events: [statementMade({ speaker: 'zelensky', text: 'Recorded first.' }, { occurredAt: '2025-03-20T08:00Z' })],
    });
    const page = await openReview(browsing, reviewerKey);
    // The admin's own draft: no decision, but what its submitter may do (another admin must review it).
    const ownCard = page.locator(card(own.id, '#queue-list'));
    await ownCard.waitFor();
    expect(await ownCard.locator('button.approve, form.reject-form').count()).toBe(0);
    expect(await ownCard.locator('.own-note').textContent()).toMatch(/^Your draft: another person reviews it/);
    expect(await ownCard.locator('button:has-text("Revise")').count()).toBe(1);
    await ownCard.locator('.stream-state[data-version]').waitFor();
    await ownCard.locator('.withdraw-form input').fill('Not needed');
    await ownCard.locator('.withdraw-form button').click();
    await page.waitForSelector(`${card(own.id, '#queue-list')}[data-status="WITHDRAWN"]`);
    expect((await apiDrafts(t, reviewerKey)).find((d) => d.id === own.id)?.status).toBe('WITHDRAWN');

    const staleCard = page.locator(card(stale.id, '#queue-list'));
    await staleCard.locator('.stream-state[data-version="1"]').waitFor();
    expect(await staleCard.locator('.stream-state .warning').textContent()).toBe(
      'The draft expects version 0; the stream is at version 1. Approving it will fail until its editor revises it.',
    );
    await staleCard.locator('button.approve').click();
    await staleCard.locator('.outcome[data-kind="error"]').waitFor();
    expect(await staleCard.locator('.outcome').textContent()).toMatch(
      /^The stream has moved on since the draft was written/,
    );
    expect((await apiDrafts(t, reviewerKey)).find((d) => d.id === stale.id)?.status).toBe('PENDING');
    expect(await staleCard.getAttribute('data-status')).toBe('PENDING');
    await expectNoAxeViolations(page);
  });
});
