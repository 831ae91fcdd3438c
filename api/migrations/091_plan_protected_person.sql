-- 091: a plan states which person it protects (issue 12, item 8). A plan made
-- in chat used to name no one, and nothing could name one afterwards: the
-- protected-identity gates of work lists and reminders read the plan's person,
-- so a protected identity never restricted who was told. The plan's person is
-- now set or changed on an active plan (PUT /plans/{id}/protected-person),
-- audited as 'plan.protected_person' (entity: the plan; the person ids before
-- and after in the detail, never a label). Runs on PostgreSQL 15+ and PGlite.
INSERT INTO audit_actions (action) VALUES ('plan.protected_person');
