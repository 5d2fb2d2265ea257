-- test migrations for DatabaseMigratorConcurrencyTest: a table, a second step that alters it and adds a row
-- (a migration applied twice would fail or leave two rows)
CREATE TABLE mt_a_item (
    id BIGINT NOT NULL PRIMARY KEY,
    name VARCHAR(64) NOT NULL
);
