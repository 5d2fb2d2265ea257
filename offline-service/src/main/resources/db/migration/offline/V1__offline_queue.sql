-- offline-service owns these tables; no other service reads them.

-- the offline queue of the document: pushes kept for a user until written to the user's connection
CREATE TABLE im_usermessage (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    level      INT          NOT NULL DEFAULT 3,
    user_id    BIGINT       NOT NULL,
    module     VARCHAR(30)  NOT NULL,
    method     VARCHAR(30)  NOT NULL,
    data       TEXT         NOT NULL,
    -- what the push is about (a message gid): queueing it again replaces it instead of adding a copy
    dedup_key  VARCHAR(128) NOT NULL,
    created_at BIGINT       NOT NULL,
    CONSTRAINT uk_usermessage_dedup UNIQUE (user_id, dedup_key)
);

CREATE INDEX idx_usermessage_user ON im_usermessage (user_id, level, id);

-- the connection of each user that has had its login flush: new pushes are written to it at once
CREATE TABLE offline_live_connection (
    user_id       BIGINT       NOT NULL PRIMARY KEY,
    connection_id VARCHAR(128) NOT NULL
);
