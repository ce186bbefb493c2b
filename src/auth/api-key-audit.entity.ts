/** The `api_key_audit` table (migrations 002, 005): who created and revoked which key, when; append-only in the database. */
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'api_key_audit' })
export class ApiKeyAuditEntity {
  /** bigint identity, as a decimal string */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'text', name: 'key_id' })
  keyId: string;

  @Column({ type: 'text', name: 'key_name' })
  keyName: string;

  @Column({ type: 'text' })
  action: 'CREATED' | 'REVOKED';

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'timestamptz', insert: false, update: false })
  at: Date;
}
