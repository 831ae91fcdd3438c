-- 087: figure_facts_refresh(uuid[]) and figure_facts_mark(uuid[]) (074) are
-- SECURITY DEFINER and, unlike trigger functions, can be called directly; by
-- PostgreSQL's default every role could execute them, so any login in the
-- cluster could make the database recompute the figures of any cases with the
-- owner's rights. Only the figure triggers call them, and those run as the
-- owner. `npm run migrate` restates this after a restore
-- (api/appRolePrivileges.ts, closedToPublic).
REVOKE EXECUTE ON FUNCTION figure_facts_refresh(uuid[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION figure_facts_mark(uuid[]) FROM PUBLIC;
