// Package access knows who is calling: users with one role each, their API
// tokens (stored only as hashes) and the roles of the product.
package access

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"sync"
	"time"

	rl "reliefledger"
)

// Role is what a user may do; see PRODUCT.md §2.
type Role string

// The roles.
const (
	Admin           Role = "admin"
	FundOfficer     Role = "fund_officer"
	Approver        Role = "approver"
	DistrictOfficer Role = "district_officer"
	Auditor         Role = "auditor"
	Supervisor      Role = "supervisor"
)

// Roles lists every role, in the order the permission table prints them.
var Roles = []Role{Admin, FundOfficer, Approver, DistrictOfficer, Auditor, Supervisor}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// User is a person (or a system) that signs in with tokens.
type User struct {
	ID   int64
	Name string
	// Username signs in with a password; "" for users who use API tokens
	// only. Stored lower-case, unique.
	Username   string
	Role       Role
	District   string // district_officer only: the district they act for
	CreatedAt  time.Time
	DisabledAt *time.Time
}

// Token is an API token; its secret is shown once and stored hashed.
type Token struct {
	ID        int64
	UserID    int64
	Name      string
	CreatedAt time.Time
	ExpiresAt *time.Time
	RevokedAt *time.Time
}

// Principal is an authenticated caller.
type Principal struct {
	User    User
	TokenID int64
	// SessionID is set when the caller came with a session cookie rather
	// than a token: such a caller must send the session's CSRF token with
	// every unsafe request.
	SessionID int64
}

// Store persists users and tokens.
type Store interface {
	CountUsers(ctx context.Context) (int64, error)
	CreateUser(ctx context.Context, u User) (User, error)
	// CreateToken stores a token under the hash of its secret.
	CreateToken(ctx context.Context, t Token, hash string) (Token, error)
	// TokenByHash returns the token with the hash and its user; NotFound
	// when there is none.
	TokenByHash(ctx context.Context, hash string) (Token, User, error)
}

// Service authenticates tokens and manages users.
type Service struct {
	store Store
	now   func() time.Time
	ttl   time.Duration

	mu    sync.Mutex
	cache map[string]cached
}

type cached struct {
	p       Principal
	hash    string
	expires time.Time
}

// NewService returns a Service. Authenticated tokens are remembered for a
// few seconds so that a hot path does not read the token table per request;
// a revocation made in this process takes effect at once, one made by
// another process within that time.
func NewService(store Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now, ttl: 5 * time.Second, cache: map[string]cached{}}
}

// HashToken returns the stored form of a token secret.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// NewSecret returns a fresh random token secret.
func NewSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("access: no randomness: " + err.Error())
	}
	return "rl_" + base64.RawURLEncoding.EncodeToString(b)
}

var errBadToken = rl.Errorf(rl.Unauthenticated, "the token is missing, unknown, expired or revoked")

// Authenticate returns the caller that secret belongs to. Unauthenticated
// for an unknown, expired or revoked token, or a disabled user.
func (s *Service) Authenticate(ctx context.Context, secret string) (Principal, error) {
	if secret == "" || len(secret) > 200 {
		return Principal{}, errBadToken
	}
	hash := HashToken(secret)
	now := s.now()
	s.mu.Lock()
	c, ok := s.cache[hash]
	s.mu.Unlock()
	if ok && now.Before(c.expires) && subtle.ConstantTimeCompare([]byte(c.hash), []byte(hash)) == 1 {
		return c.p, nil
	}
	tok, user, err := s.store.TokenByHash(ctx, hash)
	if err != nil {
		if rl.ErrorKind(err) == rl.NotFound {
			return Principal{}, errBadToken
		}
		return Principal{}, err
	}
	if tok.RevokedAt != nil || (tok.ExpiresAt != nil && !now.Before(*tok.ExpiresAt)) || user.DisabledAt != nil {
		return Principal{}, errBadToken
	}
	p := Principal{User: user, TokenID: tok.ID}
	exp := now.Add(s.ttl)
	if tok.ExpiresAt != nil && tok.ExpiresAt.Before(exp) {
		exp = *tok.ExpiresAt
	}
	s.mu.Lock()
	if len(s.cache) > 10000 {
		s.cache = map[string]cached{}
	}
	s.cache[hash] = cached{p: p, hash: hash, expires: exp}
	s.mu.Unlock()
	return p, nil
}

// Forget drops cached authentications, e.g. after a revocation.
func (s *Service) Forget() {
	s.mu.Lock()
	s.cache = map[string]cached{}
	s.mu.Unlock()
}

// Bootstrap creates the first admin when there are no users. Its token is
// secret when given, else a new one. It returns the secret to show once, or
// "" when users existed already.
func (s *Service) Bootstrap(ctx context.Context, secret string) (string, error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	secret = strings.TrimSpace(secret)
	if secret == "" {
		secret = NewSecret()
	} else if len(secret) < 16 {
		return "", rl.Errorf(rl.Invalid, "RELIEF_BOOTSTRAP_TOKEN must be at least 16 characters")
	}
	now := rl.Stamp(s.now())
	u, err := s.store.CreateUser(ctx, User{Name: "admin", Role: Admin, CreatedAt: now})
	if err != nil {
		return "", err
	}
	if _, err := s.store.CreateToken(ctx, Token{UserID: u.ID, Name: "bootstrap", CreatedAt: now}, HashToken(secret)); err != nil {
		return "", err
	}
	return secret, nil
}

// SeesIdentity reports whether a role sees household ID numbers and phones
// in full: admins, and district officers who hand over aid in person. Every
// other role sees them masked.
func SeesIdentity(r Role) bool { return r == Admin || r == DistrictOfficer }
