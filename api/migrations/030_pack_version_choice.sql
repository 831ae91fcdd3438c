-- 030: a draft begun on an older method version may move to the newer one the
-- officer is offered, or stay (issue 14). The choice is the officer's, recorded
-- on the assessment (version_choice: the newer version they answered, so it is
-- offered once) and audited as 'assessment.version_choice' with the versions and
-- the answers that did not carry over (ids only). Runs on PostgreSQL 15+ and PGlite.

ALTER TABLE assessments ADD COLUMN version_choice text;
INSERT INTO audit_actions (action) VALUES ('assessment.version_choice');
