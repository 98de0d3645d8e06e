-- Whole words of the public search (issue 15), in received order. A
-- name search walks the rows of its rarest word newest first by the
-- primary key and checks the other words on the row, stopping at the
-- page: the trigram table had to gather the rows of every trigram of
-- every word, hundreds of thousands for "nguyen thi".
-- Words holding a digit or a mask (phone and account fragments) are not
-- listed: nearly each is its own word, and a search for one keeps the
-- trigram path. donation_word_counts says how many rows each word has, so
-- that a search picks its rarest word by reading a few of its rows.
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
SELECT w, received_date, id FROM split WHERE w <> '' AND w NOT GLOB '*[0-9*]*';

CREATE TABLE donation_word_counts (
    word TEXT NOT NULL PRIMARY KEY,
    n INTEGER NOT NULL
);

INSERT INTO donation_word_counts (word, n) SELECT word, COUNT(*) FROM donation_words GROUP BY word;
