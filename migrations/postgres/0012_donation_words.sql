-- Whole words of the public search (issue 15), in received order. A
-- name search walks the rows of its rarest word newest first by the
-- primary key and checks the other words on the row, stopping at the
-- page: the trigram index had to gather the posting lists of every
-- trigram of every word, hundreds of thousands of rows for "nguyen thi".
-- Words holding a digit or a mask (phone and account fragments) are not
-- listed: nearly each is its own word, and a search for one keeps the
-- trigram path. donation_word_counts says how many rows each word has, so
-- that a search picks its rarest word by reading a few of its rows.
-- COLLATE "C" makes a prefix a range of the key ("lan" .. "lan" || U+10FFFF).
--
-- The rows recorded so far are listed here from search_public; those a
-- backfill still has to fold get their words from it.
CREATE TABLE donation_words (
    word TEXT COLLATE "C" NOT NULL,
    received_date DATE NOT NULL,
    donation_id BIGINT NOT NULL
);

INSERT INTO donation_words (word, received_date, donation_id)
SELECT DISTINCT w, d.received_date, d.id
FROM donations d, string_to_table(d.search_public, ' ') AS w
WHERE d.search_public <> '' AND w <> '' AND w !~ '[0-9*]';

ALTER TABLE donation_words ADD PRIMARY KEY (word, received_date, donation_id);

CREATE TABLE donation_word_counts (
    word TEXT COLLATE "C" PRIMARY KEY,
    n BIGINT NOT NULL
);

INSERT INTO donation_word_counts (word, n) SELECT word, COUNT(*) FROM donation_words GROUP BY word;
