-- 106: an officer ends a protection plan by hand, with a reason (POST
-- /plans/{id}/closure, api/sqlPlanClosure.ts) — the person no longer needs it,
-- or an omprövning named someone else and the old plan would otherwise stay
-- active, its follow-ups in the work list and reminders. The reason is free
-- text about people, so it stays on the plan's row, never in the audit row
-- ('plan.close', migration 105, names the plan only). Plans closed by a
-- takeover or by their case's closing carry none. Runs on PostgreSQL 15+ and
-- PGlite.

ALTER TABLE protection_plans ADD COLUMN close_reason text NULL;
ALTER TABLE protection_plans ADD CONSTRAINT protection_plans_close_reason_length
  CHECK (close_reason IS NULL OR (char_length(close_reason) BETWEEN 1 AND 1000 AND status = 'closed'));
