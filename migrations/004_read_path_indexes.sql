-- Indexes for the read paths that the benchmarks (npm run bench) showed growing with the log.

-- The folds load a side's strikes in a pledge's or ceasefire's window (subject-loader.ts):
-- by attacker and valid time, without visiting the side's other events.
CREATE INDEX events_strikes_by_attacker ON events ((data->>'attacker'), occurred_at) WHERE type = 'STRIKE_REPORTED';

-- "Is this event retracted?" is asked of every event a filtered query returns.
CREATE INDEX events_retractions ON events (ref_event_id) WHERE type = 'EVENT_RETRACTED';

-- Appends check that acceptances, rejections and withdrawals go to a stream with their subject.
CREATE INDEX events_subject_streams ON events (stream_id, type) WHERE type IN ('PROPOSAL_MADE', 'PLEDGE_MADE', 'AGREEMENT_REACHED');

-- Strikes in a window whatever their attacker (a correction may make them the side's), and the
-- corrections that move an event's time: both bounded by the window, not the length of the log.
CREATE INDEX events_strikes_by_time ON events (occurred_at) WHERE type = 'STRIKE_REPORTED';
CREATE INDEX events_time_corrections ON events (ref_event_id) WHERE type = 'EVENT_CORRECTED' AND data ? 'occurredAt';

-- Each read-model row also keeps its state with only the earliest violation: what queries that do
-- not list violations read (a ceasefire in force through a war collects thousands; its state and a
-- pledge's brokenAt depend only on the earliest). Null in rows written before: the state is read.
ALTER TABLE rm_ceasefires ADD COLUMN brief jsonb;
ALTER TABLE rm_pledges ADD COLUMN brief jsonb;
