/**
 * The row of a projected read model (its table, rm_<name>, created by a migration): the subject's
 * fold state as JSON, the state with only its earliest violation (brief), the principals whose
 * strikes can concern it, the last position folded and the latest valid time folded. Each projection declares its table as an
 * entity extending this class, in its own folder.
 */
import { Column, PrimaryColumn } from 'typeorm';

export abstract class ReadModelRow {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text', array: true })
  principals: string[];

  @Column({ type: 'jsonb' })
  state: unknown;

  @Column({ type: 'jsonb', nullable: true })
  brief: unknown;

  @Column({ type: 'bigint' })
  position: string;

  /** The latest valid time among the events folded into `state` (migration 014); null: not known. */
  @Column({ type: 'timestamptz', name: 'folded_until', nullable: true })
  foldedUntil: Date | null;
}
