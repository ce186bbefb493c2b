/** The table of the pledge read model (migrations 003, 004). */
import { Entity } from 'typeorm';
import { ReadModelRow } from '../projector/read-model-row.entity.js';

@Entity({ name: 'rm_pledges' })
export class PledgeRow extends ReadModelRow {}
