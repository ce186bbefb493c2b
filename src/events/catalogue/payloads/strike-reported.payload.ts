import {
  STRIKE_MEANS,
  TARGET_CATEGORIES,
  type StrikeMeans,
  type StrikeReportedData,
  type TargetCategory,
} from '../event-types.js';
import { ActorId, CountryCode, FreeText, OneOf, Optional, ShortText } from './field.decorators.js';

export class StrikeReportedPayload implements StrikeReportedData {
  @ActorId()
  attacker: string;

  @OneOf(TARGET_CATEGORIES)
  targetCategory: TargetCategory;

  @ShortText()
  place: string;

  /** ISO 3166-1 alpha-2. */
  @Optional()
  @CountryCode()
  country?: string;

  @Optional()
  @OneOf(STRIKE_MEANS)
  means?: StrikeMeans;

  @Optional()
  @FreeText()
  impact?: string;
}
