-- Signed checkpoints of the journal head (package checkpoint): the last
-- entry's ID and hash at a moment, signed with the installation's ed25519
-- key (the signature in base64). No foreign key to journal_entries: a
-- checkpoint must outlive the entries it names, so that removing them
-- shows. Append-only like the journal.

CREATE TABLE checkpoints (
    id          INTEGER NOT NULL PRIMARY KEY,
    entry_id    BIGINT NOT NULL,
    hash        TEXT NOT NULL,
    made_at     TIMESTAMP NOT NULL,
    key_id      TEXT NOT NULL,
    signature   TEXT NOT NULL
);

CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only: UPDATE is not allowed'); END;
CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only: DELETE is not allowed'); END;
