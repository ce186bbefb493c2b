/** Who is calling: the API key that authenticated the request, and its role. */

/** In order of what they grant: READER reads; EDITOR also submits drafts; ADMIN also reviews, appends and administers. */
export const ROLES = ['READER', 'EDITOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface Principal {
  keyId: string;
  keyName: string;
  role: Role;
}

/** Whether a role grants what `needed` asks for: each grants what the ones below it do. */
export function grants(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
