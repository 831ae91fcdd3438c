-- 021: measure decisions (issue 12, item 7). A measure is decided, carried
-- out, declined or ended by someone on a day: who (an officer id or an
-- authority such as 'aklagare'), when, and for a declined measure why. A
-- time-limited measure — a contact ban above all — records when it expires;
-- its expiry is a follow-up date of its own (the work list shows whichever
-- comes first). A change to declined through the API must give its reason
-- (api/caseContract.ts); measures declined earlier, or proposed as declined
-- in a plan, have none. A version, bumped by every change, is the measure's ETag, so a
-- stale card or a second officer changes nothing (If-Match). Runs on
-- PostgreSQL 15+ and PGlite.
ALTER TABLE protection_measures
  ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  ADD COLUMN decided_by text NULL CHECK (decided_by ~ '^[A-Za-z0-9:._@-]{1,128}$'),
  ADD COLUMN decided_on date NULL,
  ADD COLUMN decline_reason text NULL CHECK (char_length(decline_reason) BETWEEN 1 AND 1000),
  ADD COLUMN expires_on date NULL,
  ADD CONSTRAINT protection_measures_decision_dated CHECK ((decided_by IS NULL) = (decided_on IS NULL)),
  ADD CONSTRAINT protection_measures_reason_only_when_declined CHECK (decline_reason IS NULL OR status = 'declined');
