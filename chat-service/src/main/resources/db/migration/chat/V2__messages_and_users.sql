-- Messages of every chat. gid is client-made and the idempotency key: a re-sent gid stores nothing new.
CREATE TABLE chat_message (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    gid          VARCHAR(64)  NOT NULL,
    cgid         VARCHAR(64)  NOT NULL,
    -- the sender; 0 for server-made broadcasts
    user_id      BIGINT       NOT NULL DEFAULT 0,
    -- Unix seconds
    sent_date    BIGINT       NOT NULL DEFAULT 0,
    type         VARCHAR(16)  NOT NULL DEFAULT 'normal',
    content_type VARCHAR(16)  NOT NULL DEFAULT 'text',
    -- MEDIUMTEXT, not TEXT: MySQL's TEXT holds 65,535 bytes, fewer than 32,000 utf8mb4 characters may need
    content      MEDIUMTEXT   NOT NULL,
    CONSTRAINT uk_chat_message_gid UNIQUE (gid)
);

-- history: one chat's messages by id, newest first
CREATE INDEX idx_chat_message_cgid ON chat_message (cgid, id);

-- chat's own view of the users, fed by presence events (it never reads presence's tables)
CREATE TABLE chat_user (
    id         BIGINT       NOT NULL PRIMARY KEY,
    account    VARCHAR(64)  NOT NULL DEFAULT '',
    realname   VARCHAR(100) NOT NULL DEFAULT '',
    -- 'super' for a system administrator, 'no' otherwise
    admin      VARCHAR(8)   NOT NULL DEFAULT 'no',
    -- epoch milliseconds of the presence event last applied
    updated_at BIGINT       NOT NULL DEFAULT 0
);
