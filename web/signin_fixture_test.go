package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"reliefledger/access"
	"reliefledger/api"
	"reliefledger/audit"
	"reliefledger/households"
	"reliefledger/store"
)

// The passwords of the sign-in fixture's users.
const (
	officerPW = "lúa về đầy kho 943"
	adminPW   = "quản trị cẩn thận nhé"
)

// signinFixture serves the pages with the real sign-in over a database
// holding an admin and a district officer of Kế Sách (943).
type signinFixture struct {
	URL     string
	db      *store.DB
	si      *SignIn
	officer access.User
	admin   access.User
	logs    *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newSigninFixture(t *testing.T, db *store.DB) *signinFixture {
	t.Helper()
	ctx := context.Background()
	cheap := access.PasswordParams{Memory: 64, Time: 1, Threads: 1}
	hh := households.NewService(db.Households(), nil)
	must(t, hh.LoadRegions(ctx))
	users := access.NewUsers(db.Access(), access.NewService(db.Access(), nil), nil)
	users.District, users.Params = hh.DistrictExists, cheap
	sessions := access.NewSessions(db.Access(), nil)
	sessions.Params = cheap
	log := audit.New(db.Audit(), nil)
	t.Cleanup(log.Close)
	sessions.Audit = func(ctx context.Context, e access.Event) error {
		return log.Write(ctx, audit.Record{UserID: e.UserID, Role: string(e.Role), Method: "POST", Route: e.Action, Path: "/" + e.Action,
			Target: e.Target, Status: e.Status, ClientIP: e.ClientIP})
	}
	si := &SignIn{Sessions: sessions, Users: users, Routes: func(role access.Role) []RouteLink {
		var out []RouteLink
		for _, r := range api.RoutesFor(role) {
			out = append(out, RouteLink{Method: r.Method, Path: r.Path, Tag: r.Tag})
		}
		return out
	}}
	f := &signinFixture{db: db, si: si, logs: &lockedBuffer{}}
	srv := &Server{Households: hh, Sessions: si, Log: slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	f.URL = hs.URL
	mk := func(name, username string, role access.Role, district, pw string) access.User {
		u, _, err := users.Create(ctx, access.UserInput{Name: name, Role: role, District: district}, nil)
		must(t, err)
		u, err = users.SetPassword(ctx, u.ID, username, pw)
		must(t, err)
		return u
	}
	f.admin = mk("Nguyễn Quản Trị", "admin.test", access.Admin, "", adminPW)
	f.officer = mk("Trần Thị Kế Sách", "officer.943", access.DistrictOfficer, "943", officerPW)
	return f
}

// signinClient is an HTTP client with a cookie jar that does not follow
// redirects, so that tests see them.
type signinClient struct {
	t    *testing.T
	c    *http.Client
	base string
}

func (f *signinFixture) client(t *testing.T) *signinClient {
	jar, _ := cookiejar.New(nil)
	return &signinClient{t: t, base: f.URL, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type signinAnswer struct {
	Status int
	Header http.Header
	Body   string
	res    *http.Response
}

func (b *signinClient) get(path string) signinAnswer {
	b.t.Helper()
	res, err := b.c.Get(b.base + path)
	must(b.t, err)
	return readAnswer(b.t, res)
}

func (b *signinClient) post(path string, form url.Values) signinAnswer {
	b.t.Helper()
	res, err := b.c.PostForm(b.base+path, form)
	must(b.t, err)
	return readAnswer(b.t, res)
}

func readAnswer(t *testing.T, res *http.Response) signinAnswer {
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	must(t, err)
	return signinAnswer{Status: res.StatusCode, Header: res.Header, Body: string(body), res: res}
}

// cookie is the cookie of the response named name, or nil.
func (p signinAnswer) cookie(name string) *http.Cookie {
	for _, c := range p.res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// jarValue is the value the client keeps for a cookie.
func (b *signinClient) jarValue(name string) string {
	u, _ := url.Parse(b.base)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// formCSRF is the csrf field of the first form of a page.
func formCSRF(t *testing.T, body string) string {
	t.Helper()
	_, after, ok := strings.Cut(body, `name="csrf" value="`)
	v, _, ok2 := strings.Cut(after, `"`)
	if !ok || !ok2 || v == "" {
		t.Fatalf("no csrf field in:\n%s", body)
	}
	return v
}

// signIn signs the client in through the form.
func (b *signinClient) signIn(username, password string) signinAnswer {
	b.t.Helper()
	csrf := formCSRF(b.t, b.get("/login").Body)
	return b.post("/login", url.Values{"csrf": {csrf}, "username": {username}, "password": {password}})
}
