package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestUsersPasswordCommands: users create with a password read from
// standard input, then users password resets it; the password is never
// printed and never stored in clear.
func TestUsersPasswordCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("RELIEF_DATA_DIR", dir)
	t.Setenv("DATABASE_URL", "")
	t.Setenv("RELIEF_DEMO", "false")
	t.Setenv("RELIEF_LOG_LEVEL", "debug")
	runWith := func(input string, args ...string) (int, string) {
		t.Helper()
		stdin = strings.NewReader(input)
		t.Cleanup(func() { stdin = os.Stdin })
		var out bytes.Buffer
		code := run(args, &out, &out)
		return code, out.String()
	}
	const first, second = "hai con mèo trên mái\n", "ba con chó dưới sân"
	code, out := runWith(first, "users", "create", "--name", "Võ Thị Em", "--role", "district_officer", "--district", "943",
		"--username", "Em.Vo", "--password-stdin", "--no-token")
	if code != 0 || !strings.Contains(out, `who signs in as "em.vo"`) || strings.Contains(out, "mèo") {
		t.Fatalf("users create: %d\n%s", code, out)
	}
	if code, out := runWith("ngắn", "users", "password", "--username", "em.vo", "--password-stdin"); code != 1 ||
		!strings.Contains(out, "password: must be at least 10 characters") || strings.Contains(out, "ngắn") {
		t.Errorf("short password: %d\n%s", code, out)
	}
	if code, out := runWith(second, "users", "password", "--username", "EM.VO"); code != 2 || !strings.Contains(out, "usage:") {
		t.Errorf("without --password-stdin: %d\n%s", code, out)
	}
	if code, out := runWith(second, "users", "password", "--username", "EM.VO", "--password-stdin"); code != 0 ||
		!strings.Contains(out, "their sessions are ended") || strings.Contains(out, "chó") {
		t.Fatalf("users password: %d\n%s", code, out)
	}

	db, err := store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, pw := range []string{strings.TrimSpace(first), second} {
		if cols, err := db.ColumnsContaining(context.Background(), pw); err != nil || len(cols) > 0 {
			t.Errorf("password in clear in %v (%v)", cols, err)
		}
	}
	s := access.NewSessions(db.Access(), nil)
	if _, _, _, err := s.SignIn(context.Background(), "em.vo", strings.TrimSpace(first), "", ""); rl.ErrorKind(err) != rl.Unauthenticated {
		t.Errorf("old password: %v", err)
	}
	if _, _, u, err := s.SignIn(context.Background(), "em.vo", second, "", ""); err != nil || u.District != "943" {
		t.Errorf("new password: %+v %v", u, err)
	}
}

// TestBootstrapPassword: a first start makes the admin able to sign in,
// with the configured password or a generated one printed once to the
// given writer (not the log).
func TestBootstrapPassword(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, err := wire(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(a.close)
		var logs, shown bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logs, nil))
		if err := bootstrap(ctx, a, config{BootstrapToken: demoToken}, log, &shown); err != nil {
			t.Fatal(err)
		}
		_, after, ok := strings.Cut(shown.String(), "sign in at /login as admin with this password, shown only this once:")
		password := strings.TrimSpace(after)
		if !ok || len(password) != 23 || strings.Contains(logs.String(), password) {
			t.Fatalf("shown %q, logged %q", shown.String(), logs.String())
		}
		if _, _, u, err := a.sessions.SignIn(ctx, "admin", password, "", ""); err != nil || u.Role != access.Admin {
			t.Fatalf("sign in with the printed password: %+v %v", u, err)
		}
		// A second start neither changes nor prints it.
		shown.Reset()
		if err := bootstrap(ctx, a, config{BootstrapToken: demoToken, BootstrapPassword: "another one entirely"}, log, &shown); err != nil || shown.Len() > 0 {
			t.Fatalf("second start: %v %q", err, shown.String())
		}
		if _, _, _, err := a.sessions.SignIn(ctx, "admin", password, "", ""); err != nil {
			t.Fatalf("after a second start: %v", err)
		}
		if err := bootstrap(ctx, a, config{BootstrapPassword: "admin12345"}, log, io.Discard); err == nil ||
			!strings.Contains(err.Error(), "RELIEF_BOOTSTRAP_PASSWORD") {
			t.Errorf("a weak RELIEF_BOOTSTRAP_PASSWORD: %v", err)
		}
	})
}
