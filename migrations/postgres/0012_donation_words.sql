-- Whole words of the public search (issue 15), in received order. A
-- name search walks the rows of its rarest word newest first by the
-- primary key and checks the other words on the row, stopping at the
-- page: the trigram index had to gather the posting lists of every
-- trigram of every word, hundreds of thousands of rows for "nguyen thi".
-- A word is listed up to its first digit or mask ("ctlnhidi0007***24" as
-- "ctlnhidi", "0937****54" not at all): phone and account fragments are
-- nearly each a word of their own, and a searched word holding a digit
-- keeps the trigram path; one without starts a word exactly when it
-- starts its listed part (store/donation_words.go, listedWord).
-- donation_word_counts says how many rows each word has, so that a search
-- picks its rarest word by reading a few of its rows.
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
SELECT DISTINCT l, d.received_date, d.id
FROM donations d, string_to_table(d.search_public, ' ') AS w, substring(w FROM '^[^0-9*]*') AS l
WHERE d.search_public <> '' AND l <> '';

ALTER TABLE donation_words ADD PRIMARY KEY (word, received_date, donation_id);

CREATE TABLE donation_word_counts (
    word TEXT COLLATE "C" PRIMARY KEY,
    n BIGINT NOT NULL
);

INSERT INTO donation_word_counts (word, n) SELECT word, COUNT(*) FROM donation_words GROUP BY word;
