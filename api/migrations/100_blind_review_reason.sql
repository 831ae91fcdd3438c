-- 100: a blind review that grades otherwise than the original gets its reason
-- afterwards (issue 15, item 4, review). The reviewer grades before seeing the
-- original, so the reason for a regrade can only be written once the original
-- is shown beside the fixed grades: PUT /assessments/{id}/reviews/{reviewId}/reason,
-- by the reviewer only, once, audited as 'review.reason' (entity: the review).
-- The grades themselves never change. The list mirrors api/auditLog.ts.
-- Runs on PostgreSQL 15+ and PGlite.
INSERT INTO audit_actions (action) VALUES ('review.reason');
