/** The `api_keys` table (migration 002): a key's SHA-256 and public facts; the secret is never stored. */
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from './principal.js';

@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  /** The first 12 hex digits of the digest: how a presented key is found. */
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ type: 'bytea', name: 'secret_hash' })
  secretHash: Buffer;

  @Column({ type: 'timestamptz', name: 'created_at', insert: false, update: false })
  createdAt: Date;

  @Column({ type: 'text', name: 'created_by' })
  createdBy: string;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
