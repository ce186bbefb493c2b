/**
 * The readouts of a call, in its details: one column per readout, side by side (one under another
 * on a phone), each with who gave it, its words (which open the readout), when and where, its status
 * as a badge, and under it every dispute of it (who, when, in what words; each opens the dispute).
 * As the claims ledger had them at the "as of" moment (claims-view.ts says it in words).
 */
import { type DisputeView, type ReadoutView, readoutView, readoutsSummary } from './claims-view.js';
import { el } from './dom.js';
import type { Readout } from './types.js';

/** The section's id: it is replaced, not rebuilt with the panel, when the moment or the record changes. */
export const READOUTS_ID = 'details-readouts';

function dispute(d: DisputeView): HTMLElement {
  return el(
    'li',
    { class: 'dispute', 'data-dispute-event-id': d.eventId },
    el('button', { type: 'button', class: 'link', 'data-open-event': d.eventId }, d.by),
    el('span', { class: 'muted' }, ` · ${d.when}`),
    el('p', { class: 'reason' }, d.words),
  );
}

function column(r: ReadoutView, index: number): HTMLElement {
  const headingId = `${READOUTS_ID}-${index}`;
  return el(
    'li',
    { class: 'readout', 'data-claim-event-id': r.eventId, 'data-status': r.status },
    el(
      'div',
      { class: 'readout-header' },
      el('h4', { class: 'readout-claimant', id: headingId }, r.claimant),
      el('span', { class: `badge claim-${r.status}` }, r.statusWords),
    ),
    el('p', { class: 'readout-context muted' }, r.context),
    el(
      'blockquote',
      { class: 'readout-words' },
      el('button', { type: 'button', class: 'link', 'data-open-event': r.eventId }, r.words),
    ),
    r.note ? el('p', { class: 'readout-note muted' }, r.note) : null,
    ...(r.disputes.length
      ? [
          el('p', { class: 'readout-disputes-label', id: `${headingId}-disputes` }, 'Disputed by'),
          el(
            'ul',
            { class: 'readout-disputes', 'aria-labelledby': `${headingId}-disputes` },
            ...r.disputes.map(dispute),
          ),
        ]
      : [el('p', { class: 'readout-disputes-label muted' }, 'No dispute recorded.')]),
  );
}

/** The section, or what went wrong reading it (the rest of the details stands). */
export function readoutsSection(readouts: readonly Readout[] | Error, asOf: number | null): HTMLElement {
  const section = el(
    'section',
    { id: READOUTS_ID, class: 'readouts-section', 'aria-labelledby': `${READOUTS_ID}-title` },
    el('h3', { id: `${READOUTS_ID}-title` }, 'Readouts'),
  );
  if (readouts instanceof Error) {
    section.append(el('p', { class: 'error' }, `The readouts could not be loaded: ${readouts.message}`));
    return section;
  }
  section.dataset.count = String(readouts.length);
  section.append(el('p', { class: 'readouts-summary' }, readoutsSummary(readouts, asOf)));
  if (readouts.length)
    section.append(el('ul', { class: 'readouts' }, ...readouts.map((r, i) => column(readoutView(r), i))));
  return section;
}
