/** The table of the claims read model (migration 010). */
import { Entity } from 'typeorm';
import { ReadModelRow } from '../projector/read-model-row.entity.js';

@Entity({ name: 'rm_claims' })
export class ClaimRow extends ReadModelRow {}
