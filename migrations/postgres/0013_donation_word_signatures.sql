-- Word signatures of the public search (issue 15). A name search walks
-- the rows of its rarest word and must check the other words on each: a
-- name of common words rare together ("pham quoc nghia") walks its
-- rarest word to the end, and each check was an index lookup or a merge
-- with another word's rows. Each row of donation_words now carries its
-- donation's signature: one bit set for each of the donation's words,
-- the bit a word is given in donation_word_counts. The walk keeps a row
-- only when its signature has a bit of every other searched word (read
-- in the index entry, no lookup); the words themselves are then checked
-- by index on the few rows left. A bit stands for several words, so the
-- signature only says "maybe", never "no" wrongly: the result is exact.
--
-- Bits 0..62 (the sign bit is left alone). Here the words present are
-- given bits by how common they are: the 63 commonest one each; the rest
-- share bits 13..62, never those of the 13 commonest words ("ung", "ho"
-- are in every row: a word sharing their bit would be a maybe on every
-- row). A word first met later gets one of bits 13..62 by its FNV-1a hash
-- (store/donation_words.go, wordBit).
ALTER TABLE donation_word_counts ADD COLUMN bit SMALLINT;

UPDATE donation_word_counts c SET bit = CASE WHEN r.k < 63 THEN r.k ELSE 62 - (r.k - 63) % 50 END
FROM (SELECT word, row_number() OVER (ORDER BY n DESC, word) - 1 AS k FROM donation_word_counts) r
WHERE c.word = r.word;

ALTER TABLE donation_word_counts ALTER COLUMN bit SET NOT NULL;

CREATE TABLE donation_words_signed (
    word TEXT COLLATE "C" NOT NULL,
    received_date DATE NOT NULL,
    donation_id BIGINT NOT NULL,
    sig BIGINT NOT NULL
);

INSERT INTO donation_words_signed (word, received_date, donation_id, sig)
SELECT w.word, w.received_date, w.donation_id, s.sig
FROM donation_words w
JOIN (SELECT x.donation_id, bit_or(1::bigint << c.bit) AS sig
      FROM donation_words x JOIN donation_word_counts c ON c.word = x.word
      GROUP BY x.donation_id) s ON s.donation_id = w.donation_id
-- In the key's order, as 0012 left them: a word's rows then lie together
-- in the table too, and an index-only scan of a word checks the
-- visibility of a few table pages, not of pages all over the table.
ORDER BY w.word, w.received_date, w.donation_id;

DROP TABLE donation_words;

ALTER TABLE donation_words_signed RENAME TO donation_words;

-- The signature rides in the key's index, so that the walk is an
-- index-only scan.
ALTER TABLE donation_words ADD CONSTRAINT donation_words_pkey PRIMARY KEY (word, received_date, donation_id) INCLUDE (sig);
