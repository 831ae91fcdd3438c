-- 096: the overdue notice of a referral no one has taken is a card with Ta
-- ärendet too (issue 12, item 3), sent by the reminders (about
-- 'open_referral'). Once someone takes the referral, the others' cards are
-- replaced by a note that it was taken (api/referralNotifier.ts) — which needs
-- to know where each card is. A referral_notices row now names which card it
-- is: the announcement ('announcement', as before) or an overdue notice
-- ('overdue'), one of each per officer and bot. Only an announcement counts as
-- the referral announced (the sweep's retries). Runs on PostgreSQL 15+ and PGlite.
ALTER TABLE referral_notices ADD COLUMN card text NOT NULL DEFAULT 'announcement' CHECK (card IN ('announcement', 'overdue'));
ALTER TABLE referral_notices DROP CONSTRAINT referral_notices_pkey;
ALTER TABLE referral_notices ADD PRIMARY KEY (referral_id, officer_id, bot_id, card);
