/**
 * The review page (/review): editors draft events with their sources, and an admin — a second
 * person — checks each draft against its sources and approves it into the log or rejects it with
 * a reason. The page asks for a key as the timeline page does (the same form and the same
 * storage: a key given on one page holds for the other in that tab), asks whose key it is
 * (role.ts), reads the codebook (from which the form is built) and the actors registry, and shows
 * an EDITOR the form and their drafts, an ADMIN the queue (their own drafts in it marked as
 * theirs, to revise or withdraw) and the form.
 */
import { byId } from '../timeline/dom.js';
import { GraphqlError, query, setApiKey } from '../timeline/graphql-client.js';
import { bindKeyForm } from '../timeline/key-form.js';
import { TimelineActorsDocument } from '../generated/graphql.js';
import { loadCodebook } from './codebook.js';
import { EditorView } from './editor-view.js';
import { explain } from './outcome.js';
import { QueueView } from './queue-view.js';
import { type Caller, whoAmI } from './role.js';
import type { Role } from './types.js';

const ROLE_WORDS: Record<Role, string> = {
  NONE: 'No key given.',
  READER: "a READER's key: it reads the record, but neither drafts nor reviews.",
  EDITOR: "an EDITOR's key: you draft events; an admin reviews them.",
  ADMIN: "an ADMIN's key: you review the drafts of others, and may draft too.",
};

class ReviewPage {
  private readonly announcer = byId('announcer');

  async start(): Promise<void> {
    bindKeyForm();
    byId('forget-key').addEventListener('click', () => {
      setApiKey(null);
      location.reload();
    });
    try {
      const caller = await whoAmI();
      const role = caller.role;
      document.body.dataset.role = role;
      byId('role-status').textContent = caller.name ? `${caller.name}: ${ROLE_WORDS[role]}` : ROLE_WORDS[role];
      if (role === 'NONE' || role === 'READER') {
        this.askForKey(
          role === 'NONE'
            ? 'This page needs an EDITOR key to draft events, or an ADMIN key to review them.'
            : "This key is a READER's. Give an EDITOR key to draft events, or an ADMIN key to review them.",
        );
      } else {
        byId('forget-key').hidden = false;
        await this.show({ role, name: caller.name ?? '' });
      }
    } catch (error) {
      this.fail(error);
    }
    document.body.dataset.ready = 'true';
  }

  private async show({ role, name }: Caller & { role: 'EDITOR' | 'ADMIN'; name: string }): Promise<void> {
    const [codebook, { actors }] = await Promise.all([loadCodebook(), query(TimelineActorsDocument, {})]);
    const announce = (text: string) => this.announce(text);
    const failed = (error: unknown) => this.fail(error);
    let queue: QueueView | null = null;
    const editor = new EditorView({
      codebook,
      actors,
      role,
      announce,
      failed,
      // An admin's own drafts wait in the queue: it shows them as they now are.
      changed: (draft, added) => {
        if (added) void queue?.load();
        else queue?.show(draft);
      },
    });
    byId('editor').hidden = false;
    if (role === 'ADMIN')
      queue = new QueueView({
        announce,
        failed,
        own: (draft, ...extra) => (draft.submittedBy === name ? editor.card(draft, 'queue', ...extra) : null),
      });
    byId('queue').hidden = !queue;
    await Promise.all([editor.load(), queue?.load()]);
  }

  private askForKey(message: string): void {
    const banner = byId('error');
    banner.textContent = message;
    banner.hidden = false;
    byId('key-form').hidden = false;
  }

  /** Said to a screen reader (a polite live region), for what changes away from the focus. */
  private announce(text: string): void {
    this.announcer.textContent = '';
    requestAnimationFrame(() => (this.announcer.textContent = text));
  }

  private fail(error: unknown): void {
    if (error instanceof GraphqlError && error.code === 'UNAUTHENTICATED') {
      this.askForKey(explain(error));
      return;
    }
    const banner = byId('error');
    banner.textContent = explain(error);
    banner.hidden = false;
  }
}

void new ReviewPage().start();
