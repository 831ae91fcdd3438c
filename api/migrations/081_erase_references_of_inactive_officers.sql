-- 081: a deactivated officer's stored Teams chats are erased with the
-- deactivation from now on (api/officerAdministration.ts); this erases those
-- of officers deactivated before. Nothing speaks to an inactive officer (their
-- reminders go to the region's Bops officers), and a reference is personal
-- data kept only to reach them. Runs on PostgreSQL 15+ and PGlite.
DELETE FROM conversation_references r USING officers o WHERE o.id = r.officer_id AND NOT o.active;
