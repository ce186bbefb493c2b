/** The `projection_checkpoints` table (migration 003): how far each projection has folded the log, moved in the transaction of its rows. */
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpoint {
  @PrimaryColumn({ type: 'text' })
  name: string;

  /** bigint, as a decimal string */
  @Column({ type: 'bigint' })
  position: string;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
