-- What eventCounts groups by and the side, country, target-category and means filters match, each
-- rule in one place: immutable functions of an event's type and payload (for a correction or a
-- retraction the repository passes the payload it names). The API reads them through
-- src/events/events.repository.ts only.

-- The primary actor, whose principal is the event's side (the contract's rule): a call's initiator,
-- else its first participant (a meeting has no initiator: its first participant); the speaker; `by`
-- of a dispute, demand or pledge event; the first proposer; the party of an answer; the first party of
-- an agreement; a strike's attacker; the reporter of a violation or an implementation.
CREATE FUNCTION event_primary_actor(kind text, payload jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE
    WHEN kind IN ('CALL_HELD', 'MEETING_HELD') THEN coalesce(payload->>'initiator', payload->'participants'->>0)
    WHEN kind = 'STATEMENT_MADE' THEN payload->>'speaker'
    WHEN kind IN ('CLAIM_DISPUTED', 'DEMAND_MADE', 'PLEDGE_MADE', 'PLEDGE_WITHDRAWN', 'PLEDGE_FULFILLED') THEN payload->>'by'
    WHEN kind = 'PROPOSAL_MADE' THEN payload->'proposers'->>0
    WHEN kind IN ('PROPOSAL_ACCEPTED', 'PROPOSAL_REJECTED', 'CONDITIONS_MET') THEN payload->>'party'
    WHEN kind = 'AGREEMENT_REACHED' THEN payload->'parties'->>0
    WHEN kind = 'STRIKE_REPORTED' THEN payload->>'attacker'
    WHEN kind IN ('VIOLATION_REPORTED', 'IMPLEMENTATION_REPORTED') THEN payload->>'reportedBy'
  END $$;

-- A strike's target category, or the one a pledge's commitment names (the export's target_category).
CREATE FUNCTION event_target_category(kind text, payload jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE
    WHEN kind = 'STRIKE_REPORTED' THEN payload->>'targetCategory'
    WHEN kind = 'PLEDGE_MADE' THEN payload->'commitment'->>'targetCategory'
  END $$;

-- A strike's country (ISO 3166 alpha-2) and means: only strikes have them.
CREATE FUNCTION event_country(kind text, payload jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN kind = 'STRIKE_REPORTED' THEN payload->>'country' END $$;

CREATE FUNCTION event_means(kind text, payload jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN kind = 'STRIKE_REPORTED' THEN payload->>'means' END $$;
