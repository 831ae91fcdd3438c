-- 048: how long an assessment took the officer (issue 13, item 6), so statistics
-- can report minutes per instrument and mode. The start is created_at and the
-- end completed_at (both already stored); added here:
--   active_time      the officer's active time: the sum of the gaps between the
--                    officer's successive writes (creation, each answer, the
--                    completion) that are no longer than a pause limit
--                    (ACTIVE_GAP_LIMIT_SECONDS in api/activeTime.ts, passed in
--                    by the repository). Accumulated on every write, so changing
--                    an earlier answer (which overwrites answered_at) loses
--                    nothing. NULL for assessments made before this migration:
--                    their time is unknown, not zero.
--   last_activity_at the officer's latest write, which the next gap counts from.
--   mode             how the dialog asked: 'step' (one question at a time, the
--                    default and all there was before) or 'compact' (cards).
-- Runs on PostgreSQL 15+ and PGlite.

ALTER TABLE assessments ADD COLUMN active_time interval NULL;
ALTER TABLE assessments ALTER COLUMN active_time SET DEFAULT interval '0';
ALTER TABLE assessments ADD CONSTRAINT assessments_active_time_not_negative CHECK (active_time IS NULL OR active_time >= interval '0');
ALTER TABLE assessments ADD COLUMN last_activity_at timestamptz NULL;
ALTER TABLE assessments ADD COLUMN mode text NOT NULL DEFAULT 'step' CHECK (mode IN ('step', 'compact'));
