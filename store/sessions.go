package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	rl "reliefledger"
	"reliefledger/access"
)

var _ access.SessionStore = (*Access)(nil)

// The user columns every sign-in query reads, in userRow's order.
const userCols = `u.id, u.name, u.username, u.role, u.district_code, u.created_at, u.disabled_at`

func userDest(r *userRow) []any {
	return []any{&r.ID, &r.Name, &r.Username, &r.Role, &r.DistrictCode, &r.CreatedAt, &r.DisabledAt}
}

// unaudited drops the API request ctx may carry: sign-in bookkeeping
// (a session used, a wrong password counted) is recorded by access as its
// own events, and must not stand for the request's audit record, which the
// request's own write commits.
func unaudited(ctx context.Context) context.Context { return rl.WithRequest(ctx, nil) }

func usernameTaken(username string) error {
	return rl.Errorf(rl.Conflict, "the username %q is taken by another user", username)
}

// Credentials implements access.SessionStore.
func (a *Access) Credentials(ctx context.Context, username string) (access.Credentials, error) {
	var u userRow
	var hash sql.NullString
	var c access.Credentials
	found, err := a.db.read.one(ctx, `SELECT `+userCols+`, u.password_hash, u.failed_logins, u.locked_until FROM users u WHERE u.username = ?`,
		[]any{username}, append(userDest(&u), &hash, &c.FailedLogins, &c.LockedUntil)...)
	if err != nil {
		return access.Credentials{}, fmt.Errorf("read credentials: %w", err)
	}
	if !found {
		return access.Credentials{}, rl.Errorf(rl.NotFound, "no user %q", username)
	}
	c.User, c.PasswordHash = u.domain(), hash.String
	return c, nil
}

// LoginFailed implements access.SessionStore. The count is raised in the
// database, not read and written back, so that attempts spread over
// several servers all count.
func (a *Access) LoginFailed(ctx context.Context, userID int64, limit int, lockUntil time.Time) (bool, error) {
	var locked bool
	err := a.db.inTx(unaudited(ctx), func(tx *Tx) error {
		locked = false
		var n int
		found, err := tx.one(`UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins`, []any{userID}, &n)
		if err != nil || !found {
			return err
		}
		if n >= limit {
			locked = true
			_, err = tx.exec(`UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?`, lockUntil, userID)
		}
		return err
	})
	return locked, err
}

const sessionCols = `s.id, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.idle_expires_at, s.expires_at, s.revoked_at, s.client_ip, s.user_agent`

func sessionDest(s *access.Session) []any {
	return []any{&s.ID, &s.UserID, &s.CSRF, &s.CreatedAt, &s.LastSeenAt, &s.IdleExpiresAt, &s.ExpiresAt, &s.RevokedAt, &s.ClientIP, &s.UserAgent}
}

// CreateSession implements access.SessionStore.
func (a *Access) CreateSession(ctx context.Context, s access.Session, hash string) (access.Session, error) {
	err := a.db.inTx(unaudited(ctx), func(tx *Tx) error {
		if _, err := tx.one(`INSERT INTO sessions (secret_hash, user_id, csrf_token, created_at, last_seen_at, idle_expires_at, expires_at, client_ip, user_agent)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{hash, s.UserID, s.CSRF, s.CreatedAt, s.LastSeenAt, s.IdleExpiresAt, s.ExpiresAt, s.ClientIP, s.UserAgent}, &s.ID); err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		tx.note("session:" + strconv.FormatInt(s.ID, 10))
		_, err := tx.exec(`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ? AND (failed_logins <> 0 OR locked_until IS NOT NULL)`, s.UserID)
		return err
	})
	return s, err
}

// SessionByHash implements access.SessionStore.
func (a *Access) SessionByHash(ctx context.Context, hash string) (access.Session, access.User, error) {
	var s access.Session
	var u userRow
	found, err := a.db.read.one(ctx, `SELECT `+sessionCols+`, `+userCols+` FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.secret_hash = ?`,
		[]any{hash}, append(sessionDest(&s), userDest(&u)...)...)
	if err != nil {
		return access.Session{}, access.User{}, fmt.Errorf("read session: %w", err)
	}
	if !found {
		return access.Session{}, access.User{}, rl.Errorf(rl.NotFound, "no such session")
	}
	return s, u.domain(), nil
}

// TouchSession implements access.SessionStore.
func (a *Access) TouchSession(ctx context.Context, id int64, seen, idleExpires time.Time) error {
	return a.db.inTx(unaudited(ctx), func(tx *Tx) error {
		_, err := tx.exec(`UPDATE sessions SET last_seen_at = ?, idle_expires_at = ? WHERE id = ? AND revoked_at IS NULL`, seen, idleExpires, id)
		return err
	})
}

// RevokeSession implements access.SessionStore.
func (a *Access) RevokeSession(ctx context.Context, id int64, at time.Time) error {
	return a.db.inTx(unaudited(ctx), func(tx *Tx) error {
		tx.note("session:" + strconv.FormatInt(id, 10))
		_, err := tx.exec(`UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, at, id)
		return err
	})
}

// RevokeSessions implements access.SessionStore.
func (a *Access) RevokeSessions(ctx context.Context, userID int64, at time.Time) (int64, error) {
	var n int64
	err := a.db.inTx(unaudited(ctx), func(tx *Tx) error {
		var err error
		n, err = revokeSessions(tx, userID, at)
		return err
	})
	return n, err
}

func revokeSessions(tx *Tx, userID int64, at time.Time) (int64, error) {
	return tx.exec(`UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, at, userID)
}

// UserByUsername implements access.UserStore.
func (a *Access) UserByUsername(ctx context.Context, username string) (access.User, error) {
	var u userRow
	found, err := a.db.read.one(ctx, `SELECT `+userCols+` FROM users u WHERE u.username = ?`, []any{username}, userDest(&u)...)
	if err != nil {
		return access.User{}, fmt.Errorf("read user: %w", err)
	}
	if !found {
		return access.User{}, rl.Errorf(rl.NotFound, "no user with username %q", username)
	}
	return u.domain(), nil
}

// SetPassword implements access.UserStore.
func (a *Access) SetPassword(ctx context.Context, userID int64, username, hash string, at time.Time) (access.User, error) {
	var out access.User
	err := a.db.inTx(ctx, func(tx *Tx) error {
		tx.note("user:" + strconv.FormatInt(userID, 10))
		q := `UPDATE users SET password_hash = ?, password_set_at = ?, failed_logins = 0, locked_until = NULL WHERE id = ?`
		args := []any{hash, at, userID}
		if username != "" {
			q = `UPDATE users SET username = ?, password_hash = ?, password_set_at = ?, failed_logins = 0, locked_until = NULL WHERE id = ?`
			args = []any{username, hash, at, userID}
		}
		n, err := tx.exec(q, args...)
		if isUnique(err) {
			return usernameTaken(username)
		}
		if err != nil {
			return err
		}
		if n == 0 {
			return rl.Errorf(rl.NotFound, "no user %d", userID)
		}
		if _, err := revokeSessions(tx, userID, at); err != nil {
			return err
		}
		var u userRow
		if _, err := tx.one(`SELECT `+userCols+` FROM users u WHERE u.id = ?`, []any{userID}, userDest(&u)...); err != nil {
			return err
		}
		out = u.domain()
		return nil
	})
	return out, err
}

// UpdateUser implements access.UserStore. The active admins are locked
// first (on PostgreSQL; SQLite has one writer), so that two admins
// demoting each other at the same moment cannot both succeed.
func (a *Access) UpdateUser(ctx context.Context, id int64, ch access.UserChange, at time.Time) (access.User, error) {
	var out access.User
	err := a.db.inTx(ctx, func(tx *Tx) error {
		tx.note("user:" + strconv.FormatInt(id, 10))
		if tx.pg != nil {
			if err := tx.each(`SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE`, nil,
				func(scan func(...any) error) error { var x int64; return scan(&x) }); err != nil {
				return err
			}
		}
		var cur userRow
		found, err := tx.one(`SELECT `+userCols+` FROM users u WHERE u.id = ?`, []any{id}, userDest(&cur)...)
		if err != nil {
			return err
		}
		if !found {
			return rl.Errorf(rl.NotFound, "no user %d", id)
		}
		if _, err := tx.exec(`UPDATE users SET role = ?, district_code = ?, disabled_at = ? WHERE id = ?`, string(ch.Role), ch.District, ch.DisabledAt, id); err != nil {
			return err
		}
		if cur.Role == string(access.Admin) && cur.DisabledAt == nil && (ch.Role != access.Admin || ch.DisabledAt != nil) {
			var n int64
			if _, err := tx.one(`SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL`, nil, &n); err != nil {
				return err
			}
			if n == 0 {
				return access.ErrLastAdmin
			}
		}
		if cur.DisabledAt == nil && ch.DisabledAt != nil {
			if _, err := revokeSessions(tx, id, at); err != nil {
				return err
			}
		}
		if _, err := tx.one(`SELECT `+userCols+` FROM users u WHERE u.id = ?`, []any{id}, userDest(&cur)...); err != nil {
			return err
		}
		out = cur.domain()
		return nil
	})
	return out, err
}
