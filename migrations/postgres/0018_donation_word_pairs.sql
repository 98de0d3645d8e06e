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
-- nearly the other word's list; 3 a paired word grown too common (in more
-- than one donation in 8): no longer paired, its pairs so far unused. A
-- word moves from 0 to 1 or 2 once, in the journal's transaction that
-- lists it for the 1,000th time, and its pairs with the words already
-- paired are listed in that transaction (store/donation_pairs.go): every
-- donation is listed under every pair of its words that are both paired,
-- so a walk of a pair is exact. A word found too common then takes a
-- signature bit of its own (0..12) if one is free. donation_pairing.version
-- counts these moves: a writer's cache of the words holds while the
-- version is the one it read.
--
-- The rows recorded so far are paired here by the same rule, and signed
-- again as migration 0013 signed them: a database that grew after 0013
-- gave every word a bit by its hash, and the words in nearly every row
-- ("ung", "ho") then shared their bits with others, whose signatures said
-- "maybe" on every row (a name search read 2 - 3 times the rows it needs).
ALTER TABLE donation_word_counts ADD COLUMN paired SMALLINT NOT NULL DEFAULT 0;

CREATE TABLE donation_pairing (
    one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one),
    version BIGINT NOT NULL
);

INSERT INTO donation_pairing (one, version) VALUES (true, 0);

UPDATE donation_word_counts c SET paired = CASE WHEN c.n * 12 <= t.n THEN 1 ELSE 2 END
FROM (SELECT COALESCE(MAX(id), 0) AS n FROM donations) t
WHERE c.n >= 1000;

-- The bits, by how common the words are (as 0013).
UPDATE donation_word_counts c SET bit = CASE WHEN r.k < 63 THEN r.k ELSE 62 - (r.k - 63) % 50 END
FROM (SELECT word, row_number() OVER (ORDER BY n DESC, word) - 1 AS k FROM donation_word_counts) r
WHERE c.word = r.word AND c.bit <> CASE WHEN r.k < 63 THEN r.k ELSE 62 - (r.k - 63) % 50 END;

CREATE TEMP TABLE donation_sigs AS
SELECT x.donation_id, bit_or(1::bigint << c.bit) AS sig
FROM donation_words x JOIN donation_word_counts c ON c.word = x.word
GROUP BY x.donation_id;

CREATE TABLE donation_words_signed (
    word TEXT COLLATE "C" NOT NULL,
    received_date DATE NOT NULL,
    donation_id BIGINT NOT NULL,
    sig BIGINT NOT NULL
);

-- In the key's order: a word's rows lie together in the table too.
INSERT INTO donation_words_signed (word, received_date, donation_id, sig)
SELECT w.word, w.received_date, w.donation_id, s.sig
FROM donation_words w JOIN donation_sigs s ON s.donation_id = w.donation_id
ORDER BY w.word, w.received_date, w.donation_id;

DROP TABLE donation_words;

ALTER TABLE donation_words_signed RENAME TO donation_words;

ALTER TABLE donation_words ADD CONSTRAINT donation_words_pkey PRIMARY KEY (word, received_date, donation_id) INCLUDE (sig);

DROP TABLE donation_sigs;

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
FROM paired_rows x JOIN paired_rows y ON y.donation_id = x.donation_id AND y.word COLLATE "C" > x.word COLLATE "C"
ORDER BY 1, 2, 3, 4;

DROP TABLE paired_rows;

ALTER TABLE donation_word_pairs ADD CONSTRAINT donation_word_pairs_pkey PRIMARY KEY (first, second, received_date, donation_id) INCLUDE (sig);
