/**
 * Whose key the tab holds: `me` answers its name (to know one's own drafts) and role; null, or
 * UNAUTHENTICATED (when reads need a key, or the key is unknown or revoked), when there is none to
 * go by. Any other failure is the caller's to show.
 */
import { GraphqlError, query } from '../timeline/graphql-client.js';
import { ReviewMeDocument } from '../generated/graphql.js';
import type { Role } from './types.js';

export interface Caller {
  role: Role;
  /** The key's name (null without a key): drafts carry it as submittedBy. */
  name: string | null;
}

export async function whoAmI(): Promise<Caller> {
  try {
    const { me } = await query(ReviewMeDocument, {});
    return me ? { role: me.role, name: me.name } : { role: 'NONE', name: null };
  } catch (error) {
    if (error instanceof GraphqlError && error.code === 'UNAUTHENTICATED') return { role: 'NONE', name: null };
    throw error;
  }
}
