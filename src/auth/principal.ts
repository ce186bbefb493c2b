/** Who is calling: the API key that authenticated the request, and its role. */

export const ROLES = ['READER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface Principal {
  keyId: string;
  keyName: string;
  role: Role;
}

/** Whether a role grants what `needed` asks for (ADMIN can read). */
export function grants(role: Role, needed: Role): boolean {
  return role === 'ADMIN' || needed === 'READER';
}
