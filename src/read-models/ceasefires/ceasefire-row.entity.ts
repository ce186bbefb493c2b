/** The table of the ceasefire read model (migrations 003, 004). */
import { Entity } from 'typeorm';
import { ReadModelRow } from '../projector/read-model-row.entity.js';

@Entity({ name: 'rm_ceasefires' })
export class CeasefireRow extends ReadModelRow {}
