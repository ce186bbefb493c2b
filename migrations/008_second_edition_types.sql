-- The event catalogue's second edition: three new event types (CONDITIONS_MET,
-- IMPLEMENTATION_REPORTED, PLEDGE_FULFILLED). The CHECK of events.type (001) lists the types it
-- takes: it is replaced by one that lists all eighteen. The new payload fields of the existing
-- types are all optional and need nothing here.
-- NOT VALID, then VALIDATE: the check of the stored rows does not block appends meanwhile.

ALTER TABLE events DROP CONSTRAINT events_type_check;
ALTER TABLE events ADD CONSTRAINT events_type_check CHECK (type IN (
  'CALL_HELD', 'MEETING_HELD', 'STATEMENT_MADE', 'CLAIM_DISPUTED', 'DEMAND_MADE',
  'PROPOSAL_MADE', 'PROPOSAL_ACCEPTED', 'PROPOSAL_REJECTED', 'CONDITIONS_MET', 'AGREEMENT_REACHED',
  'IMPLEMENTATION_REPORTED', 'PLEDGE_MADE', 'PLEDGE_WITHDRAWN', 'PLEDGE_FULFILLED', 'STRIKE_REPORTED',
  'VIOLATION_REPORTED', 'EVENT_CORRECTED', 'EVENT_RETRACTED')) NOT VALID;
ALTER TABLE events VALIDATE CONSTRAINT events_type_check;
