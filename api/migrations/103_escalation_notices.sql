-- 103: the escalation loop closed for the officer who escalated (issue 12,
-- item 6): they are told in Teams when a specialist takes the case and when
-- the in-depth assessment of it is completed (api/escalationNotifier.ts), each
-- card an audited read of what it shows ('escalation.notice', entity: the
-- case). Which in-depth assessment concluded an escalation is written with
-- that assessment's completion (concluded_by), so an escalation is concluded
-- — and its officer told — once, whatever in-depth assessments of the case
-- follow. Runs on PostgreSQL 15+ and PGlite.
ALTER TABLE referrals
  ADD COLUMN concluded_by uuid NULL REFERENCES assessments (id) ON DELETE SET NULL,
  ADD CONSTRAINT referrals_concluded_only_in_depth CHECK (concluded_by IS NULL OR kind = 'in_depth');
-- Read by the assessment that concluded it, and followed when an assessment is erased.
CREATE INDEX referrals_concluded_by_idx ON referrals (concluded_by) WHERE concluded_by IS NOT NULL;
INSERT INTO audit_actions (action) VALUES ('escalation.notice');
