/**
 * What an action came to, said where it was taken: a line under the buttons that takes the
 * keyboard focus (so that a screen reader reads it), marked as done or as an error, and the API's
 * refusals in words a newsroom uses — whose draft it is, that the stream moved on, that someone
 * else already decided.
 */
import { append, clear, el } from '../timeline/dom.js';
import { GraphqlError } from '../timeline/graphql-client.js';

export function outcomeLine(): HTMLParagraphElement {
  return el('p', { class: 'outcome', tabindex: '-1', hidden: true });
}

export function say(line: HTMLElement, kind: 'done' | 'error', ...children: (Node | string | null)[]): void {
  clear(line);
  line.dataset.kind = kind;
  append(line, ...children);
  line.hidden = false;
  line.focus();
}

/** An API error in words, with the API's own message. */
export function explain(error: unknown): string {
  if (!(error instanceof GraphqlError))
    return `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
  switch (error.code) {
    case 'FORBIDDEN':
      return `Not allowed with this key: ${error.message}`;
    case 'WRONG_EXPECTED_VERSION':
      return `The stream has moved on since the draft was written (${error.message}). The draft stays waiting for review: its editor can revise it against the stream as it is now.`;
    case 'CONFLICT':
      return `This draft changed since you read it: ${error.message}`;
    case 'NOT_FOUND':
      return `This draft no longer exists: ${error.message}`;
    case 'UNAUTHENTICATED':
      return `The key is no longer accepted: ${error.message}. Give another one above.`;
    default:
      return `Something went wrong: ${error.message}`;
  }
}
