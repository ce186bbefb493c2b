/**
 * Validates an event's `data` against its type's payload class and lists what it refers to.
 * Synchronous and pure: the store looks the references up itself.
 */

import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { isEventType, type EventDataMap, type EventType } from './event-types.js';
import { AgreementReachedPayload } from './payloads/agreement-reached.payload.js';
import { CallHeldPayload } from './payloads/call-held.payload.js';
import { ClaimDisputedPayload } from './payloads/claim-disputed.payload.js';
import { ConditionsMetPayload } from './payloads/conditions-met.payload.js';
import { DemandMadePayload } from './payloads/demand-made.payload.js';
import { CORRECTABLE_FIELDS, EventCorrectedPayload } from './payloads/event-corrected.payload.js';
import { EventRetractedPayload } from './payloads/event-retracted.payload.js';
import { isIssueContext } from './payloads/field.decorators.js';
import { ImplementationReportedPayload } from './payloads/implementation-reported.payload.js';
import { MeetingHeldPayload } from './payloads/meeting-held.payload.js';
import { PledgeFulfilledPayload } from './payloads/pledge-fulfilled.payload.js';
import { PledgeMadePayload } from './payloads/pledge-made.payload.js';
import { PledgeWithdrawnPayload } from './payloads/pledge-withdrawn.payload.js';
import { ProposalAcceptedPayload } from './payloads/proposal-accepted.payload.js';
import { ProposalMadePayload } from './payloads/proposal-made.payload.js';
import { ProposalRejectedPayload } from './payloads/proposal-rejected.payload.js';
import { StatementMadePayload } from './payloads/statement-made.payload.js';
import { StrikeReportedPayload } from './payloads/strike-reported.payload.js';
import { ViolationReportedPayload } from './payloads/violation-reported.payload.js';
import { REFERENCED_TYPES, refFieldsOf, valuesOf, type FieldName } from './ref-fields.js';
import { isActorId, isObjectLike, isPlainObject, isStreamId, isUuid } from './value-checks.js';

export interface FieldError {
  path: string;
  reason: string;
}

export interface Ref {
  path: string;
  id: string;
  /** For an event field the catalogue restricts (`readoutOf`): the types the named event may have. */
  types?: readonly EventType[];
}

export interface PayloadCheck {
  /** Empty when the payload is valid. */
  errors: FieldError[];
  /** Every well-formed actor id in the payload, with its path (`events[2].data.participants[1]`). */
  actorRefs: Ref[];
  /** Every well-formed referenced event id (disputedEventId, evidenceEventIds[i], readoutOf, correctedEventId, retractedEventId). */
  eventRefs: Ref[];
  /** Every well-formed referenced stream id (conditionFor, ceasefireId, counterTo, implements[i]). */
  streamRefs: Ref[];
}

type PayloadClass<K extends EventType> = new () => EventDataMap[K];

const PAYLOAD_CLASSES: { [K in EventType]: PayloadClass<K> } = {
  CALL_HELD: CallHeldPayload,
  MEETING_HELD: MeetingHeldPayload,
  STATEMENT_MADE: StatementMadePayload,
  CLAIM_DISPUTED: ClaimDisputedPayload,
  DEMAND_MADE: DemandMadePayload,
  PROPOSAL_MADE: ProposalMadePayload,
  PROPOSAL_ACCEPTED: ProposalAcceptedPayload,
  PROPOSAL_REJECTED: ProposalRejectedPayload,
  CONDITIONS_MET: ConditionsMetPayload,
  AGREEMENT_REACHED: AgreementReachedPayload,
  IMPLEMENTATION_REPORTED: ImplementationReportedPayload,
  PLEDGE_MADE: PledgeMadePayload,
  PLEDGE_WITHDRAWN: PledgeWithdrawnPayload,
  PLEDGE_FULFILLED: PledgeFulfilledPayload,
  STRIKE_REPORTED: StrikeReportedPayload,
  VIOLATION_REPORTED: ViolationReportedPayload,
  EVENT_CORRECTED: EventCorrectedPayload,
  EVENT_RETRACTED: EventRetractedPayload,
};

/** The class-validator class of a type's payload. */
export function payloadClassOf<K extends EventType>(type: K): PayloadClass<K> {
  return PAYLOAD_CLASSES[type];
}

const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: true, value: true },
};

/**
 * Checks `data` against the payload class of `type` (class-transformer's plainToInstance, then
 * class-validator's validateSync with whitelist, forbidNonWhitelisted and forbidUnknownValues).
 * Paths are full (`events[2].data.terms.scope` for basePath `events[2].data`); data that is not a
 * plain object gives a single error at basePath. References are listed even when there are errors,
 * but only from well-formed values. An EVENT_CORRECTED's `data` is only checked to be an object:
 * validate it again with the corrected event's type and basePath `<basePath>.data`.
 */
export function validatePayload(type: EventType, data: unknown, basePath: string): PayloadCheck {
  if (!isEventType(type)) {
    return {
      errors: [{ path: basePath, reason: `has no payload class for type ${JSON.stringify(type)}` }],
      ...noRefs(),
    };
  }
  if (!isPlainObject(data)) return { errors: [{ path: basePath, reason: 'must be an object' }], ...noRefs() };
  const refs = collectRefs(type, data, basePath);

  const payloadClass: new () => object = PAYLOAD_CLASSES[type];
  const instance = plainToInstance(payloadClass, data);
  const errors = [
    ...droppedKeys(data, instance, basePath),
    ...toFieldErrors(validateSync(instance, VALIDATOR_OPTIONS), basePath, instance),
    ...payloadRules(type, data, basePath),
  ];
  return { errors: distinct(errors), ...refs };
}

// ---------------------------------------------------------------------------------------------

/** The path of `key` inside `path`: `a.b`, `a[2]` for list items, `a["odd key"]`. */
function keyPath(path: string, key: string, inList: boolean): string {
  if (inList && /^\d+$/.test(key)) return `${path}[${key}]`;
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/**
 * class-validator's error tree as flat, full paths. Each rule's check (kept in its context) is run
 * again to find the bad items of a list; unknown fields (forbidNonWhitelisted) are reported by
 * class-validator as their own entries, so their path is the unknown field's.
 */
function toFieldErrors(errors: readonly ValidationError[], path: string, parent: unknown): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const here = typeof error.property === 'string' ? keyPath(path, error.property, Array.isArray(parent)) : path;
    const constraints = error.constraints ?? {};
    const names = Object.keys(constraints);
    if (names.includes('whitelistValidation')) {
      out.push({ path: here, reason: 'unknown field' });
      continue;
    }
    if (names.includes('unknownValue')) {
      out.push({ path: here, reason: 'must be an object' });
      continue;
    }
    const own = names.filter((name) => name !== 'nestedValidation');
    for (const name of own) {
      const context: unknown = error.contexts?.[name];
      const issues = isIssueContext(context) ? context.issues(error.value, error.target ?? {}) : [];
      if (issues.length === 0) out.push({ path: here, reason: constraints[name] });
      for (const issue of issues) out.push({ path: here + issue.at, reason: issue.reason });
    }
    if (own.length > 0) continue;
    if (names.includes('nestedValidation')) {
      out.push({ path: here, reason: 'must be an object' });
      continue;
    }
    out.push(...toFieldErrors(error.children ?? [], here, error.value));
  }
  return out;
}

/**
 * Keys that class-transformer drops silently (`__proto__`, `constructor`, names of Object.prototype
 * such as `toString`), so that whitelisting never sees them: found by comparing the input with the
 * instance made from it, level by level (into nested objects and into lists of them).
 */
function droppedKeys(raw: Record<string, unknown>, instance: object, path: string): FieldError[] {
  const out: FieldError[] = [];
  const nested = (rawValue: unknown, value: unknown, at: string) => {
    if (isObjectLike(rawValue) && isObjectLike(value) && !isPlainObject(value))
      out.push(...droppedKeys(rawValue, value, at));
  };
  for (const key of Object.keys(raw)) {
    if (!Object.prototype.hasOwnProperty.call(instance, key)) {
      out.push({ path: keyPath(path, key, false), reason: 'unknown field' });
      continue;
    }
    const rawValue = raw[key];
    const value: unknown = Reflect.get(instance, key);
    const at = keyPath(path, key, false);
    if (Array.isArray(rawValue) && Array.isArray(value) && rawValue.length === value.length) {
      rawValue.forEach((item: unknown, i: number) => nested(item, value[i], `${at}[${i}]`));
    } else nested(rawValue, value, at);
  }
  return out;
}

/** Rules about the payload as a whole. */
function payloadRules(type: EventType, data: Record<string, unknown>, path: string): FieldError[] {
  if (type === 'EVENT_CORRECTED' && CORRECTABLE_FIELDS.every((field) => data[field] === undefined)) {
    return [{ path, reason: `must correct at least one of ${CORRECTABLE_FIELDS.join(', ')}` }];
  }
  return [];
}

type PayloadRefs = Omit<PayloadCheck, 'errors'>;

function noRefs(): PayloadRefs {
  return { actorRefs: [], eventRefs: [], streamRefs: [] };
}

function collectRefs(type: EventType, data: Record<string, unknown>, path: string): PayloadRefs {
  const fields = refFieldsOf(type);
  const refs = (names: readonly FieldName[], wellFormed: (value: unknown) => value is string): Ref[] =>
    valuesOf(data, names).flatMap(({ at, value }) =>
      wellFormed(value) ? [{ path: joinPath(path, at), id: value }] : [],
    );
  const eventRefs = fields.events.flatMap((name) => {
    const types = REFERENCED_TYPES[name];
    return refs([name], isUuid).map((ref) => (types === undefined ? ref : { ...ref, types }));
  });
  return {
    actorRefs: refs(fields.actors, isActorId),
    eventRefs,
    streamRefs: refs(fields.streams, isStreamId),
  };
}

function joinPath(path: string, at: string): string {
  return path === '' ? at : `${path}.${at}`;
}

function distinct(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.path}\u0000${error.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
