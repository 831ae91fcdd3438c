-- 040: a case-file document produced from an assessment (GET
-- /api/v1/assessments/{id}/document, PDF or its JSON twin) is audited as
-- 'assessment.document' (entity: the assessment), one row per document. The
-- list mirrors api/auditLog.ts (a spec compares them).
-- Runs on PostgreSQL 15+ and PGlite.
INSERT INTO audit_actions (action) VALUES ('assessment.document');
