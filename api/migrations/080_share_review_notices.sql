-- 080 (issue 15, notices): a share's proactive card to its investigators and a
-- review's proactive card to the officer who made the assessment are each an
-- audited read of what the card shows (api/shareReviewNotifier.ts).
INSERT INTO audit_actions (action) VALUES ('share.notice'), ('review.notice');
