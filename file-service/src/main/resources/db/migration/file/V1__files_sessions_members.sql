-- file-service owns these tables; no other service reads them.

-- one row per uploaded file; the bytes are in the blob store under object_key, which is made by the
-- server (yyyy/MM/<random UUID>) and never derived from the client's file name
CREATE TABLE file_object (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    gid        VARCHAR(64)  NOT NULL,
    object_key VARCHAR(128) NOT NULL,
    -- the client's file name, cleaned of paths and control characters
    title      VARCHAR(255) NOT NULL,
    size       BIGINT       NOT NULL,
    -- media type, e.g. image/png
    type       VARCHAR(127) NOT NULL DEFAULT '',
    -- user id of the uploader
    added_by   BIGINT       NOT NULL,
    -- Unix seconds
    added_date BIGINT       NOT NULL,
    CONSTRAINT uk_file_object_key UNIQUE (object_key)
);

-- attach/getList: one chat's files by id
CREATE INDEX idx_file_object_gid ON file_object (gid, id);

-- the sids of live sessions, from presence events (ONLINE adds, OFFLINE removes): HTTP requests
-- authenticate with them
CREATE TABLE file_session (
    sid           VARCHAR(64)  NOT NULL PRIMARY KEY,
    user_id       BIGINT       NOT NULL,
    connection_id VARCHAR(128) NOT NULL,
    -- epoch milliseconds of the ONLINE event
    created_at    BIGINT       NOT NULL
);

CREATE INDEX idx_file_session_user ON file_session (user_id);
CREATE INDEX idx_file_session_connection ON file_session (connection_id);

-- file's own view of the chats and their members, from chat events (each carries the full member list)
CREATE TABLE file_chat (
    gid        VARCHAR(64) NOT NULL PRIMARY KEY,
    -- epoch milliseconds of the chat event last applied
    updated_at BIGINT      NOT NULL
);

CREATE TABLE file_chat_member (
    gid     VARCHAR(64) NOT NULL,
    user_id BIGINT      NOT NULL,
    PRIMARY KEY (gid, user_id)
);
