-- Issue 7 (the timeline page): a read-model row's brief state keeps only its earliest violation;
-- it now also says how many there are (violationCount) and when the latest happened
-- (lastViolationAt, epoch ms), so that `violationCount` and `firstViolation` can be answered
-- without reading a state that holds thousands of violations.
-- The projector writes the count from now on; rows written before get it here.

UPDATE rm_ceasefires
   SET brief = brief || jsonb_build_object(
         'violationCount', jsonb_array_length(state->'violations'),
         'lastViolationAt', (SELECT max((v->>'at')::float8) FROM jsonb_array_elements(state->'violations') v))
 WHERE brief IS NOT NULL
   AND NOT brief ? 'violationCount'
   AND jsonb_typeof(state->'violations') = 'array'
   AND jsonb_array_length(state->'violations') > 1;

UPDATE rm_pledges
   SET brief = brief || jsonb_build_object(
         'violationCount', jsonb_array_length(state->'violations'),
         'lastViolationAt', (SELECT max((v->>'at')::float8) FROM jsonb_array_elements(state->'violations') v))
 WHERE brief IS NOT NULL
   AND NOT brief ? 'violationCount'
   AND jsonb_typeof(state->'violations') = 'array'
   AND jsonb_array_length(state->'violations') > 1;
