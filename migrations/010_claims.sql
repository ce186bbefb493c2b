-- Issue 16 (the claims ledger), second edition of the catalogue.
--
-- 1. Disputes name an event (CLAIM_DISPUTED.disputedEventId), a readout a call or meeting
--    (STATEMENT_MADE.readoutOf). Stored payloads were validated, so these are uuids; uuid_or_null
--    keeps a malformed value from failing a query all the same. Indexed so that the disputes of a
--    subject's events (linkedEvents), the subject a dispute touches (batchEvents) and the readouts
--    of calls are found without scanning the log.
CREATE FUNCTION uuid_or_null(value text) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN value ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN value::uuid END
$$;

CREATE INDEX events_disputed_event ON events (uuid_or_null(data->>'disputedEventId'))
  WHERE type = 'CLAIM_DISPUTED';
CREATE INDEX events_corrected_disputed_event ON events (uuid_or_null(data->'data'->>'disputedEventId'))
  WHERE type = 'EVENT_CORRECTED' AND data->'data' ? 'disputedEventId';
CREATE INDEX events_readout_of ON events (uuid_or_null(data->>'readoutOf'))
  WHERE type = 'STATEMENT_MADE' AND data ? 'readoutOf';
CREATE INDEX events_corrected_readout_of ON events (uuid_or_null(data->'data'->>'readoutOf'))
  WHERE type = 'EVENT_CORRECTED' AND data->'data' ? 'readoutOf';

-- 2. The claims read model: one row per stream holding claims (statements, violation reports,
--    disputed events), its state the claims in valid-time order; `state->'readoutOf'` lists the
--    calls and meetings its statements give an account of (Call.readouts).
CREATE TABLE rm_claims (
  id         text PRIMARY KEY,
  principals text[] NOT NULL,
  state      jsonb NOT NULL,
  brief      jsonb,
  position   bigint NOT NULL
);
CREATE INDEX rm_claims_principals ON rm_claims USING gin (principals);
CREATE INDEX rm_claims_readout_of ON rm_claims USING gin ((state->'readoutOf'));
INSERT INTO projection_checkpoints (name) VALUES ('claims') ON CONFLICT (name) DO NOTHING;

-- 3. Ceasefires and pledges gain violation tallies (violationClaims) and date reported violations by
--    their period: their states are folded again from the log when the service starts.
TRUNCATE rm_ceasefires, rm_pledges;
UPDATE projection_checkpoints SET position = 0, updated_at = now() WHERE name IN ('ceasefires', 'pledges');
