-- Wider word signatures of the public search (issue 15): see the
-- PostgreSQL migration of the same number. The signature has 126 bits in
-- two columns, sig (bits 0-62) and sig2 (63-125); the 100 commonest words
-- get a bit each (0-99), the others one of the 26 shared bits (100-125),
-- and every row is signed again. SQLite has no bitwise OR aggregate: the
-- sum of the distinct powers of two is their OR.
ALTER TABLE donation_words ADD COLUMN sig2 INTEGER NOT NULL DEFAULT 0;

ALTER TABLE donation_word_pairs ADD COLUMN sig2 INTEGER NOT NULL DEFAULT 0;

UPDATE donation_word_counts SET bit = (
    SELECT CASE WHEN r.k < 100 THEN r.k ELSE 100 + (r.k - 100) % 26 END FROM (SELECT word, row_number() OVER (ORDER BY n DESC, word) - 1 AS k FROM donation_word_counts) r
    WHERE r.word = donation_word_counts.word);

CREATE TEMP TABLE donation_sigs AS
SELECT x.donation_id AS donation_id,
    sum(DISTINCT CASE WHEN c.bit < 63 THEN 1 << c.bit ELSE 0 END) AS sig,
    sum(DISTINCT CASE WHEN c.bit >= 63 THEN 1 << (c.bit - 63) ELSE 0 END) AS sig2
FROM donation_words x JOIN donation_word_counts c ON c.word = x.word
GROUP BY x.donation_id;

CREATE UNIQUE INDEX temp.donation_sigs_id ON donation_sigs (donation_id);

UPDATE donation_words SET (sig, sig2) = (SELECT s.sig, s.sig2 FROM donation_sigs s WHERE s.donation_id = donation_words.donation_id);

UPDATE donation_word_pairs SET (sig, sig2) = (SELECT s.sig, s.sig2 FROM donation_sigs s WHERE s.donation_id = donation_word_pairs.donation_id);

DROP TABLE donation_sigs;
