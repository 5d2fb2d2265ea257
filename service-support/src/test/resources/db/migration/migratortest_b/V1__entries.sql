-- a second service's test migrations, in the same database with a history table of their own
CREATE TABLE mt_b_entry (
    id BIGINT NOT NULL PRIMARY KEY
);
INSERT INTO mt_b_entry (id) VALUES (1);
