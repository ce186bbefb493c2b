/** The table of the agreements read model (migration 009). */
import { Entity } from 'typeorm';
import { ReadModelRow } from '../projector/read-model-row.entity.js';

@Entity({ name: 'rm_agreements' })
export class AgreementRow extends ReadModelRow {}
