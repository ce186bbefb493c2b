/**
 * Where JSON becomes a typed payload: the one place the service asserts a payload's type, for JSON
 * that the database hands back (written only after the catalogue validated it) and for payloads
 * the catalogue has just validated. Everything downstream narrows by `type`.
 */
import type { EventType, TypedData } from './catalogue/event-types.js';

/** `data`, stored or validated as a payload of `type`, as the typed pair. */
export function typedData(type: EventType, data: unknown): TypedData {
  return { type, data } as TypedData;
}

/** `envelope` given its typed pair in place (no copy: every row read from the log becomes one). */
export function withTypedData<E extends object>(envelope: E, type: EventType, data: unknown): E & TypedData {
  const typed = envelope as E & { type: EventType; data: unknown };
  typed.type = type;
  typed.data = data;
  return typed as E & TypedData;
}

/** `event` with the payload of its latest correction (stored JSON, validated against the corrected event's type when appended). */
export function withCorrectedPayload<E extends TypedData>(event: E, payload: unknown): E {
  return { ...event, data: payload };
}
