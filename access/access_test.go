package access_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// t0 is the tests' fixed now.
var t0 = time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: t0} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fakeStore keeps users and tokens in memory and counts token look-ups,
// for the logic of authentication without a database.
type fakeStore struct {
	mu      sync.Mutex
	users   map[int64]access.User
	tokens  map[string]access.Token // by hash
	lookups int
	err     error // returned by TokenByHash when set
}

func newFakeStore() *fakeStore {
	return &fakeStore{users: map[int64]access.User{}, tokens: map[string]access.Token{}}
}

func (f *fakeStore) CountUsers(context.Context) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return int64(len(f.users)), nil
}

func (f *fakeStore) CreateUser(_ context.Context, u access.User) (access.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u.ID = int64(len(f.users) + 1)
	f.users[u.ID] = u
	return u, nil
}

func (f *fakeStore) CreateToken(_ context.Context, t access.Token, hash string) (access.Token, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t.ID = int64(len(f.tokens) + 1)
	f.tokens[hash] = t
	return t, nil
}

func (f *fakeStore) TokenByHash(_ context.Context, hash string) (access.Token, access.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lookups++
	if f.err != nil {
		return access.Token{}, access.User{}, f.err
	}
	t, ok := f.tokens[hash]
	if !ok {
		return access.Token{}, access.User{}, rl.Errorf(rl.NotFound, "no such token")
	}
	return t, f.users[t.UserID], nil
}

// change edits the stored token of secret, as another process would.
func (f *fakeStore) change(secret string, fn func(*access.Token)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := f.tokens[access.HashToken(secret)]
	fn(&t)
	f.tokens[access.HashToken(secret)] = t
}

func (f *fakeStore) lookupCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lookups
}

func TestRoles(t *testing.T) {
	tests := []struct {
		role         access.Role
		valid        bool
		seesIdentity bool
	}{
		{access.Admin, true, true},
		{access.FundOfficer, true, false},
		{access.Approver, true, false},
		{access.DistrictOfficer, true, true},
		{access.Auditor, true, false},
		{access.Supervisor, true, false},
		{"", false, false},
		{"Admin", false, false},
		{"king", false, false},
	}
	var listed []access.Role
	for _, tt := range tests {
		t.Run(string(tt.role), func(t *testing.T) {
			if got := tt.role.Valid(); got != tt.valid {
				t.Errorf("Valid() = %v, want %v", got, tt.valid)
			}
			if got := access.SeesIdentity(tt.role); got != tt.seesIdentity {
				t.Errorf("SeesIdentity = %v, want %v", got, tt.seesIdentity)
			}
		})
		if tt.valid {
			listed = append(listed, tt.role)
		}
	}
	// Roles is the order the permission table prints; every valid role is
	// in it once.
	if diff := cmp.Diff(listed, access.Roles); diff != "" {
		t.Errorf("Roles (-want +got):\n%s", diff)
	}
}

func TestHashToken(t *testing.T) {
	// sha256("abc"), the FIPS 180-2 test vector, in lower-case hex.
	if got, want := access.HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Errorf("HashToken(abc) = %s, want %s", got, want)
	}
	shape := regexp.MustCompile(`^rl_[A-Za-z0-9_-]{43}$`) // 32 random bytes, unpadded base64url
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		s := access.NewSecret()
		if !shape.MatchString(s) {
			t.Fatalf("NewSecret() = %q, want rl_ and 43 base64url characters", s)
		}
		if seen[s] || seen[access.HashToken(s)] {
			t.Fatalf("NewSecret repeated itself after %d secrets", i)
		}
		seen[s], seen[access.HashToken(s)] = true, true
	}
}

func TestAuthenticate(t *testing.T) {
	past, soon := t0.Add(-time.Second), t0.Add(time.Hour)
	badToken := "the token is missing, unknown, expired or revoked"
	tests := []struct {
		name     string
		secret   string // "" and long secrets are refused before the store
		token    *access.Token
		disabled bool
		storeErr error
		wantKind rl.Kind
		wantMsg  string
	}{
		{name: "valid", secret: "s-valid", token: &access.Token{ID: 7, UserID: 1}},
		{name: "valid until later", secret: "s-later", token: &access.Token{ID: 7, UserID: 1, ExpiresAt: &soon}},
		{name: "empty", secret: "", wantKind: rl.Unauthenticated, wantMsg: badToken},
		{name: "over 200 characters", secret: strings.Repeat("x", 201), wantKind: rl.Unauthenticated, wantMsg: badToken},
		{name: "unknown", secret: "s-unknown", wantKind: rl.Unauthenticated, wantMsg: badToken},
		{name: "revoked", secret: "s-revoked", token: &access.Token{ID: 7, UserID: 1, RevokedAt: &past}, wantKind: rl.Unauthenticated, wantMsg: badToken},
		{name: "expired", secret: "s-expired", token: &access.Token{ID: 7, UserID: 1, ExpiresAt: &past}, wantKind: rl.Unauthenticated, wantMsg: badToken},
		{name: "expiring now", secret: "s-now", token: &access.Token{ID: 7, UserID: 1, ExpiresAt: &t0}, wantKind: rl.Unauthenticated, wantMsg: badToken},
		{name: "disabled user", secret: "s-disabled", token: &access.Token{ID: 7, UserID: 1}, disabled: true, wantKind: rl.Unauthenticated, wantMsg: badToken},
		{name: "store down", secret: "s-down", storeErr: errors.New("connection refused"), wantKind: rl.Internal, wantMsg: "connection refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := newFakeStore()
			user := access.User{ID: 1, Name: "Hạnh", Role: access.Approver}
			if tt.disabled {
				user.DisabledAt = &past
			}
			fs.users[1] = user
			if tt.token != nil {
				fs.tokens[access.HashToken(tt.secret)] = *tt.token
			}
			fs.err = tt.storeErr
			p, err := access.NewService(fs, newClock().now).Authenticate(context.Background(), tt.secret)
			if tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if diff := cmp.Diff(access.Principal{User: user, TokenID: 7}, p); diff != "" {
					t.Errorf("principal (-want +got):\n%s", diff)
				}
				return
			}
			if rl.ErrorKind(err) != tt.wantKind || err == nil || err.Error() != tt.wantMsg {
				t.Errorf("error %v (kind %v), want kind %v %q", err, rl.ErrorKind(err), tt.wantKind, tt.wantMsg)
			}
		})
	}
}

// TestAuthenticationCache: an accepted token is remembered for five
// seconds and never past its expiry; Forget (called on revocation) drops
// it at once.
func TestAuthenticationCache(t *testing.T) {
	ctx := context.Background()
	type step struct {
		name    string
		do      func(c *clock, fs *fakeStore, s *access.Service)
		ok      bool
		lookups int // of the store, in total so far
	}
	tests := []struct {
		name    string
		expires time.Duration // from t0; 0: never
		steps   []step
	}{
		{"remembered for five seconds", 0, []step{
			{"first", nil, true, 1},
			{"again", nil, true, 1},
			{"4.9s later", func(c *clock, _ *fakeStore, _ *access.Service) { c.advance(4900 * time.Millisecond) }, true, 1},
			{"5s later", func(c *clock, _ *fakeStore, _ *access.Service) { c.advance(100 * time.Millisecond) }, true, 2},
		}},
		{"not past the token's expiry", 2 * time.Second, []step{
			{"first", nil, true, 1},
			{"1s later", func(c *clock, _ *fakeStore, _ *access.Service) { c.advance(time.Second) }, true, 1},
			{"at expiry", func(c *clock, _ *fakeStore, _ *access.Service) { c.advance(time.Second) }, false, 2},
		}},
		{"revoked elsewhere: noticed when the cache runs out", 0, []step{
			{"first", nil, true, 1},
			{"revoked by another process", func(_ *clock, fs *fakeStore, _ *access.Service) {
				fs.change("s", func(t *access.Token) { t.RevokedAt = &t0 })
			}, true, 1},
			{"5s later", func(c *clock, _ *fakeStore, _ *access.Service) { c.advance(5 * time.Second) }, false, 2},
		}},
		{"revoked here: Forget drops it at once", 0, []step{
			{"first", nil, true, 1},
			{"revoked and forgotten", func(_ *clock, fs *fakeStore, s *access.Service) {
				fs.change("s", func(t *access.Token) { t.RevokedAt = &t0 })
				s.Forget()
			}, false, 2},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, fs := newClock(), newFakeStore()
			fs.users[1] = access.User{ID: 1, Role: access.Auditor}
			tok := access.Token{ID: 3, UserID: 1}
			if tt.expires != 0 {
				exp := t0.Add(tt.expires)
				tok.ExpiresAt = &exp
			}
			fs.tokens[access.HashToken("s")] = tok
			s := access.NewService(fs, c.now)
			for _, st := range tt.steps {
				if st.do != nil {
					st.do(c, fs, s)
				}
				_, err := s.Authenticate(ctx, "s")
				if (err == nil) != st.ok || fs.lookupCount() != st.lookups {
					t.Errorf("%s: error %v, %d look-ups; want ok=%v, %d look-ups", st.name, err, fs.lookupCount(), st.ok, st.lookups)
				}
			}
		})
	}
}

func TestBootstrap(t *testing.T) {
	tests := []struct {
		name       string
		usersFirst bool
		secret     string
		want       string // "generated" for a new secret
		wantErr    string
	}{
		{name: "given secret", secret: "a-long-enough-secret", want: "a-long-enough-secret"},
		{name: "given secret, trimmed", secret: "  a-long-enough-secret\n", want: "a-long-enough-secret"},
		{name: "generated", secret: "", want: "generated"},
		{name: "blank is generated", secret: "   ", want: "generated"},
		{name: "too short", secret: "15-characters!!", wantErr: "RELIEF_BOOTSTRAP_TOKEN must be at least 16 characters"},
		{name: "users exist", usersFirst: true, secret: "a-long-enough-secret", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			fs := newFakeStore()
			if tt.usersFirst {
				fs.users[1] = access.User{ID: 1, Name: "Phúc", Role: access.Auditor}
			}
			s := access.NewService(fs, newClock().now)
			got, err := s.Bootstrap(ctx, tt.secret)
			if tt.wantErr != "" {
				if rl.ErrorKind(err) != rl.Invalid || err.Error() != tt.wantErr {
					t.Errorf("error %v, want Invalid %q", err, tt.wantErr)
				}
				if len(fs.users) != 0 || len(fs.tokens) != 0 {
					t.Errorf("a refused bootstrap stored %d users, %d tokens", len(fs.users), len(fs.tokens))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.want == "generated" && !strings.HasPrefix(got, "rl_"):
				t.Errorf("secret %q, want a generated rl_ secret", got)
			case tt.want != "generated" && got != tt.want:
				t.Errorf("secret %q, want %q", got, tt.want)
			}
			if got == "" {
				if len(fs.users) != 1 || len(fs.tokens) != 0 {
					t.Errorf("bootstrap over existing users stored %d users, %d tokens", len(fs.users), len(fs.tokens))
				}
				return
			}
			if diff := cmp.Diff(map[string]access.Token{access.HashToken(got): {ID: 1, UserID: 1, Name: "bootstrap", CreatedAt: t0}}, fs.tokens); diff != "" {
				t.Errorf("stored tokens (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(map[int64]access.User{1: {ID: 1, Name: "admin", Role: access.Admin, CreatedAt: t0}}, fs.users); diff != "" {
				t.Errorf("stored users (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBootstrapStored: on both backends the bootstrap admin's token
// authenticates, a second start bootstraps nothing, and a refused
// bootstrap writes nothing.
func TestBootstrapStored(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := access.NewService(db.Access(), newClock().now)
		before, err := db.RowCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Bootstrap(ctx, "short"); rl.ErrorKind(err) != rl.Invalid {
			t.Fatalf("short secret: %v, want Invalid", err)
		}
		if after, _ := db.RowCounts(ctx); !cmp.Equal(before, after) {
			t.Errorf("a refused bootstrap wrote rows: %s", cmp.Diff(before, after))
		}
		secret, err := s.Bootstrap(ctx, "")
		if err != nil || secret == "" {
			t.Fatalf("bootstrap: %q, %v", secret, err)
		}
		p, err := s.Authenticate(ctx, secret)
		if err != nil {
			t.Fatalf("the bootstrap token does not authenticate: %v", err)
		}
		if p.User.Name != "admin" || p.User.Role != access.Admin || !p.User.CreatedAt.Equal(t0) {
			t.Errorf("bootstrap user %+v, want admin created at %s", p.User, t0)
		}
		if again, err := s.Bootstrap(ctx, "another-long-secret"); again != "" || err != nil {
			t.Errorf("second bootstrap: %q, %v; want nothing", again, err)
		}
		if _, err := s.Authenticate(ctx, "another-long-secret"); rl.ErrorKind(err) != rl.Unauthenticated {
			t.Errorf("a second bootstrap's secret: %v, want Unauthenticated", err)
		}
	})
}
