/**
 * The API key form that the pages show when the API wants a key (#key-form, its input #api-key):
 * the key given is kept for the browser tab (graphql-client.ts) and the page loads again with it.
 * The timeline page and the review page share it, and so share the key within a tab.
 */
import { byId } from './dom.js';
import { setApiKey } from './graphql-client.js';

export function bindKeyForm(): void {
  byId<HTMLFormElement>('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    setApiKey(byId<HTMLInputElement>('api-key').value.trim() || null);
    location.reload();
  });
}
