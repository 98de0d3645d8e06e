-- Word pairs of the public search (issue 15). A full name of words each
-- common but rare together ("pham quoc nghia") walks its rarest word's
-- rows to their end: on 1,000,000 donations 10,000 - 36,000 index entries
-- a search, most of its cost. donation_word_pairs lists each donation
-- under each pair of its *paired* words (first < second, byte order), so
-- that such a name walks the rows of two of its words together: a list
-- as short as the combination is rare.
--
-- Which words are paired (donation_word_counts.paired): 0 a word not yet
-- listed 1,000 times (its own rows are a short walk); 1 paired; 2 a word
-- too common to be worth pairing (in more than one donation in 12 when it
-- reached 1,000 rows: "ung", "nguyen", "thi"), whose pairs would each be
-- nearly the other word's list. A word moves from 0 to 1 or 2 once, in
-- the journal's transaction that lists it for the 1,000th time, and its
-- pairs with the words already paired are listed in that transaction
-- (store/donation_pairs.go): every donation is listed under every pair of
-- its words that are both paired, so a walk of a pair is exact.
-- donation_pairing.version counts these moves: a writer's cache of the
-- states holds while the version is the one it read.
--
-- The rows recorded so far are paired here by the same rule.
ALTER TABLE donation_word_counts ADD COLUMN paired SMALLINT NOT NULL DEFAULT 0;

CREATE TABLE donation_pairing (
    one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one),
    version BIGINT NOT NULL
);

INSERT INTO donation_pairing (one, version) VALUES (true, 0);

UPDATE donation_word_counts c SET paired = CASE WHEN c.n * 12 <= t.n THEN 1 ELSE 2 END
FROM (SELECT COALESCE(MAX(id), 0) AS n FROM donations) t
WHERE c.n >= 1000;

CREATE TABLE donation_word_pairs (
    first TEXT COLLATE "C" NOT NULL,
    second TEXT COLLATE "C" NOT NULL,
    received_date DATE NOT NULL,
    donation_id BIGINT NOT NULL,
    sig BIGINT NOT NULL
);

CREATE TEMP TABLE paired_rows AS
SELECT w.word, w.received_date, w.donation_id, w.sig
FROM donation_words w JOIN donation_word_counts c ON c.word = w.word
WHERE c.paired = 1;

-- In the key's order, as donation_words: a pair's rows lie together.
INSERT INTO donation_word_pairs (first, second, received_date, donation_id, sig)
SELECT x.word, y.word, x.received_date, x.donation_id, x.sig
FROM paired_rows x JOIN paired_rows y ON y.donation_id = x.donation_id AND y.word > x.word
ORDER BY 1, 2, 3, 4;

DROP TABLE paired_rows;

ALTER TABLE donation_word_pairs ADD CONSTRAINT donation_word_pairs_pkey PRIMARY KEY (first, second, received_date, donation_id) INCLUDE (sig);
