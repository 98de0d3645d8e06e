package access_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// districts is the CheckDistrict of the tests: Kế Sách (943) and Mỹ Tú
// (944) exist.
func districts(_ context.Context, code string) bool { return code == "943" || code == "944" }

func newUsers(db *store.DB) (*access.Users, *access.Service, *clock) {
	c := newClock()
	auth := access.NewService(db.Access(), c.now)
	u := access.NewUsers(db.Access(), auth, c.now)
	u.District = districts
	return u, auth, c
}

// wantFields asserts an Invalid error listing exactly these fields.
func wantFields(t *testing.T, err error, want []rl.FieldError) {
	t.Helper()
	e, ok := rl.AsError(err)
	if !ok || e.Kind != rl.Invalid {
		t.Fatalf("error %v, want Invalid", err)
	}
	if diff := cmp.Diff(want, e.Fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
}

func counts(t *testing.T, db *store.DB) map[string]int64 {
	t.Helper()
	n, err := db.RowCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCreateUser(t *testing.T) {
	const roleMsg = "must be one of admin, fund_officer, approver, district_officer, auditor, supervisor"
	nameErr := rl.FieldError{Field: "name", Message: "is required, at most 200 characters"}
	tests := []struct {
		name      string
		in        access.UserInput
		noCheck   bool // no CheckDistrict configured
		want      access.User
		wantField []rl.FieldError
	}{
		{name: "auditor", in: access.UserInput{Name: "  Lê Thị Hồng ", Role: access.Auditor},
			want: access.User{Name: "Lê Thị Hồng", Role: access.Auditor}},
		{name: "district officer", in: access.UserInput{Name: "Trần Văn Út", Role: access.DistrictOfficer, District: " 943 "},
			want: access.User{Name: "Trần Văn Út", Role: access.DistrictOfficer, District: "943"}},
		{name: "district officer, districts not checked", noCheck: true, in: access.UserInput{Name: "Út", Role: access.DistrictOfficer, District: "999"},
			want: access.User{Name: "Út", Role: access.DistrictOfficer, District: "999"}},
		{name: "200 letters", in: access.UserInput{Name: strings.Repeat("ệ", 200), Role: access.Supervisor},
			want: access.User{Name: strings.Repeat("ệ", 200), Role: access.Supervisor}},
		{name: "201 letters", in: access.UserInput{Name: strings.Repeat("ệ", 201), Role: access.Supervisor},
			wantField: []rl.FieldError{nameErr}},
		{name: "blank name", in: access.UserInput{Name: " \t", Role: access.Admin},
			wantField: []rl.FieldError{nameErr}},
		{name: "unknown role", in: access.UserInput{Name: "x", Role: "king"},
			wantField: []rl.FieldError{{Field: "role", Message: roleMsg}}},
		{name: "district officer without district", in: access.UserInput{Name: "x", Role: access.DistrictOfficer, District: " "},
			wantField: []rl.FieldError{{Field: "district", Message: "is required for a district_officer"}}},
		{name: "district officer of no district", in: access.UserInput{Name: "x", Role: access.DistrictOfficer, District: "999"},
			wantField: []rl.FieldError{{Field: "district", Message: `no district with code "999"`}}},
		{name: "province role with a district", in: access.UserInput{Name: "x", Role: access.FundOfficer, District: "943"},
			wantField: []rl.FieldError{{Field: "district", Message: "only a district_officer has a district"}}},
		{name: "every problem at once", in: access.UserInput{Role: "king", District: "943"},
			wantField: []rl.FieldError{nameErr, {Field: "role", Message: roleMsg}, {Field: "district", Message: "only a district_officer has a district"}}},
	}
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctx := context.Background()
				users, _, _ := newUsers(db)
				if tt.noCheck {
					users.District = nil
				}
				before := counts(t, db)
				got, replayed, err := users.Create(ctx, tt.in, nil)
				if tt.wantField != nil {
					wantFields(t, err, tt.wantField)
					if diff := cmp.Diff(before, counts(t, db)); diff != "" {
						t.Errorf("a refused user was written (-before +after):\n%s", diff)
					}
					return
				}
				if err != nil || replayed {
					t.Fatalf("create: %v, replayed %v", err, replayed)
				}
				want := tt.want
				want.ID, want.CreatedAt = got.ID, t0
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("created (-want +got):\n%s", diff)
				}
				stored, err := users.Get(ctx, got.ID)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, stored, timeEqual); diff != "" {
					t.Errorf("stored (-want +got):\n%s", diff)
				}
			})
		}
	})
}

// timeEqual compares times as instants: a database gives them back in
// its own location.
var timeEqual = cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })

func TestCreateUserIdempotent(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		users, _, _ := newUsers(db)
		in := access.UserInput{Name: "Hạnh", Role: access.Approver}
		idem := func(hash string) *rl.IdemRecord {
			return &rl.IdemRecord{IdemKey: rl.IdemKey{Scope: "user:1", Key: "k1"}, RequestHash: hash}
		}
		first, replayed, err := users.Create(ctx, in, idem("h1"))
		if err != nil || replayed {
			t.Fatalf("first: %v, replayed %v", err, replayed)
		}
		again, replayed, err := users.Create(ctx, in, idem("h1"))
		if err != nil || !replayed || again.ID != first.ID {
			t.Errorf("replay: %+v, replayed %v, %v; want user %d replayed", again, replayed, err, first.ID)
		}
		_, _, err = users.Create(ctx, access.UserInput{Name: "Khác", Role: access.Approver}, idem("h2"))
		if e, ok := rl.AsError(err); !ok || e.Kind != rl.Conflict || e.Code != "idempotency-mismatch" {
			t.Errorf("same key, other request: %v, want Conflict idempotency-mismatch", err)
		}
		if n := counts(t, db)["users"]; n != 1 {
			t.Errorf("%d users, want 1", n)
		}
	})
}

func TestListUsers(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		users, _, _ := newUsers(db)
		var ids []int64
		for _, name := range []string{"An", "Bình", "Cúc", "Dũng", "Em"} {
			u, _, err := users.Create(ctx, access.UserInput{Name: name, Role: access.Auditor}, nil)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, u.ID)
		}
		var pages [][]string
		after := int64(0)
		for {
			page, err := users.List(ctx, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			var names []string
			for _, u := range page {
				names = append(names, u.Name)
			}
			pages = append(pages, names)
			after = page[len(page)-1].ID
		}
		if diff := cmp.Diff([][]string{{"An", "Bình"}, {"Cúc", "Dũng"}, {"Em"}}, pages); diff != "" {
			t.Errorf("pages (-want +got):\n%s", diff)
		}
		if _, err := users.Get(ctx, ids[4]+1); rl.ErrorKind(err) != rl.NotFound {
			t.Errorf("unknown user: %v, want NotFound", err)
		}
	})
}

func TestCreateToken(t *testing.T) {
	expiry := func(d time.Duration) *time.Time { x := t0.Add(d); return &x }
	expiresErr := rl.FieldError{Field: "expires_at", Message: "must be in the future and within 1825 days"}
	tests := []struct {
		name      string
		tokName   string
		expires   *time.Time
		disabled  bool
		unknown   bool
		wantField []rl.FieldError
		wantErr   string // NotFound message
	}{
		{name: "no expiry", tokName: "laptop"},
		{name: "expires in a month", tokName: " phone ", expires: expiry(30 * 24 * time.Hour)},
		{name: "expires at the longest life", tokName: "kiosk", expires: expiry(access.MaxTokenLife)},
		{name: "expires beyond the longest life", tokName: "kiosk", expires: expiry(access.MaxTokenLife + time.Second), wantField: []rl.FieldError{expiresErr}},
		{name: "expires now", tokName: "x", expires: expiry(0), wantField: []rl.FieldError{expiresErr}},
		{name: "expired", tokName: "x", expires: expiry(-time.Hour), wantField: []rl.FieldError{expiresErr}},
		{name: "blank name", tokName: "  ", wantField: []rl.FieldError{{Field: "name", Message: "is required, at most 100 characters (e.g. the device or purpose)"}}},
		{name: "long name", tokName: strings.Repeat("x", 101), wantField: []rl.FieldError{{Field: "name", Message: "is required, at most 100 characters (e.g. the device or purpose)"}}},
		{name: "disabled user", tokName: "x", disabled: true, wantField: []rl.FieldError{{Field: "user", Message: "is disabled"}}},
		{name: "unknown user", tokName: "x", unknown: true, wantErr: "no user 999"},
	}
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctx := context.Background()
				users, auth, _ := newUsers(db)
				u, _, err := users.Create(ctx, access.UserInput{Name: "Quang", Role: access.FundOfficer}, nil)
				if err != nil {
					t.Fatal(err)
				}
				if tt.disabled {
					if err := db.Exec(ctx, `UPDATE users SET disabled_at = ? WHERE id = ?`, t0, u.ID); err != nil {
						t.Fatal(err)
					}
				}
				id := u.ID
				if tt.unknown {
					id = 999
				}
				before := counts(t, db)
				tok, secret, replayed, err := users.CreateToken(ctx, id, tt.tokName, tt.expires, nil)
				switch {
				case tt.wantField != nil:
					wantFields(t, err, tt.wantField)
				case tt.wantErr != "":
					if rl.ErrorKind(err) != rl.NotFound || err.Error() != tt.wantErr {
						t.Errorf("error %v, want NotFound %q", err, tt.wantErr)
					}
				case err != nil || replayed:
					t.Fatalf("create token: %v, replayed %v", err, replayed)
				}
				if err != nil {
					if diff := cmp.Diff(before, counts(t, db)); diff != "" {
						t.Errorf("a refused token was written (-before +after):\n%s", diff)
					}
					return
				}
				want := access.Token{ID: tok.ID, UserID: u.ID, Name: strings.TrimSpace(tt.tokName), CreatedAt: t0, ExpiresAt: tt.expires}
				listed, err := users.Tokens(ctx, u.ID)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff([]access.Token{want}, listed, timeEqual); diff != "" {
					t.Errorf("stored token (-want +got):\n%s", diff)
				}
				p, err := auth.Authenticate(ctx, secret)
				if err != nil || p.TokenID != tok.ID || p.User.ID != u.ID {
					t.Errorf("the new secret authenticates as %+v, %v; want token %d of user %d", p, err, tok.ID, u.ID)
				}
			})
		}
	})
}

// TestTokenSecretShownOnce: a replayed token creation returns the token
// but not its secret, which is stored only as a hash.
func TestTokenSecretShownOnce(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		users, _, _ := newUsers(db)
		u, _, err := users.Create(ctx, access.UserInput{Name: "Quang", Role: access.FundOfficer}, nil)
		if err != nil {
			t.Fatal(err)
		}
		idem := &rl.IdemRecord{IdemKey: rl.IdemKey{Scope: "user:1", Key: "tok"}, RequestHash: "h"}
		first, secret, _, err := users.CreateToken(ctx, u.ID, "laptop", nil, idem)
		if err != nil || secret == "" {
			t.Fatalf("first: %v, secret %q", err, secret)
		}
		again, secret2, replayed, err := users.CreateToken(ctx, u.ID, "laptop", nil, idem)
		if err != nil || !replayed || secret2 != "" || again.ID != first.ID {
			t.Errorf("replay: token %d, secret %q, replayed %v, %v; want token %d, no secret", again.ID, secret2, replayed, err, first.ID)
		}
		if n := counts(t, db)["api_tokens"]; n != 1 {
			t.Errorf("%d tokens stored, want 1", n)
		}
		if tok, _, err := db.Access().TokenByHash(ctx, access.HashToken(secret)); err != nil || tok.ID != first.ID {
			t.Errorf("token by the hash of its secret: %+v, %v", tok, err)
		}
		if _, _, err := db.Access().TokenByHash(ctx, secret); rl.ErrorKind(err) != rl.NotFound {
			t.Errorf("token by its secret itself: %v, want NotFound", err)
		}
	})
}

func TestRevokeToken(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		users, auth, c := newUsers(db)
		var ids []int64
		var secrets []string
		for _, name := range []string{"Sơn", "Tâm"} {
			u, _, err := users.Create(ctx, access.UserInput{Name: name, Role: access.FundOfficer}, nil)
			if err != nil {
				t.Fatal(err)
			}
			_, secret, _, err := users.CreateToken(ctx, u.ID, "laptop", nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			ids, secrets = append(ids, u.ID), append(secrets, secret)
		}
		tokens, err := users.Tokens(ctx, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		tok := tokens[0]
		// Remembered by the authentication cache before the revocation.
		if _, err := auth.Authenticate(ctx, secrets[0]); err != nil {
			t.Fatal(err)
		}
		// Only the owner's path reaches a token.
		_, err = users.RevokeToken(ctx, ids[1], tok.ID)
		if rl.ErrorKind(err) != rl.NotFound || !strings.Contains(err.Error(), "has no token") {
			t.Errorf("revoking another user's token: %v, want NotFound", err)
		}
		if _, err := auth.Authenticate(ctx, secrets[0]); err != nil {
			t.Errorf("a refused revocation revoked: %v", err)
		}
		c.advance(time.Minute)
		revoked, err := users.RevokeToken(ctx, ids[0], tok.ID)
		if err != nil || revoked.RevokedAt == nil || !revoked.RevokedAt.Equal(t0.Add(time.Minute)) {
			t.Fatalf("revoke: %+v, %v; want revoked at %s", revoked, err, t0.Add(time.Minute))
		}
		// At once in this process, though the token was cached.
		if _, err := auth.Authenticate(ctx, secrets[0]); rl.ErrorKind(err) != rl.Unauthenticated {
			t.Errorf("revoked token: %v, want Unauthenticated", err)
		}
		if _, err := auth.Authenticate(ctx, secrets[1]); err != nil {
			t.Errorf("another user's token stopped working: %v", err)
		}
		// Revoking again keeps the first time.
		c.advance(time.Hour)
		again, err := users.RevokeToken(ctx, ids[0], tok.ID)
		if err != nil || !again.RevokedAt.Equal(t0.Add(time.Minute)) {
			t.Errorf("second revocation: %+v, %v; want the first time kept", again, err)
		}
		_, err = users.RevokeToken(ctx, ids[0], 999)
		if rl.ErrorKind(err) != rl.NotFound || err.Error() != fmt.Sprintf("revoke token 999: user %d has no token 999", ids[0]) {
			t.Errorf("unknown token: %v", err)
		}
		if _, err := users.Tokens(ctx, 999); rl.ErrorKind(err) != rl.NotFound {
			t.Errorf("tokens of an unknown user: %v, want NotFound", err)
		}
	})
}
