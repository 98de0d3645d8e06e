-- Wider word signatures of the public search (issue 15). A walk checks
-- each other searched word in the index entry, by its signature bit;
-- where that bit is one word's alone it is the answer, where it is shared
-- it is only a "maybe", and the walk looks the word up in the index, row
-- by row, at twenty times a row's cost. With 13 bits of one word's alone
-- (0013, 0018), a full name with a common family name of the shared bits
-- ("pham", "hoang") looked it up on every row: such walks took 1.2 ms
-- against 0.12 ms for the names whose words were all alone (PostgreSQL's
-- statement log, BENCHMARKS.md).
--
-- The signature now has 126 bits in two columns, sig (bits 0-62) and sig2
-- (63-125). The 100 commonest words get a bit each (0-99), the others one
-- of the 26 shared bits (100-125), as a word first met later gets one by
-- its hash (store/donation_words.go, wordBit); a word reaching its pairing
-- later takes a free bit of one word's (signAlone). Every row is signed
-- again, and both tables rebuilt in their key's order, as 0018 did.
UPDATE donation_word_counts c SET bit = CASE WHEN r.k < 100 THEN r.k ELSE 100 + (r.k - 100) % 26 END
FROM (SELECT word, row_number() OVER (ORDER BY n DESC, word) - 1 AS k FROM donation_word_counts) r
WHERE c.word = r.word AND c.bit <> CASE WHEN r.k < 100 THEN r.k ELSE 100 + (r.k - 100) % 26 END;

CREATE TEMP TABLE donation_sigs AS
SELECT x.donation_id,
    bit_or(CASE WHEN c.bit < 63 THEN 1::bigint << c.bit ELSE 0 END) AS sig,
    bit_or(CASE WHEN c.bit >= 63 THEN 1::bigint << (c.bit - 63) ELSE 0 END) AS sig2
FROM donation_words x JOIN donation_word_counts c ON c.word = x.word
GROUP BY x.donation_id;

CREATE UNIQUE INDEX ON donation_sigs (donation_id);

CREATE TABLE donation_words_signed (
    word TEXT COLLATE "C" NOT NULL,
    received_date DATE NOT NULL,
    donation_id BIGINT NOT NULL,
    sig BIGINT NOT NULL,
    sig2 BIGINT NOT NULL
);

INSERT INTO donation_words_signed (word, received_date, donation_id, sig, sig2)
SELECT w.word, w.received_date, w.donation_id, s.sig, s.sig2
FROM donation_words w JOIN donation_sigs s ON s.donation_id = w.donation_id
ORDER BY w.word, w.received_date, w.donation_id;

DROP TABLE donation_words;

ALTER TABLE donation_words_signed RENAME TO donation_words;

ALTER TABLE donation_words ADD CONSTRAINT donation_words_pkey PRIMARY KEY (word, received_date, donation_id) INCLUDE (sig, sig2);

CREATE TABLE donation_word_pairs_signed (
    first TEXT COLLATE "C" NOT NULL,
    second TEXT COLLATE "C" NOT NULL,
    received_date DATE NOT NULL,
    donation_id BIGINT NOT NULL,
    sig BIGINT NOT NULL,
    sig2 BIGINT NOT NULL
);

INSERT INTO donation_word_pairs_signed (first, second, received_date, donation_id, sig, sig2)
SELECT p.first, p.second, p.received_date, p.donation_id, s.sig, s.sig2
FROM donation_word_pairs p JOIN donation_sigs s ON s.donation_id = p.donation_id
ORDER BY 1, 2, 3, 4;

DROP TABLE donation_word_pairs;

ALTER TABLE donation_word_pairs_signed RENAME TO donation_word_pairs;

ALTER TABLE donation_word_pairs ADD CONSTRAINT donation_word_pairs_pkey PRIMARY KEY (first, second, received_date, donation_id) INCLUDE (sig, sig2);

DROP TABLE donation_sigs;
