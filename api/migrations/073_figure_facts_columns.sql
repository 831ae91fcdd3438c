-- 073: what the figures (issue 16, item 5) read of a completed assessment, kept
-- beside it by PostgreSQL itself so a figure reads a narrow index instead of
-- every assessment's derived JSON: whether it has an overall summary judgement,
-- whether a consistency flag was still raised, and the minutes from start to
-- completion. Generated columns are computed on every write, in the same
-- statement, so the figures stay exact. The referral decision (item 'beslut'
-- answered 'remittera') gets a partial index of its own. Runs on PostgreSQL
-- 15+ and PGlite.
ALTER TABLE assessments
  ADD COLUMN figure_judged boolean GENERATED ALWAYS AS ((derived -> 'judgements' ->> 'overall') IS NOT NULL) STORED,
  ADD COLUMN figure_flagged boolean GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(derived -> 'flags') = 'array' THEN jsonb_array_length(derived -> 'flags') > 0 ELSE false END) STORED,
  ADD COLUMN figure_minutes float8 GENERATED ALWAYS AS (extract(epoch FROM completed_at - created_at)::float8 / 60) STORED;

CREATE INDEX assessments_figure_facts_idx ON assessments (case_id)
  INCLUDE (id, level, instrument_id, completed_at, figure_judged, figure_flagged, figure_minutes) WHERE status = 'completed';

CREATE INDEX assessment_answers_referred_idx ON assessment_answers (assessment_id) WHERE item_id = 'beslut' AND value = '"remittera"'::jsonb;
