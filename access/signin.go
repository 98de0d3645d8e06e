package access

import (
	"context"
	"crypto/subtle"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	rl "reliefledger"
)

// SessionCookie is the name of the cookie that carries a session's secret.
const SessionCookie = "reliefd_session"

// Session is a signed-in browser. Its secret is given to the browser once
// and stored only as a hash; its CSRF token must come back with every
// unsafe request made with the session.
type Session struct {
	ID            int64
	UserID        int64
	CSRF          string
	CreatedAt     time.Time
	LastSeenAt    time.Time
	IdleExpiresAt time.Time
	ExpiresAt     time.Time
	RevokedAt     *time.Time
	ClientIP      string
	UserAgent     string
}

// Credentials are what sign-in checks a username against.
type Credentials struct {
	User         User
	PasswordHash string // "" when the user has no password
	FailedLogins int
	LockedUntil  *time.Time
}

// SessionStore persists credentials, lockouts and sessions.
type SessionStore interface {
	// Credentials returns the user with the (lower-case) username; NotFound
	// when there is none.
	Credentials(ctx context.Context, username string) (Credentials, error)
	// LoginFailed counts one more consecutive wrong password of the user;
	// when the count reaches limit, the user is locked until lockUntil and
	// the count starts again. It reports whether this failure locked.
	LoginFailed(ctx context.Context, userID int64, limit int, lockUntil time.Time) (locked bool, err error)
	// CreateSession stores a session under the hash of its secret and
	// clears the user's count of wrong passwords.
	CreateSession(ctx context.Context, s Session, hash string) (Session, error)
	// SessionByHash returns the session with the hash and its user;
	// NotFound when there is none.
	SessionByHash(ctx context.Context, hash string) (Session, User, error)
	// TouchSession records that a session was used at seen.
	TouchSession(ctx context.Context, id int64, seen, idleExpires time.Time) error
	// RevokeSession revokes one session (a revoked one stays as it was).
	RevokeSession(ctx context.Context, id int64, at time.Time) error
	// RevokeSessions revokes every live session of a user and returns how
	// many there were.
	RevokeSessions(ctx context.Context, userID int64, at time.Time) (int64, error)
}

// Event is a sign-in event for the audit log: signin (status 200 when it
// succeeded, 401 for a wrong username or password, 423 for a locked
// account, 429 for too many attempts from one address), signout,
// signout-everywhere, password.
type Event struct {
	Action   string
	Status   int
	UserID   int64 // 0 when the username is unknown
	Role     Role
	ClientIP string
	Target   string
}

// Sessions signs staff in and out. The zero values of the tunables are
// replaced by the defaults in NewSessions.
type Sessions struct {
	store SessionStore
	now   func() time.Time

	// Params are the costs of new password hashes.
	Params PasswordParams
	// IdleTimeout ends a session not used for this long; MaxAge ends any
	// session this long after sign-in. TouchEvery bounds how often use is
	// written back (a busy page does not write per request).
	IdleTimeout, MaxAge, TouchEvery time.Duration
	// LockAfter wrong passwords in a row lock an account for LockFor.
	LockAfter int
	LockFor   time.Duration
	// PerIP attempts per IPWindow are allowed from one address.
	PerIP    int
	IPWindow time.Duration
	// Audit, when set, records events; a failure to record is returned.
	Audit func(ctx context.Context, e Event) error

	dummyOnce sync.Once
	dummy     string

	mu  sync.Mutex
	ips map[string]*ipCount
}

type ipCount struct {
	n     int
	start time.Time
}

// NewSessions returns the sign-in service with the defaults: argon2id at
// DefaultPasswordParams, 30 minutes idle, 12 hours at most, 10 wrong
// passwords lock for 15 minutes, 30 attempts per address per 10 minutes.
func NewSessions(store SessionStore, now func() time.Time) *Sessions {
	if now == nil {
		now = time.Now
	}
	return &Sessions{store: store, now: now, Params: DefaultPasswordParams,
		IdleTimeout: 30 * time.Minute, MaxAge: 12 * time.Hour, TouchEvery: time.Minute,
		LockAfter: 10, LockFor: 15 * time.Minute, PerIP: 30, IPWindow: 10 * time.Minute,
		ips: map[string]*ipCount{}}
}

// ErrSignIn is the one answer to a wrong username, a wrong password and a
// locked account alike, so that the answer does not tell which usernames
// exist; it names the lockout so that a locked person knows to wait.
var ErrSignIn = rl.Errorf(rl.Unauthenticated, "wrong username or password (after 10 wrong passwords in a row an account is locked for 15 minutes)")

var errBadSession = rl.Errorf(rl.Unauthenticated, "the session has ended: sign in again")

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$`)

// NormalizeUsername trims and lower-cases a username: usernames are
// unique regardless of case.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// CheckUsername returns Invalid, naming the field, for a username that is
// not 3–64 of a–z, 0–9, dot, dash and underscore (starting and ending with
// a letter or digit), after NormalizeUsername.
func CheckUsername(s string) error {
	if !usernamePattern.MatchString(s) {
		return rl.InvalidFields(rl.FieldError{Field: "username",
			Message: "must be 3–64 characters: letters a–z, digits, dot, dash or underscore, starting and ending with a letter or digit (e.g. nguyen.van.an)"})
	}
	return nil
}

// SignIn checks a username and password and opens a session. It returns
// the session, its secret (for the cookie; not stored) and the user.
// ErrSignIn for an unknown username, a wrong password, a user without a
// password, a disabled user or a locked account; RateLimited when the
// address made too many attempts.
func (s *Sessions) SignIn(ctx context.Context, username, password, ip, userAgent string) (Session, string, User, error) {
	now := s.now()
	if !s.allowIP(ip, now) {
		s.audit(ctx, Event{Action: "signin", Status: 429, ClientIP: ip})
		return Session{}, "", User{}, rl.Errorf(rl.RateLimited, "too many sign-in attempts from this address; try again in %d minutes", int(s.IPWindow.Minutes()))
	}
	username = NormalizeUsername(username)
	cred, err := s.store.Credentials(ctx, username)
	if err != nil && rl.ErrorKind(err) != rl.NotFound {
		return Session{}, "", User{}, err
	}
	if err != nil || cred.PasswordHash == "" || len(password) > maxPasswordLen {
		// The same work as a real check, so that the time taken does not
		// tell an unknown username from a wrong password.
		checkPassword(s.dummyHash(), password)
		s.audit(ctx, Event{Action: "signin", Status: 401, UserID: cred.User.ID, Role: cred.User.Role, ClientIP: ip})
		return Session{}, "", User{}, ErrSignIn
	}
	u := cred.User
	ok := checkPassword(cred.PasswordHash, password)
	if cred.LockedUntil != nil && now.Before(*cred.LockedUntil) {
		s.audit(ctx, Event{Action: "signin", Status: 423, UserID: u.ID, Role: u.Role, ClientIP: ip, Target: userTarget(u.ID)})
		return Session{}, "", User{}, ErrSignIn
	}
	if !ok {
		locked, err := s.store.LoginFailed(ctx, u.ID, s.LockAfter, rl.Stamp(now.Add(s.LockFor)))
		if err != nil {
			return Session{}, "", User{}, err
		}
		status := 401
		if locked {
			status = 423
		}
		s.audit(ctx, Event{Action: "signin", Status: status, UserID: u.ID, Role: u.Role, ClientIP: ip, Target: userTarget(u.ID)})
		return Session{}, "", User{}, ErrSignIn
	}
	if u.DisabledAt != nil {
		s.audit(ctx, Event{Action: "signin", Status: 403, UserID: u.ID, Role: u.Role, ClientIP: ip, Target: userTarget(u.ID)})
		return Session{}, "", User{}, ErrSignIn
	}
	secret := NewSecret()
	at := rl.Stamp(now)
	sess, err := s.store.CreateSession(ctx, Session{UserID: u.ID, CSRF: NewSecret(), CreatedAt: at, LastSeenAt: at,
		IdleExpiresAt: at.Add(s.IdleTimeout), ExpiresAt: at.Add(s.MaxAge), ClientIP: ip, UserAgent: clip(userAgent, 300)}, HashToken(secret))
	if err != nil {
		return Session{}, "", User{}, fmt.Errorf("open session: %w", err)
	}
	if err := s.audit(ctx, Event{Action: "signin", Status: 200, UserID: u.ID, Role: u.Role, ClientIP: ip, Target: sessionTarget(sess.ID)}); err != nil {
		return Session{}, "", User{}, err
	}
	return sess, secret, u, nil
}

// Session returns the caller a session secret belongs to and the session.
// Unauthenticated for an unknown, revoked or expired session or a disabled
// user. Use is written back at most once per TouchEvery.
func (s *Sessions) Session(ctx context.Context, secret string) (Principal, Session, error) {
	if secret == "" || len(secret) > 200 {
		return Principal{}, Session{}, errBadSession
	}
	sess, u, err := s.store.SessionByHash(ctx, HashToken(secret))
	if err != nil {
		if rl.ErrorKind(err) == rl.NotFound {
			return Principal{}, Session{}, errBadSession
		}
		return Principal{}, Session{}, err
	}
	now := s.now()
	if sess.RevokedAt != nil || !now.Before(sess.IdleExpiresAt) || !now.Before(sess.ExpiresAt) || u.DisabledAt != nil {
		return Principal{}, Session{}, errBadSession
	}
	if now.Sub(sess.LastSeenAt) >= s.TouchEvery {
		sess.LastSeenAt = rl.Stamp(now)
		sess.IdleExpiresAt = sess.LastSeenAt.Add(s.IdleTimeout)
		if err := s.store.TouchSession(ctx, sess.ID, sess.LastSeenAt, sess.IdleExpiresAt); err != nil {
			return Principal{}, Session{}, err
		}
	}
	return Principal{User: u, SessionID: sess.ID}, sess, nil
}

// CheckCSRF reports whether token is the session's CSRF token, in
// constant time.
func CheckCSRF(sess Session, token string) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(sess.CSRF), []byte(token)) == 1
}

// SignOut revokes the session of secret; an unknown or ended session is
// not an error (signing out twice is fine).
func (s *Sessions) SignOut(ctx context.Context, secret, ip string) error {
	if secret == "" || len(secret) > 200 {
		return nil
	}
	sess, u, err := s.store.SessionByHash(ctx, HashToken(secret))
	if rl.ErrorKind(err) == rl.NotFound || (err == nil && sess.RevokedAt != nil) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.store.RevokeSession(ctx, sess.ID, rl.Stamp(s.now())); err != nil {
		return err
	}
	return s.audit(ctx, Event{Action: "signout", Status: 200, UserID: u.ID, Role: u.Role, ClientIP: ip, Target: sessionTarget(sess.ID)})
}

// SignOutEverywhere revokes every session of a user and returns how many
// were open.
func (s *Sessions) SignOutEverywhere(ctx context.Context, u User, ip string) (int64, error) {
	n, err := s.store.RevokeSessions(ctx, u.ID, rl.Stamp(s.now()))
	if err != nil {
		return 0, err
	}
	return n, s.audit(ctx, Event{Action: "signout-everywhere", Status: 200, UserID: u.ID, Role: u.Role, ClientIP: ip, Target: userTarget(u.ID)})
}

func (s *Sessions) audit(ctx context.Context, e Event) error {
	if s.Audit == nil {
		return nil
	}
	return s.Audit(ctx, e)
}

// checkPassword is CheckPassword; a test counts the hashes a sign-in
// computes through it.
var checkPassword = CheckPassword

// dummyHash is a hash to check unknown usernames against, made once with
// the service's costs.
func (s *Sessions) dummyHash() string {
	s.dummyOnce.Do(func() { s.dummy = HashPassword(NewSecret(), s.Params) })
	return s.dummy
}

// allowIP counts an attempt from ip in its current window.
func (s *Sessions) allowIP(ip string, now time.Time) bool {
	if s.PerIP <= 0 {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.ips[ip]
	if c == nil || now.Sub(c.start) >= s.IPWindow {
		if len(s.ips) > 10000 {
			for k, v := range s.ips {
				if now.Sub(v.start) >= s.IPWindow {
					delete(s.ips, k)
				}
			}
		}
		c = &ipCount{start: now}
		s.ips[ip] = c
	}
	c.n++
	return c.n <= s.PerIP
}

func userTarget(id int64) string    { return fmt.Sprintf("user:%d", id) }
func sessionTarget(id int64) string { return fmt.Sprintf("session:%d", id) }

// clip cuts s to at most n bytes without splitting a character.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
