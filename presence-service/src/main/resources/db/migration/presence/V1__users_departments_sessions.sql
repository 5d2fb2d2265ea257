-- presence-service owns these tables; no other service reads them.
CREATE TABLE department (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name       VARCHAR(100) NOT NULL,
    parent     BIGINT       NOT NULL DEFAULT 0,
    sort_order INT          NOT NULL DEFAULT 0,
    CONSTRAINT uk_department_name UNIQUE (name)
);

CREATE TABLE user_account (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    account       VARCHAR(64)  NOT NULL,
    -- bcrypt of the client's md5, or a legacy ranzhi md5(md5 + account) until the first login
    password_hash VARCHAR(100) NOT NULL,
    realname      VARCHAR(100) NOT NULL DEFAULT '',
    avatar        VARCHAR(255) NOT NULL DEFAULT '',
    role          VARCHAR(64)  NOT NULL DEFAULT '',
    dept          BIGINT       NOT NULL DEFAULT 0,
    status        VARCHAR(16)  NOT NULL DEFAULT 'offline',
    admin         VARCHAR(8)   NOT NULL DEFAULT 'no',
    gender        VARCHAR(8)   NOT NULL DEFAULT '',
    email         VARCHAR(255) NOT NULL DEFAULT '',
    mobile        VARCHAR(64)  NOT NULL DEFAULT '',
    phone         VARCHAR(64)  NOT NULL DEFAULT '',
    site          VARCHAR(255) NOT NULL DEFAULT '',
    failed_logins INT          NOT NULL DEFAULT 0,
    locked_until  BIGINT       NOT NULL DEFAULT 0,
    deleted       BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at    BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT uk_user_account UNIQUE (account)
);

-- one live session per user: a second login replaces it and kicks the older connection
CREATE TABLE user_session (
    user_id       BIGINT       NOT NULL PRIMARY KEY,
    sid           VARCHAR(64)  NOT NULL,
    gateway_id    VARCHAR(64)  NOT NULL,
    connection_id VARCHAR(128) NOT NULL,
    created_at    BIGINT       NOT NULL
);

CREATE TABLE user_settings (
    user_id    BIGINT   NOT NULL PRIMARY KEY,
    -- VARCHAR, not a text/CLOB type, so H2 and MySQL both hand it back as a string
    settings   VARCHAR(16000) NOT NULL,
    updated_at BIGINT   NOT NULL
);
