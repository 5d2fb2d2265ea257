-- chat-service owns these tables; no other service reads them.
CREATE TABLE chat (
    id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    gid              VARCHAR(64)   NOT NULL,
    name             VARCHAR(255)  NOT NULL DEFAULT '',
    type             VARCHAR(32)   NOT NULL DEFAULT 'group',
    -- comma-joined user ids
    admins           VARCHAR(4000) NOT NULL DEFAULT '',
    -- '', '$ALL', '$ADMINS' or comma-joined user ids, as the protocol sends it
    committers       VARCHAR(4000) NOT NULL DEFAULT '',
    subject          BIGINT        NOT NULL DEFAULT 0,
    is_public        BOOLEAN       NOT NULL DEFAULT FALSE,
    created_by       VARCHAR(64)   NOT NULL DEFAULT '',
    created_date     BIGINT        NOT NULL DEFAULT 0,
    edited_by        VARCHAR(64)   NOT NULL DEFAULT '',
    edited_date      BIGINT        NOT NULL DEFAULT 0,
    last_active_time BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT uk_chat_gid UNIQUE (gid)
);

-- current members of each chat, with each member's own star/hide/mute
CREATE TABLE chat_member (
    chat_id     BIGINT  NOT NULL,
    user_id     BIGINT  NOT NULL,
    joined_date BIGINT  NOT NULL DEFAULT 0,
    star        BOOLEAN NOT NULL DEFAULT FALSE,
    hide        BOOLEAN NOT NULL DEFAULT FALSE,
    mute        BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (chat_id, user_id)
);

CREATE INDEX idx_chat_member_user ON chat_member (user_id);
