package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
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

// TestServeSignIn: the served pages and the API share the sign-in: a
// session opened at /login calls the API, which asks it for the CSRF
// header on writes, and the audit log has the sign-in.
func TestServeSignIn(t *testing.T) {
	cfg := defaultConfig()
	cfg.DataDir, cfg.Addr, cfg.BootstrapToken, cfg.Demo = t.TempDir(), freeAddr(t), "serve-test-token-0123456789", "false"
	cfg.BootstrapPassword = "một mật khẩu đủ dài"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard) }()
	t.Cleanup(func() { cancel(); <-done })
	base := "http://" + cfg.Addr
	waitHealthy(t, base, done)

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	_, after, _ := strings.Cut(string(b), `name="csrf" value="`)
	csrf, _, _ := strings.Cut(after, `"`)
	res, err = c.PostForm(base+"/login", url.Values{"csrf": {csrf}, "username": {"admin"}, "password": {cfg.BootstrapPassword}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account" {
		t.Fatalf("sign in: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	call := func(method, path, csrf string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(`{"name":"Thu","role":"auditor"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", "serve-signin-1")
		if csrf != "" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if st, body := call("GET", "/api/v1/me", ""); st != 200 || !strings.Contains(body, `"username":"admin"`) {
		t.Fatalf("GET /api/v1/me with the session: %d %s", st, body)
	}
	if st, body := call("POST", "/api/v1/users", ""); st != 403 || !strings.Contains(body, "X-CSRF-Token") {
		t.Errorf("a write without the CSRF header: %d %s", st, body)
	}
	res, _ = c.Get(base + "/account")
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	_, after, _ = strings.Cut(string(b), `name="csrf" value="`)
	sessCSRF, _, _ := strings.Cut(after, `"`)
	if st, body := call("POST", "/api/v1/users", sessCSRF); st != 201 {
		t.Errorf("a write with the CSRF header: %d %s", st, body)
	}
	req, _ := http.NewRequest("GET", base+"/api/v1/audit?route=signin", nil)
	req.Header.Set("Authorization", "Bearer "+cfg.BootstrapToken)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), `"route":"signin"`) || !strings.Contains(string(b), `"status":200`) {
		t.Errorf("audit of the sign-in: %s", b)
	}
}
