-- 020: an officer's work list (GET /api/v1/worklist) shows, per case, what
-- they have to do — case numbers, due dates, the latest judgement — so showing
-- it is a consultation of each case on the page, audited as 'worklist.read'
-- (entity: the case). The list mirrors api/auditLog.ts (a spec compares them).
-- Runs on PostgreSQL 15+ and PGlite.
INSERT INTO audit_actions (action) VALUES ('worklist.read');
