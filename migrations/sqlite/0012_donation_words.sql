-- Whole words of the public search (issue 15), in received order. A
-- name search walks the rows of its rarest word newest first by the
-- primary key and checks the other words on the row, stopping at the
-- page: the trigram table had to gather the rows of every trigram of
-- every word, hundreds of thousands for "nguyen thi".
-- A word is listed up to its first digit or mask ("ctlnhidi0007***24" as
-- "ctlnhidi", "0937****54" not at all): phone and account fragments are
-- nearly each a word of their own, and a searched word holding a digit
-- keeps the trigram path; one without starts a word exactly when it
-- starts its listed part (store/donation_words.go, listedWord). Below,
-- the first of those characters is found by appending each to the word,
-- so that instr finds it at the latest just after the word's end.
-- donation_word_counts says how many rows each word has, so that a search
-- picks its rarest word by reading a few of its rows.
--
-- The rows recorded so far are listed here from search_public (split by
-- a recursive query); those a backfill still has to fold get their words
-- from it.
CREATE TABLE donation_words (
    word TEXT NOT NULL,
    received_date TEXT NOT NULL,
    donation_id INTEGER NOT NULL,
    PRIMARY KEY (word, received_date, donation_id)
) WITHOUT ROWID;

WITH RECURSIVE split(id, received_date, rest, w) AS (
    SELECT id, received_date, search_public || ' ', '' FROM donations WHERE search_public <> ''
    UNION ALL
    SELECT id, received_date, substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1)
    FROM split WHERE rest <> ''
)
INSERT OR IGNORE INTO donation_words (word, received_date, donation_id)
SELECT l, received_date, id FROM (
    SELECT received_date, id, substr(w, 1, min(
        instr(w || '0', '0'), instr(w || '1', '1'), instr(w || '2', '2'), instr(w || '3', '3'), instr(w || '4', '4'),
        instr(w || '5', '5'), instr(w || '6', '6'), instr(w || '7', '7'), instr(w || '8', '8'), instr(w || '9', '9'),
        instr(w || '*', '*')) - 1) AS l
    FROM split WHERE w <> ''
) WHERE l <> '';

CREATE TABLE donation_word_counts (
    word TEXT NOT NULL PRIMARY KEY,
    n INTEGER NOT NULL
);

INSERT INTO donation_word_counts (word, n) SELECT word, COUNT(*) FROM donation_words GROUP BY word;
