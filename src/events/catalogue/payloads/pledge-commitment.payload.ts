import {
  PLEDGE_ACTIONS,
  TARGET_CATEGORIES,
  type PledgeAction,
  type PledgeMadeData,
  type TargetCategory,
} from '../event-types.js';
import { FreeText, OneOf, Optional } from './field.decorators.js';

type PledgeCommitment = PledgeMadeData['commitment'];

/** The `commitment` of PLEDGE_MADE. */
export class PledgeCommitmentPayload implements PledgeCommitment {
  @OneOf(PLEDGE_ACTIONS)
  action: PledgeAction;

  /** Without it, the pledge covers strikes on any target. */
  @Optional()
  @OneOf(TARGET_CATEGORIES)
  targetCategory?: TargetCategory;

  @FreeText()
  text: string;
}
