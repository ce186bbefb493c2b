-- The event store: actors, the append-only events table and the one-row log head.
-- Uses only what PostgreSQL 15 has.

CREATE TABLE actors (
  id            text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  kind          text NOT NULL CHECK (kind IN ('PERSON', 'STATE', 'ORGANIZATION')),
  represents    text REFERENCES actors (id),
  registered_at timestamptz NOT NULL DEFAULT now(),
  CHECK (represents IS NULL OR represents <> id)
);
CREATE INDEX actors_represents ON actors (represents);

-- The global position counter. Appends take it as their last step, so the row lock is held to
-- commit: positions are contiguous, in commit order, and a rollback gives them back.
CREATE TABLE log_head (
  singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_position bigint NOT NULL CHECK (last_position >= 0)
);
INSERT INTO log_head (singleton, last_position) VALUES (true, 0);

CREATE TABLE events (
  position           bigint PRIMARY KEY CHECK (position >= 1),
  id                 uuid NOT NULL UNIQUE,
  stream_id          text NOT NULL CHECK (stream_id ~ '^[a-z0-9][a-z0-9._:-]{0,127}$'),
  stream_version     integer NOT NULL CHECK (stream_version >= 1),
  type               text NOT NULL CHECK (type IN (
                       'CALL_HELD', 'MEETING_HELD', 'STATEMENT_MADE', 'CLAIM_DISPUTED', 'DEMAND_MADE',
                       'PROPOSAL_MADE', 'PROPOSAL_ACCEPTED', 'PROPOSAL_REJECTED', 'AGREEMENT_REACHED',
                       'PLEDGE_MADE', 'PLEDGE_WITHDRAWN', 'STRIKE_REPORTED', 'VIOLATION_REPORTED',
                       'EVENT_CORRECTED', 'EVENT_RETRACTED')),
  schema_version     integer NOT NULL DEFAULT 1,
  data               jsonb NOT NULL,
  -- sources, appendedBy (key name), correlationId, causationId
  metadata           jsonb NOT NULL,
  occurred_at        timestamptz NOT NULL,
  occurred_precision text NOT NULL CHECK (occurred_precision IN ('SECOND', 'MINUTE', 'HOUR', 'DAY', 'MONTH', 'YEAR')),
  recorded_at        timestamptz NOT NULL,
  actor_ids          text[] NOT NULL,
  -- the event a correction or retraction names
  ref_event_id       uuid,
  summary            text NOT NULL,
  cameo_code         text,
  -- summary, statements and quotes, for the text filter
  search_text        text NOT NULL,
  UNIQUE (stream_id, stream_version)
);
CREATE INDEX events_actor_ids ON events USING gin (actor_ids);
CREATE INDEX events_occurred ON events (occurred_at, position);
CREATE INDEX events_type ON events (type, position);
CREATE INDEX events_recorded ON events (recorded_at);
CREATE INDEX events_ref_event ON events (ref_event_id, position) WHERE ref_event_id IS NOT NULL;
CREATE INDEX events_search ON events USING gin (to_tsvector('english'::regconfig, search_text));

-- Immutable in the database itself: corrections are new events.
CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the events table is append-only: % refused', TG_OP
    USING ERRCODE = 'restrict_violation',
          HINT = 'append an EVENT_CORRECTED or EVENT_RETRACTED event instead';
END
$$;
CREATE TRIGGER events_append_only_rows BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
CREATE TRIGGER events_append_only_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();

-- The log head only moves forward.
CREATE FUNCTION log_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' OR NEW.last_position < OLD.last_position THEN
    RAISE EXCEPTION 'log_head only moves forward: % refused', TG_OP USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER log_head_forward BEFORE UPDATE OR DELETE ON log_head
  FOR EACH ROW EXECUTE FUNCTION log_head_forward_only();
CREATE TRIGGER log_head_no_truncate BEFORE TRUNCATE ON log_head
  FOR EACH STATEMENT EXECUTE FUNCTION log_head_forward_only();
