-- Issue 15: a Bops officer finds the case's shares again, to refresh or
-- withdraw one (GET /api/v1/cases/{caseNumber}/shares). The list shows the
-- shares whole (recipients, reason, snapshots), so reading it is one audit
-- row of its own, about the case.
-- Runs on PostgreSQL 15+ and PGlite.
INSERT INTO audit_actions (action) VALUES ('share.list');
