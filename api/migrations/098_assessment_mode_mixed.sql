-- 098: an assessment's mode may be 'mixed' (issue 13, item 6). 048 set the mode
-- once, at creation, so an officer who switched between step by step and
-- compact midway was counted under the mode the draft was made in, and the
-- minutes per mode mixed the two. Now every answer saved names its mode
-- (api/sqlAnswerSave.ts), and one given in the other mode makes the assessment
-- 'mixed' for good. Runs on PostgreSQL 15+ and PGlite.
ALTER TABLE assessments DROP CONSTRAINT assessments_mode_check;
ALTER TABLE assessments ADD CONSTRAINT assessments_mode_check CHECK (mode IN ('step', 'compact', 'mixed'));
