-- 104: the notices a write causes (a break-glass to the case's other officers,
-- a share to its investigators, a review to the assessing officer, an
-- escalation taken or completed to the officer who escalated) are recorded
-- with that write, in its transaction, one row per recipient officer, and
-- sent from here (api/noticeOutbox.ts): at once by the request after its
-- commit, and again by the notice sweep (api/noticeSweep.ts) when that send
-- failed or the instance died before it. A row is sent under a claim
-- (claimed_at, attempts) as a referral card is (085): whoever's conditional
-- UPDATE returns the row sends, a claim lapses after the retry interval, and
-- attempts are bounded. A row is settled once — sent (with its audit row, in
-- one transaction), refused (the chat marked) or dropped (the recipient no
-- longer active or allowed, no chat, the subject gone) — and never claimed
-- again. Ids, kinds and times only: the card is composed, and need-to-know
-- checked, when it is sent. Rows go with their case (ON DELETE CASCADE, the
-- retention job's erasure). Runs on PostgreSQL 15+ and PGlite.
CREATE TABLE notice_outbox (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind         text NOT NULL CHECK (kind IN ('break_glass', 'share', 'share_refreshed', 'review', 'escalation_taken', 'escalation_completed')),
  case_id      uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  -- What the notice is of: the officer who broke glass, the share, the review, the referral, the in-depth assessment.
  subject_id   text NOT NULL,
  officer_id   text NOT NULL,
  -- The client whose request made the write: the audit row's via.
  via_id       text NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  attempts     integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  claimed_at   timestamptz NULL,
  settled_at   timestamptz NULL,
  outcome      text NULL CHECK (outcome IN ('sent', 'refused', 'dropped')),
  drop_reason  text NULL CHECK (drop_reason IN ('inactive', 'not_allowed', 'no_chat', 'gone')),
  CONSTRAINT notice_outbox_settled CHECK ((settled_at IS NULL) = (outcome IS NULL)),
  CONSTRAINT notice_outbox_dropped_reasoned CHECK ((outcome = 'dropped') = (drop_reason IS NOT NULL))
);
-- What the sweep looks for, and what the request sends after its commit.
CREATE INDEX notice_outbox_unsettled_idx ON notice_outbox (recorded_at) WHERE settled_at IS NULL;
CREATE INDEX notice_outbox_subject_idx ON notice_outbox (subject_id) WHERE settled_at IS NULL;
CREATE INDEX notice_outbox_case_idx ON notice_outbox (case_id);
