-- 097: minutes per assessment measure the officer's recorded active time
-- (migration 048, api/activeTime.ts), not the time from creation to completion.
-- 073's figure_minutes took completed_at - created_at: how long a draft lay
-- open, a night included when the officer finished it the next morning — the
-- very measure activeTime.ts warns against. An assessment made before 048 has
-- no recorded time (NULL), so it is left out of the median, not counted as 0.
-- Runs on PostgreSQL 15+ and PGlite.

-- A generated column's expression cannot be altered before PostgreSQL 17: the
-- column is made again under the same name (figure_facts_refresh in 074 reads
-- it by name), and the index that held it with it.
ALTER TABLE assessments DROP COLUMN figure_minutes;
ALTER TABLE assessments
  ADD COLUMN figure_minutes float8 GENERATED ALWAYS AS (extract(epoch FROM active_time)::float8 / 60) STORED;
CREATE INDEX assessments_figure_facts_idx ON assessments (case_id)
  INCLUDE (id, level, instrument_id, completed_at, figure_judged, figure_flagged, figure_minutes) WHERE status = 'completed';

-- The facts already kept take the new minutes; a completed assessment's active
-- time changes only with its completion, which the facts' triggers see (074).
UPDATE figure_assessment_facts f SET minutes = a.figure_minutes
FROM assessments a
WHERE a.id = f.assessment_id AND f.minutes IS DISTINCT FROM a.figure_minutes;
