-- Issue 15 (agreements of every kind), second edition of the catalogue's read-model rules.
--
-- 1. Events that name a subject outside their own stream: a counter-proposal
--    (PROPOSAL_MADE.counterTo), an implementation report in a stream of its own
--    (IMPLEMENTATION_REPORTED.implements), and a correction that gives an event either. One
--    immutable expression, indexed, finds them for a set of subjects (`&&`); NULL for every other event.
CREATE FUNCTION event_subject_links(type text, data jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN type = 'PROPOSAL_MADE' THEN
      CASE WHEN jsonb_typeof(data->'counterTo') = 'string' THEN ARRAY[data->>'counterTo'] END
    WHEN type = 'IMPLEMENTATION_REPORTED' THEN
      CASE WHEN jsonb_typeof(data->'implements') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(data->'implements')) END
    WHEN type = 'EVENT_CORRECTED' AND jsonb_typeof(data->'data') = 'object' THEN
      nullif(
        CASE WHEN jsonb_typeof(data->'data'->'counterTo') = 'string' THEN ARRAY[data->'data'->>'counterTo'] ELSE '{}'::text[] END
        || CASE WHEN jsonb_typeof(data->'data'->'implements') = 'array'
                THEN ARRAY(SELECT jsonb_array_elements_text(data->'data'->'implements')) ELSE '{}'::text[] END,
        '{}'::text[])
  END
$$;

CREATE INDEX events_subject_links ON events USING gin (event_subject_links(type, data))
  WHERE type IN ('PROPOSAL_MADE', 'IMPLEMENTATION_REPORTED', 'EVENT_CORRECTED');

-- 2. The agreements read model: every proposal and agreement, of every kind.
CREATE TABLE rm_agreements (
  id         text PRIMARY KEY,
  principals text[] NOT NULL,
  state      jsonb NOT NULL,
  brief      jsonb,
  position   bigint NOT NULL
);
CREATE INDEX rm_agreements_principals ON rm_agreements USING gin (principals);
INSERT INTO projection_checkpoints (name) VALUES ('agreements') ON CONFLICT (name) DO NOTHING;

-- 3. The second edition changes first-edition answers (CHANGELOG.md): a conditional acceptance no
--    longer brings a ceasefire into force; a proposer on a party's side counts as accepting; reports
--    against the non-accepting side no longer make a subject VIOLATED; a rejection after agreement
--    terminates instead of rejecting; pledges can be FULFILLED. The ceasefire and pledge read models
--    are rebuilt from the log: their rows go, their checkpoints go back to 0, and the projector folds
--    them again when the service starts (reads before it has caught up can wait with minPosition).
TRUNCATE rm_ceasefires, rm_pledges;
UPDATE projection_checkpoints SET position = 0, updated_at = now() WHERE name IN ('ceasefires', 'pledges');
