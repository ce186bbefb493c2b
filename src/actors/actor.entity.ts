/** The `actors` table (migrations/001_event_store.sql). */
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ActorKind } from '../events/catalogue/event-types.js';

@Entity({ name: 'actors' })
export class ActorEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: ActorKind;

  @Column({ type: 'text', nullable: true })
  represents: string | null;

  @Column({ type: 'timestamptz', name: 'registered_at', insert: false, update: false })
  registeredAt: Date;
}
