-- Issue 18 (the projector under load): a read-model row says how far in valid time its fold went.
--
-- folded_until is the latest occurred_at among the events the row's state was folded from (as
-- amended). An event that occurred after it sorts after everything already folded, so the projector
-- can fold it onto the stored state instead of loading and folding the subject's whole history
-- again (a ceasefire in force through a war holds thousands of violations). NULL: not known (rows
-- written before this migration); the next change to such a subject folds it again from the log,
-- which fills it in.
ALTER TABLE rm_ceasefires ADD COLUMN folded_until timestamptz;
ALTER TABLE rm_pledges ADD COLUMN folded_until timestamptz;
ALTER TABLE rm_agreements ADD COLUMN folded_until timestamptz;
ALTER TABLE rm_claims ADD COLUMN folded_until timestamptz;
