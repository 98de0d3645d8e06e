-- Sign-in for staff: a username and an argon2id password hash (PHC string)
-- per user, the count of consecutive wrong passwords and the lock it leads
-- to (kept here, not in memory, so that it holds across servers), and the
-- sessions a sign-in opens. A session's secret is stored only as its
-- SHA-256 hash; its CSRF token is not a credential on its own.

ALTER TABLE users ADD COLUMN username TEXT;
ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN password_set_at TIMESTAMP;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TIMESTAMP;
-- Usernames are stored lower-cased, so this makes them unique regardless
-- of case; users without one (NULL) are not constrained.
CREATE UNIQUE INDEX users_username ON users (username);

CREATE TABLE sessions (
    id               INTEGER PRIMARY KEY,
    secret_hash      TEXT NOT NULL UNIQUE,
    user_id          BIGINT NOT NULL REFERENCES users(id),
    csrf_token       TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    last_seen_at     TIMESTAMP NOT NULL,
    idle_expires_at  TIMESTAMP NOT NULL,
    expires_at       TIMESTAMP NOT NULL,
    revoked_at       TIMESTAMP,
    client_ip        TEXT NOT NULL DEFAULT '',
    user_agent       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL;
