-- Word pairs of the public search (issue 15): see the PostgreSQL
-- migration of the same number. donation_word_pairs lists each donation
-- under each pair of its paired words (first < second); a word is paired
-- (donation_word_counts.paired = 1) from its 1,000th row unless it was
-- then in more than one donation in 12 (2: never paired); 0 until then;
-- 3 once a paired word is in more than one donation in 8 (no longer
-- paired: its pairs so far unused).
-- The rows so far are paired by that rule, and signed again as 0013 did
-- (bits by how common the words are). SQLite has no bitwise OR
-- aggregate: the sum of the distinct powers of two is their OR.
ALTER TABLE donation_word_counts ADD COLUMN paired INTEGER NOT NULL DEFAULT 0;

CREATE TABLE donation_pairing (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    version INTEGER NOT NULL
);

INSERT INTO donation_pairing (one, version) VALUES (1, 0);

UPDATE donation_word_counts SET paired = CASE WHEN n * 12 <= (SELECT COALESCE(MAX(id), 0) FROM donations) THEN 1 ELSE 2 END
WHERE n >= 1000;

UPDATE donation_word_counts SET bit = (
    SELECT CASE WHEN r.k < 63 THEN r.k ELSE 62 - (r.k - 63) % 50 END FROM (SELECT word, row_number() OVER (ORDER BY n DESC, word) - 1 AS k FROM donation_word_counts) r
    WHERE r.word = donation_word_counts.word);

CREATE TEMP TABLE donation_sigs AS
SELECT x.donation_id AS donation_id, sum(DISTINCT 1 << c.bit) AS sig
FROM donation_words x JOIN donation_word_counts c ON c.word = x.word
GROUP BY x.donation_id;

CREATE UNIQUE INDEX temp.donation_sigs_id ON donation_sigs (donation_id);

UPDATE donation_words SET sig = (SELECT s.sig FROM donation_sigs s WHERE s.donation_id = donation_words.donation_id);

DROP TABLE donation_sigs;

CREATE TABLE donation_word_pairs (
    first TEXT NOT NULL,
    second TEXT NOT NULL,
    received_date TEXT NOT NULL,
    donation_id INTEGER NOT NULL,
    sig INTEGER NOT NULL,
    PRIMARY KEY (first, second, received_date, donation_id)
) WITHOUT ROWID;

CREATE TEMP TABLE paired_rows AS
SELECT w.word AS word, w.received_date AS received_date, w.donation_id AS donation_id, w.sig AS sig
FROM donation_words w JOIN donation_word_counts c ON c.word = w.word
WHERE c.paired = 1;

CREATE INDEX temp.paired_rows_donation ON paired_rows (donation_id, word);

INSERT INTO donation_word_pairs (first, second, received_date, donation_id, sig)
SELECT x.word, y.word, x.received_date, x.donation_id, x.sig
FROM paired_rows x JOIN paired_rows y ON y.donation_id = x.donation_id AND y.word > x.word;

DROP TABLE paired_rows;
