package access_test

import (
	"context"
	"slices"
	"strconv"
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

// signinEnv is a database with the sign-in service over it, a settable
// clock and the audited events.
type signinEnv struct {
	db    *store.DB
	users *access.Users
	sess  *access.Sessions
	clock *clock

	mu     sync.Mutex
	events []access.Event
}

func newSignIn(t *testing.T, db *store.DB) *signinEnv {
	t.Helper()
	e := &signinEnv{db: db}
	var auth *access.Service
	e.users, auth, e.clock = newUsers(db)
	_ = auth
	e.users.Params = cheap
	e.sess = access.NewSessions(db.Access(), e.clock.now)
	e.sess.Params = cheap
	e.sess.Audit = func(_ context.Context, ev access.Event) error {
		e.mu.Lock()
		e.events = append(e.events, ev)
		e.mu.Unlock()
		return nil
	}
	return e
}

// staff creates a user with a username and password.
func (e *signinEnv) staff(t *testing.T, name, username string, role access.Role, district, password string) access.User {
	t.Helper()
	ctx := context.Background()
	u, _, err := e.users.Create(ctx, access.UserInput{Name: name, Role: role, District: district}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if u, err = e.users.SetPassword(ctx, u.ID, username, password); err != nil {
		t.Fatal(err)
	}
	return u
}

func (e *signinEnv) takeEvents() []access.Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.events
	e.events = nil
	return out
}

// wantSignInRefused asserts the one answer every refused sign-in gets.
func wantSignInRefused(t *testing.T, err error) {
	t.Helper()
	if diff := cmp.Diff(access.ErrSignIn.Error(), errText(err)); diff != "" || rl.ErrorKind(err) != rl.Unauthenticated {
		t.Fatalf("error %v (kind %v), want the sign-in refusal", err, rl.ErrorKind(err))
	}
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

const (
	goodPW = "cơm no áo ấm 2021"
	ip     = "203.0.113.7"
)

func TestSignIn(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newSignIn(t, db)
		u := e.staff(t, "Trần Thị Bình", "Binh.Tran", access.DistrictOfficer, "943", goodPW)
		if u.Username != "binh.tran" {
			t.Errorf("username %q, want it lower-cased", u.Username)
		}
		e.takeEvents()

		_, _, _, err := e.sess.SignIn(ctx, "binh.tran", "cơm no áo ấm 2020", ip, "test")
		wantSignInRefused(t, err)
		_, _, _, err = e.sess.SignIn(ctx, "nobody", goodPW, ip, "test")
		wantSignInRefused(t, err)
		_, _, _, err = e.sess.SignIn(ctx, "", "", ip, "test")
		wantSignInRefused(t, err)

		sess, secret, got, err := e.sess.SignIn(ctx, " BINH.TRAN ", goodPW, ip, "Mozilla/5.0")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || got.Role != access.DistrictOfficer || got.District != "943" {
			t.Errorf("signed in as %+v", got)
		}
		if secret == "" || sess.CSRF == "" || sess.CSRF == secret {
			t.Errorf("secret %q, CSRF %q: want two different random values", secret, sess.CSRF)
		}
		if want := t0.Add(30 * time.Minute); !sess.IdleExpiresAt.Equal(want) || !sess.ExpiresAt.Equal(t0.Add(12*time.Hour)) {
			t.Errorf("expiries %v, %v", sess.IdleExpiresAt, sess.ExpiresAt)
		}
		p, s2, err := e.sess.Session(ctx, secret)
		if err != nil {
			t.Fatal(err)
		}
		if p.User.ID != u.ID || p.SessionID != sess.ID || s2.CSRF != sess.CSRF || s2.UserAgent != "Mozilla/5.0" || s2.ClientIP != ip {
			t.Errorf("session gives %+v, %+v", p, s2)
		}
		if !access.CheckCSRF(s2, sess.CSRF) || access.CheckCSRF(s2, "") || access.CheckCSRF(s2, secret) {
			t.Error("CheckCSRF accepts the wrong token or refuses the right one")
		}
		// The secret is stored only hashed.
		if cols, err := db.ColumnsContaining(ctx, secret); err != nil || len(cols) > 0 {
			t.Errorf("the session secret is stored in %v (%v)", cols, err)
		}
		want := []access.Event{
			{Action: "signin", Status: 401, UserID: u.ID, Role: access.DistrictOfficer, ClientIP: ip, Target: "user:" + itoa(u.ID)},
			{Action: "signin", Status: 401, ClientIP: ip},
			{Action: "signin", Status: 401, ClientIP: ip},
			{Action: "signin", Status: 200, UserID: u.ID, Role: access.DistrictOfficer, ClientIP: ip, Target: "session:" + itoa(sess.ID)},
		}
		if diff := cmp.Diff(want, e.takeEvents()); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
		for _, bad := range []string{"", "rl_nonsense", secret + "x"} {
			if _, _, err := e.sess.Session(ctx, bad); rl.ErrorKind(err) != rl.Unauthenticated {
				t.Errorf("Session(%q) = %v, want Unauthenticated", bad, err)
			}
		}
	})
}

func TestLockout(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newSignIn(t, db)
		u := e.staff(t, "Lê Văn Cường", "cuong", access.FundOfficer, "", goodPW)
		wrong := func(n int) {
			t.Helper()
			for i := 0; i < n; i++ {
				_, _, _, err := e.sess.SignIn(ctx, "cuong", "sai mật khẩu rồi", ip, "")
				wantSignInRefused(t, err)
			}
		}
		// Nine wrong, then the right one: the count starts again.
		wrong(9)
		if _, _, _, err := e.sess.SignIn(ctx, "cuong", goodPW, ip, ""); err != nil {
			t.Fatalf("after 9 wrong passwords: %v", err)
		}
		e.takeEvents()
		wrong(10)
		evs := e.takeEvents()
		if len(evs) != 10 || evs[8].Status != 401 || evs[9].Status != 423 {
			t.Fatalf("events %+v: want the 10th wrong password to lock (423)", evs)
		}
		// Locked: the right password is refused with the same answer, in
		// this process and in another one sharing the database.
		_, _, _, err := e.sess.SignIn(ctx, "cuong", goodPW, ip, "")
		wantSignInRefused(t, err)
		other := access.NewSessions(db.Access(), e.clock.now)
		other.Params = cheap
		_, _, _, err = other.SignIn(ctx, "cuong", goodPW, "198.51.100.1", "")
		wantSignInRefused(t, err)
		if evs := e.takeEvents(); len(evs) != 1 || evs[0].Status != 423 || evs[0].UserID != u.ID {
			t.Errorf("events %+v: want the locked refusal", evs)
		}
		e.clock.advance(15*time.Minute - time.Second)
		_, _, _, err = e.sess.SignIn(ctx, "cuong", goodPW, ip, "")
		wantSignInRefused(t, err)
		e.clock.advance(time.Second)
		if _, _, _, err := e.sess.SignIn(ctx, "cuong", goodPW, ip, ""); err != nil {
			t.Fatalf("15 minutes after the lock: %v", err)
		}
		// After the lock, a full 10 wrong passwords are needed again.
		wrong(9)
		if _, _, _, err := e.sess.SignIn(ctx, "cuong", goodPW, ip, ""); err != nil {
			t.Fatalf("9 wrong passwords after an unlock: %v", err)
		}
	})
}

func TestSignInRateLimitPerIP(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	e := newSignIn(t, db)
	e.staff(t, "An", "an.le", access.Auditor, "", goodPW)
	e.sess.PerIP = 3
	for i := 0; i < 3; i++ {
		e.sess.SignIn(ctx, "an.le", "không đúng đâu nhé", ip, "")
	}
	_, _, _, err := e.sess.SignIn(ctx, "an.le", goodPW, ip, "")
	if rl.ErrorKind(err) != rl.RateLimited || err.Error() != "too many sign-in attempts from this address; try again in 10 minutes" {
		t.Fatalf("4th attempt from one address: %v", err)
	}
	if _, _, _, err := e.sess.SignIn(ctx, "an.le", goodPW, "198.51.100.9", ""); err != nil {
		t.Fatalf("another address: %v", err)
	}
	e.clock.advance(10 * time.Minute)
	if _, _, _, err := e.sess.SignIn(ctx, "an.le", goodPW, ip, ""); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

// TestUnknownUserTakesAsLong: an unknown username costs the same password
// hash as a wrong password (a dummy hash of the same parameters), so the
// time of the refusal does not tell them apart. It counts the hashes
// computed rather than timing them: a timed assertion fails on a busy
// machine.
func TestUnknownUserTakesAsLong(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	e := newSignIn(t, db)
	e.sess.Params = access.PasswordParams{Memory: 8 * 1024, Time: 2, Threads: 1}
	e.users.Params = e.sess.Params
	e.staff(t, "An", "an.le", access.Auditor, "", goodPW)
	e.sess.PerIP = 0
	var checked []string
	restore := access.SetCheckPassword(func(phc, password string) bool {
		checked = append(checked, phc)
		return access.CheckPassword(phc, password)
	})
	defer restore()
	params := func(phc string) string { // "$argon2id$v=19$m=…,t=…,p=…$salt$key" → the parameters
		parts := strings.Split(phc, "$")
		if len(parts) != 6 {
			return "malformed " + phc
		}
		return parts[1] + "$" + parts[2] + "$" + parts[3]
	}
	for _, username := range []string{"an.le", "nobody.here"} {
		checked = nil
		if _, _, _, err := e.sess.SignIn(ctx, username, "không đúng đâu nhé", ip, ""); err == nil {
			t.Fatalf("%s signed in with a wrong password", username)
		}
		if len(checked) != 1 {
			t.Fatalf("%s: %d password hashes computed, want 1", username, len(checked))
		}
		if got, want := params(checked[0]), "argon2id$v=19$m=8192,t=2,p=1"; got != want {
			t.Errorf("%s: hashed with %s, want the users' parameters %s", username, got, want)
		}
	}
}

func TestSessionExpiry(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newSignIn(t, db)
		e.staff(t, "An", "an.le", access.Auditor, "", goodPW)
		signIn := func() string {
			t.Helper()
			_, secret, _, err := e.sess.SignIn(ctx, "an.le", goodPW, ip, "")
			if err != nil {
				t.Fatal(err)
			}
			return secret
		}
		use := func(secret string) (access.Session, error) {
			_, s, err := e.sess.Session(ctx, secret)
			return s, err
		}

		// Idle: each use within 30 minutes keeps the session; use is
		// written at most once a minute.
		idle := signIn()
		e.clock.advance(30 * time.Second)
		if s, err := use(idle); err != nil || !s.LastSeenAt.Equal(t0) {
			t.Fatalf("after 30s: %+v, %v: want the use not written yet", s, err)
		}
		e.clock.advance(29 * time.Minute)
		if s, err := use(idle); err != nil || !s.LastSeenAt.Equal(t0.Add(29*time.Minute+30*time.Second)) {
			t.Fatalf("after 29.5 min: %+v, %v", s, err)
		}
		e.clock.advance(29 * time.Minute)
		if _, err := use(idle); err != nil {
			t.Fatalf("29 min after the last use: %v", err)
		}
		e.clock.advance(30 * time.Minute)
		if _, err := use(idle); rl.ErrorKind(err) != rl.Unauthenticated {
			t.Fatalf("30 min idle: %v, want Unauthenticated", err)
		}

		// Absolute: used every 20 minutes, it still ends 12 hours after
		// sign-in.
		start := e.clock.now()
		abs := signIn()
		for e.clock.now().Sub(start) < 12*time.Hour-20*time.Minute {
			e.clock.advance(20 * time.Minute)
			if _, err := use(abs); err != nil {
				t.Fatalf("%v after sign-in: %v", e.clock.now().Sub(start), err)
			}
		}
		e.clock.advance(12*time.Hour - e.clock.now().Sub(start))
		if _, err := use(abs); rl.ErrorKind(err) != rl.Unauthenticated {
			t.Fatalf("12 h after sign-in: %v, want Unauthenticated", err)
		}

		// A disabled user's session ends at once.
		dis := signIn()
		if err := db.Exec(ctx, `UPDATE users SET disabled_at = ? WHERE username = ?`, e.clock.now(), "an.le"); err != nil {
			t.Fatal(err)
		}
		if _, err := use(dis); rl.ErrorKind(err) != rl.Unauthenticated {
			t.Fatalf("disabled user: %v, want Unauthenticated", err)
		}
	})
}

func TestSignOut(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newSignIn(t, db)
		u := e.staff(t, "An", "an.le", access.Auditor, "", goodPW)
		var secrets []string
		for i := 0; i < 3; i++ {
			_, s, _, err := e.sess.SignIn(ctx, "an.le", goodPW, ip, "")
			if err != nil {
				t.Fatal(err)
			}
			secrets = append(secrets, s)
		}
		e.takeEvents()
		if err := e.sess.SignOut(ctx, secrets[0], ip); err != nil {
			t.Fatal(err)
		}
		if err := e.sess.SignOut(ctx, secrets[0], ip); err != nil {
			t.Fatalf("signing out twice: %v", err)
		}
		if _, _, err := e.sess.Session(ctx, secrets[0]); rl.ErrorKind(err) != rl.Unauthenticated {
			t.Fatalf("signed-out session: %v", err)
		}
		if _, _, err := e.sess.Session(ctx, secrets[1]); err != nil {
			t.Fatalf("another session of the user ended too: %v", err)
		}
		n, err := e.sess.SignOutEverywhere(ctx, u, ip)
		if err != nil || n != 2 {
			t.Fatalf("SignOutEverywhere = %d, %v; want the 2 open sessions", n, err)
		}
		for _, s := range secrets {
			if _, _, err := e.sess.Session(ctx, s); rl.ErrorKind(err) != rl.Unauthenticated {
				t.Errorf("after sign-out everywhere: %v", err)
			}
		}
		var actions []string
		for _, ev := range e.takeEvents() {
			actions = append(actions, ev.Action)
		}
		if want := []string{"signout", "signout-everywhere"}; !slices.Equal(actions, want) {
			t.Errorf("events %v, want %v", actions, want)
		}
	})
}

func TestSetPassword(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newSignIn(t, db)
		u := e.staff(t, "An", "an.le", access.Auditor, "", goodPW)
		if cols, err := db.ColumnsContaining(ctx, goodPW); err != nil || len(cols) > 0 {
			t.Fatalf("the password is stored in clear in %v (%v)", cols, err)
		}
		_, old, _, err := e.sess.SignIn(ctx, "an.le", goodPW, ip, "")
		if err != nil {
			t.Fatal(err)
		}
		// Some wrong passwords before the reset are forgotten by it.
		for i := 0; i < 9; i++ {
			e.sess.SignIn(ctx, "an.le", "không đúng đâu nhé", ip, "")
		}
		const newPW = "nước chảy đá mòn"
		if _, err := e.users.SetPassword(ctx, u.ID, "", newPW); err != nil {
			t.Fatal(err)
		}
		if cols, err := db.ColumnsContaining(ctx, newPW); err != nil || len(cols) > 0 {
			t.Fatalf("the new password is stored in clear in %v (%v)", cols, err)
		}
		if _, _, err := e.sess.Session(ctx, old); rl.ErrorKind(err) != rl.Unauthenticated {
			t.Errorf("a session from before the reset lives on: %v", err)
		}
		_, _, _, err = e.sess.SignIn(ctx, "an.le", goodPW, ip, "")
		wantSignInRefused(t, err)
		if _, _, _, err := e.sess.SignIn(ctx, "an.le", newPW, ip, ""); err != nil {
			t.Fatalf("new password after one wrong try: %v", err)
		}

		other, _, err := e.users.Create(ctx, access.UserInput{Name: "Bình", Role: access.Supervisor}, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.users.SetPassword(ctx, other.ID, "", newPW)
		wantFields(t, err, []rl.FieldError{{Field: "username", Message: "is required: the user has none yet"}})
		_, err = e.users.SetPassword(ctx, other.ID, "AN.LE", newPW)
		if rl.ErrorKind(err) != rl.Conflict {
			t.Errorf("taken username: %v, want Conflict", err)
		}
		_, err = e.users.SetPassword(ctx, other.ID, "binh", "binh12345")
		wantFields(t, err, []rl.FieldError{{Field: "password", Message: "must be at least 10 characters (a short sentence is easiest to remember); it has 9"}})
		if _, err := e.users.SetPassword(ctx, 999, "x.y", newPW); rl.ErrorKind(err) != rl.NotFound {
			t.Errorf("unknown user: %v", err)
		}
		if _, _, err := e.users.Create(ctx, access.UserInput{Name: "Bình 2", Username: "An.Le", Role: access.Supervisor}, nil); rl.ErrorKind(err) != rl.Conflict {
			t.Errorf("create with a taken username: %v, want Conflict", err)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
