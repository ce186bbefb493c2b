/**
 * The codebook (GET /export/codebook, docs/codebook.md), from which the form is built: every event
 * type with its description, the stream it goes into, its payload fields (their type, whether
 * required, what they mean) and the JSON Schema of its payload; the enumerations. The types are
 * the server's own (a type-only import: nothing of src/ is bundled), so the page follows the
 * codebook's shape.
 */
import type { Codebook, CodebookType } from '../../src/export/codebook/codebook.js';
import type { FieldSpec, FieldType } from '../../src/export/codebook/event-fields.js';
import { GraphqlError, authorization } from '../timeline/graphql-client.js';

export type { Codebook, CodebookType, FieldSpec, FieldType };

/** Read with the tab's key: with PUBLIC_READ=false the codebook is a read like any other. */
export async function loadCodebook(): Promise<Codebook> {
  let response: Response;
  try {
    response = await fetch('/export/codebook', { headers: { accept: 'application/json', ...authorization() } });
  } catch {
    throw new GraphqlError('the service cannot be reached', 'NETWORK');
  }
  if (!response.ok) {
    const code = response.status === 401 ? 'UNAUTHENTICATED' : response.status === 403 ? 'FORBIDDEN' : 'UNKNOWN';
    throw new GraphqlError(`the codebook could not be read (HTTP ${response.status})`, code);
  }
  return (await response.json()) as Codebook;
}
