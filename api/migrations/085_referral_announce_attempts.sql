-- 085: referral cards are sent until they arrive (issue 12, item 1). A card
-- that failed (the Bot Connector down, a timeout) or was never sent (the
-- instance died between the completion's commit and the send) is tried again
-- by the referral sweep (api/referralSweep.ts): one row per (referral,
-- officer, chat) attempted, the claim of an attempt. Whoever's INSERT or
-- conditional UPDATE returns the row sends; a row attempted less than the
-- retry interval ago, or too often, is not claimable, so several instances
-- send one card between them. A card that arrived is a referral_notices row
-- and is never sent again. Ids and times only. Rows go with their referral.
-- Runs on PostgreSQL 15+ and PGlite.
CREATE TABLE referral_announce_attempts (
  referral_id     uuid NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
  officer_id      text NOT NULL,
  bot_id          text NOT NULL,
  attempts        integer NOT NULL DEFAULT 1 CHECK (attempts >= 1),
  last_attempt_at timestamptz NOT NULL,
  PRIMARY KEY (referral_id, officer_id, bot_id)
);
