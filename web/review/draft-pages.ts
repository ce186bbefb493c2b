/**
 * A list of drafts read page by page (the API's `first` and `after`, oldest first): the first page,
 * then "Show more" for the next one, whose first draft takes the keyboard focus. A draft changed
 * by an action is drawn again in place.
 */
import { clear, el } from '../timeline/dom.js';
import { query } from '../timeline/graphql-client.js';
import { type Place, draftTitleId } from './draft-card.js';
import { ReviewDraftsDocument } from '../generated/graphql.js';
import type { Draft, DraftStatus } from './types.js';

export const PAGE_SIZE = 10;

export interface DraftPagesOptions {
  list: HTMLElement;
  /** Where the cards are drawn (their ids are their own). */
  place: Place;
  more: HTMLButtonElement;
  status: DraftStatus[] | null;
  /** Said when there is no draft at all. */
  empty: string;
  render: (draft: Draft) => HTMLElement;
  failed: (error: unknown) => void;
}

export class DraftPages {
  private last: string | null = null;

  constructor(private readonly options: DraftPagesOptions) {
    options.more.addEventListener('click', () => void this.next(true));
  }

  async reload(): Promise<void> {
    this.last = null;
    clear(this.options.list);
    await this.next(false);
  }

  /** Draws `draft` again where it is (when it is listed). */
  replace(draft: Draft): HTMLElement | null {
    const shown = this.options.list.querySelector(`[data-draft-id="${CSS.escape(draft.id)}"]`);
    if (!shown) return null;
    const again = this.options.render(draft);
    shown.closest('li')?.replaceChildren(again);
    return again;
  }

  private async next(focus: boolean): Promise<void> {
    const { list, more, status } = this.options;
    more.disabled = true;
    try {
      const { drafts } = await query(ReviewDraftsDocument, { status, first: PAGE_SIZE + 1, after: this.last });
      const page = drafts.slice(0, PAGE_SIZE);
      if (page.length) this.last = page[page.length - 1].id;
      for (const draft of page) list.append(el('li', {}, this.options.render(draft)));
      if (!list.children.length) list.append(el('li', { class: 'muted empty' }, this.options.empty));
      more.hidden = drafts.length <= PAGE_SIZE;
      if (focus && page[0]) document.getElementById(draftTitleId(page[0], this.options.place))?.focus();
    } catch (error) {
      this.options.failed(error);
    } finally {
      more.disabled = false;
    }
  }
}
