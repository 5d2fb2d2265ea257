-- What the 2.x clients add to the model (issue 17). One script for H2 (MySQL mode) and MariaDB.

-- when an admin dismissed the group chat (Unix seconds); 0: not dismissed. A dismissed chat takes no new
-- messages or changes; its history stays readable.
ALTER TABLE chat ADD COLUMN dismiss_date BIGINT NOT NULL DEFAULT 0;

-- each member's own category of the chat (like star/hide/mute); '' for none
ALTER TABLE chat_member ADD COLUMN category VARCHAR(100) NOT NULL DEFAULT '';

-- the client's own number of the message ("order" in the protocol, a reserved word in SQL); 0 when none
ALTER TABLE chat_message ADD COLUMN client_order BIGINT NOT NULL DEFAULT 0;

-- history from a start date (the 2.x clients fetch the last three months of every chat): the pager's
-- count of one chat's messages at or after a date reads this index alone
CREATE INDEX idx_chat_message_date ON chat_message (cgid, sent_date);
