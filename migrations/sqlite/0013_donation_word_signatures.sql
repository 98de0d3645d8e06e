-- Word signatures of the public search (issue 15): see the PostgreSQL
-- migration of the same number. Each row of donation_words carries its
-- donation's signature, one bit for each of its words, the bit a word is
-- given in donation_word_counts (bits 0..62; here by how common the word
-- is, the 13 commonest words' bits shared with none; later by its hash:
-- store/donation_words.go, wordBit). SQLite has no
-- bitwise OR aggregate: the sum of the distinct powers of two is their OR.
ALTER TABLE donation_word_counts ADD COLUMN bit INTEGER NOT NULL DEFAULT 0;

UPDATE donation_word_counts SET bit = (
    SELECT CASE WHEN r.k < 63 THEN r.k ELSE 62 - (r.k - 63) % 50 END FROM (SELECT word, row_number() OVER (ORDER BY n DESC, word) - 1 AS k FROM donation_word_counts) r
    WHERE r.word = donation_word_counts.word);

CREATE TABLE donation_words_signed (
    word TEXT NOT NULL,
    received_date TEXT NOT NULL,
    donation_id INTEGER NOT NULL,
    sig INTEGER NOT NULL,
    PRIMARY KEY (word, received_date, donation_id)
) WITHOUT ROWID;

CREATE TEMP TABLE donation_sigs AS
SELECT x.donation_id AS donation_id, sum(DISTINCT 1 << c.bit) AS sig
FROM donation_words x JOIN donation_word_counts c ON c.word = x.word
GROUP BY x.donation_id;

CREATE UNIQUE INDEX temp.donation_sigs_id ON donation_sigs (donation_id);

INSERT INTO donation_words_signed (word, received_date, donation_id, sig)
SELECT w.word, w.received_date, w.donation_id, s.sig
FROM donation_words w JOIN donation_sigs s ON s.donation_id = w.donation_id;

DROP TABLE donation_sigs;

DROP TABLE donation_words;

ALTER TABLE donation_words_signed RENAME TO donation_words;
