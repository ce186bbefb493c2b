/**
 * Whose key the tab holds. The API has no "who am I", so the page asks two questions whose
 * refusals tell: drafts (an EDITOR's or ADMIN's read: UNAUTHENTICATED without a valid key,
 * FORBIDDEN for a READER's), then the key audit (an ADMIN's: FORBIDDEN for an EDITOR's). Any other
 * failure is the caller's to show.
 */
import { GraphqlError, query } from '../timeline/graphql-client.js';
import { IS_ADMIN, IS_EDITOR } from './operations.js';
import type { Role } from './types.js';

const refused = (error: unknown, code: string) => error instanceof GraphqlError && error.code === code;

export async function detectRole(): Promise<Role> {
  try {
    await query(IS_EDITOR, {});
  } catch (error) {
    if (refused(error, 'UNAUTHENTICATED')) return 'NONE';
    if (refused(error, 'FORBIDDEN')) return 'READER';
    throw error;
  }
  try {
    await query(IS_ADMIN, {});
    return 'ADMIN';
  } catch (error) {
    if (refused(error, 'FORBIDDEN')) return 'EDITOR';
    throw error;
  }
}
