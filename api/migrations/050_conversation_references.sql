-- 050: where the bot can speak first (issue 12, item 4). The bot stores the
-- Teams conversation reference of an officer's personal chat through the API
-- after a turn (PUT /api/v1/officers/me/conversation-reference), one per
-- officer and bot, so that any instance can send a proactive card from it.
-- Ids only (conversation, bot, user, tenant, service URL): names are dropped
-- at the API's boundary. refused_at marks a reference the Bot Connector
-- refused (403/404: the bot was removed); it is not tried again until the
-- officer writes to the bot again, which stores the reference afresh.
-- Saving one that changed is audited as 'conversation_reference.save'
-- (entity: the officer). Runs on PostgreSQL 15+ and PGlite.
CREATE TABLE conversation_references (
  officer_id  text NOT NULL CHECK (officer_id ~ '^[A-Za-z0-9:._@-]{1,128}$'),
  bot_id      text NOT NULL CHECK (char_length(bot_id) BETWEEN 1 AND 256),
  reference   jsonb NOT NULL,
  locale      text NOT NULL DEFAULT 'sv' CHECK (locale IN ('sv', 'en')),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  refused_at  timestamptz NULL,
  PRIMARY KEY (officer_id, bot_id)
);

INSERT INTO audit_actions (action) VALUES ('conversation_reference.save');
