-- Delivery by sequence numbers and member cursors (DESIGN.md section 4).
--
-- seq: the message's place in its chat, given by chat-service in the chat's partition; strictly
-- increasing per chat. Existing rows get their id: strictly increasing per chat as well (MySQL cannot
-- number densely with an UPDATE that reads its own table), and new messages continue at MAX(seq) + 1.
ALTER TABLE chat_message ADD COLUMN seq BIGINT NULL;
UPDATE chat_message SET seq = id;
ALTER TABLE chat_message MODIFY COLUMN seq BIGINT NOT NULL;
-- one seq per chat (a second writer of the chat fails here instead of numbering twice); also the index
-- of history (newest first by seq), of the login sync (above a cursor) and of MAX(seq)
ALTER TABLE chat_message ADD CONSTRAINT uk_chat_message_seq UNIQUE (cgid, seq);
-- the (cgid, id) index served history by id; (cgid, seq) serves it now: one index less per insert
DROP INDEX idx_chat_message_cgid ON chat_message;

-- per member and chat: the highest seq a connection of that user confirmed reading. Advanced with
-- GREATEST only (batches may be replayed and reordered); a member without a row has read nothing.
-- Rows of former members stay: they are not read (the sync joins chat_member), and a member who joins
-- again starts at the chat's end anyway.
CREATE TABLE chat_cursor (
    user_id BIGINT      NOT NULL,
    cgid    VARCHAR(64) NOT NULL,
    seq     BIGINT      NOT NULL,
    PRIMARY KEY (user_id, cgid)
);

-- existing members have had their messages through the old offline queue: they start at their chat's
-- end, not at the whole history (what still waits in im_usermessage is flushed as before)
INSERT INTO chat_cursor (user_id, cgid, seq)
SELECT m.user_id, c.gid, COALESCE((SELECT MAX(x.seq) FROM chat_message x WHERE x.cgid = c.gid), 0)
FROM chat_member m JOIN chat c ON c.id = m.chat_id;
