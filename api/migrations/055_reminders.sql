-- 055: reminders (issue 12, item 3). A re-assessment due date and every
-- measure follow-up date (or a contact ban's expiry, whichever comes first)
-- remind the responsible officer on the due day; if nothing happens, an
-- overdue notice goes to the region's Bops officers some days later. The
-- poller (api/reminderPoller.ts) reads due work from the plans themselves and
-- records here what it has decided to send, so that each reminder goes out
-- once across restarts and with several server instances:
--   * reminders: one row per (kind, what it is about, entity, due date) — the
--     unique key is the claim; the instance whose INSERT wins also fixes the
--     recipients in the same transaction. A moved due date is a new reminder.
--   * reminder_deliveries: one row per recipient, a small state machine —
--     pending → sending (claimed with FOR UPDATE SKIP LOCKED until
--     next_attempt_at, the lease) → sent | refused | no_reference | failed;
--     a failed attempt goes back to pending with a later next_attempt_at, and
--     a lease that runs out (the instance died mid-send) makes the row
--     claimable again. One still to go when its work was done, moved or
--     closed meanwhile is 'withdrawn' instead of sent late; so is one whose
--     recipient was deactivated meanwhile, and the region's Bops officers get
--     deliveries of their own ('stands_in').
-- Rows hold ids and dates only — no names, no free text. They go with their
-- case when the retention job erases it (ON DELETE CASCADE). A delivered
-- reminder is an audited read of what it shows: 'reminder.deliver' (entity:
-- the case); the list mirrors api/auditLog.ts (a spec compares them).
-- Runs on PostgreSQL 15+ and PGlite.
CREATE TABLE reminders (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind       text NOT NULL CHECK (kind IN ('reassessment_due', 'measure_follow_up_due', 'overdue_notice')),
  about      text NOT NULL CHECK (about IN ('reassessment', 'measure_follow_up')),
  -- The planned re-assessment (reassessments.id) or the measure (protection_measures.id).
  entity_id  uuid NOT NULL,
  due_on     date NOT NULL,
  case_id    uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  plan_id    uuid NOT NULL,
  measure_id uuid NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT reminders_once UNIQUE (kind, about, entity_id, due_on),
  CONSTRAINT reminders_measure_iff_measure CHECK ((about = 'measure_follow_up') = (measure_id IS NOT NULL)),
  CONSTRAINT reminders_kind_fits CHECK (
    kind = 'overdue_notice'
    OR (kind = 'reassessment_due' AND about = 'reassessment')
    OR (kind = 'measure_follow_up_due' AND about = 'measure_follow_up'))
);

CREATE INDEX reminders_case_idx ON reminders (case_id);

CREATE TABLE reminder_deliveries (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reminder_id     uuid NOT NULL REFERENCES reminders (id) ON DELETE CASCADE,
  recipient_id    text NOT NULL REFERENCES officers (id),
  -- Why this officer: responsible for the work, standing in for a deactivated
  -- (or missing) responsible officer, or told of overdue work in the region.
  reason          text NOT NULL CHECK (reason IN ('responsible', 'stands_in', 'overdue_in_region')),
  state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'refused', 'no_reference', 'failed', 'withdrawn')),
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- Pending: not before this instant. Sending: the claim's lease runs out then.
  next_attempt_at timestamptz NOT NULL,
  finished_at     timestamptz NULL,
  CONSTRAINT reminder_deliveries_once UNIQUE (reminder_id, recipient_id),
  CONSTRAINT reminder_deliveries_finished_iff_final CHECK ((state IN ('sent', 'refused', 'no_reference', 'failed', 'withdrawn')) = (finished_at IS NOT NULL))
);

CREATE INDEX reminder_deliveries_open_idx ON reminder_deliveries (next_attempt_at, id) WHERE state IN ('pending', 'sending');

INSERT INTO audit_actions (action) VALUES ('reminder.deliver');
