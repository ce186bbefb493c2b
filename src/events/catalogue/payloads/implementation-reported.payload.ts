import type { ImplementationReportedData } from '../event-types.js';
import { ActorId, Flag, FreeText, NestedList, Optional, ShortText, StreamIds } from './field.decorators.js';
import { QuantityPayload } from './quantity.payload.js';

export class ImplementationReportedPayload implements ImplementationReportedData {
  @ActorId()
  reportedBy: string;

  /** Who carried it out. */
  @Optional()
  @ActorId()
  party?: string;

  /** "1", "second stage". */
  @Optional()
  @ShortText()
  stage?: string;

  @Optional()
  @NestedList(() => QuantityPayload, { min: 0 })
  quantities?: QuantityPayload[];

  /** The agreement is carried out in full. */
  @Optional()
  @Flag()
  complete?: boolean;

  /** In a stream of its own: the streams of the agreements (or proposals) it carries out. */
  @Optional()
  @StreamIds({ min: 1, noun: ['stream', 'streams'] })
  implements?: string[];

  @FreeText()
  text: string;
}
