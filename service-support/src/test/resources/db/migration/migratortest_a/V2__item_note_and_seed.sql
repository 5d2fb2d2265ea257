ALTER TABLE mt_a_item ADD COLUMN note VARCHAR(64) NULL;
INSERT INTO mt_a_item (id, name, note) VALUES (1, 'seeded once', 'V2');
