package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"reliefledger/access"
	"reliefledger/audit"
	"reliefledger/checkpoint"
	"reliefledger/distribution"
	"reliefledger/donations"
	"reliefledger/goods"
	"reliefledger/households"
	"reliefledger/ledger"
	"reliefledger/rules"
	"reliefledger/store"
)

const adminToken = "test-admin-token-0123456789"

// testServer is a real HTTP server over a real database.
type testServer struct {
	t      testing.TB
	srv    *Server
	http   *httptest.Server
	db     *store.DB
	ledger *ledger.Service
	doc    map[string]any
	keys   atomic.Int64
	logs   syncBuffer
	// noReplayCheck turns off the replay of every created request (for
	// tests that count requests or time them).
	noReplayCheck bool
}

// syncBuffer collects the server's log for tests that read it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newTestServer(tb testing.TB, db *store.DB) *testServer {
	tb.Helper()
	ctx := context.Background()
	l := ledger.NewService(db.Ledger(), ledger.Options{})
	tb.Cleanup(l.Close)
	if err := l.SeedFunds(ctx); err != nil {
		tb.Fatal(err)
	}
	acc := access.NewService(db.Access(), nil)
	if _, err := acc.Bootstrap(ctx, adminToken); err != nil {
		tb.Fatal(err)
	}
	metrics := NewMetrics()
	l.OnBatch = metrics.ObserveBatch
	auditLog := audit.New(db.Audit(), nil)
	tb.Cleanup(auditLog.Close)
	ts := &testServer{t: tb, db: db, ledger: l}
	hh := households.NewService(db.Households(), nil)
	if err := hh.LoadRegions(ctx); err != nil {
		tb.Fatal(err)
	}
	users := access.NewUsers(db.Access(), acc, nil)
	users.District = hh.DistrictExists
	dons := donations.NewService(db.Donations(), l, nil)
	dons.DistrictExists = hh.DistrictExists
	gs := goods.NewService(db.Goods(), l, nil)
	gs.DistrictExists = hh.DistrictExists
	if err := gs.Seed(ctx, hh.DistrictNames()); err != nil {
		tb.Fatal(err)
	}
	dons.Warehouse = gs.WarehouseDistrict
	dist := distribution.NewService(db.Distribution(), l, gs, hh, nil)
	key, err := checkpoint.GenerateKey()
	if err != nil {
		tb.Fatal(err)
	}
	s := &Server{Ledger: l, Access: acc, Users: users, Audit: auditLog, Households: hh, Donations: dons, Goods: gs, Distribution: dist, DB: db,
		Log: slog.New(slog.NewTextHandler(&ts.logs, nil)), Metrics: metrics, Version: "test",
		Checkpoints: checkpoint.NewService(db.Checkpoints(), l, key, nil),
		Replicas:    db} // no replicas unless the test gave db some
	s.Campaigns = rules.NewService(db.Campaigns(), l, nil, nil)
	ts.srv = s
	ts.http = httptest.NewServer(s.Handler())
	tb.Cleanup(ts.http.Close)
	ts.doc = s.OpenAPI()
	return ts
}

// userToken creates a user with a role and returns a token for them.
func (ts *testServer) userToken(role access.Role, district string) string {
	ts.t.Helper()
	ctx := context.Background()
	u, err := ts.db.Access().CreateUser(ctx, access.User{Name: string(role), Role: role, District: district, CreatedAt: time.Now()})
	if err != nil {
		ts.t.Fatal(err)
	}
	secret := access.NewSecret()
	if _, err := ts.db.Access().CreateToken(ctx, access.Token{UserID: u.ID, Name: "test", CreatedAt: time.Now()}, access.HashToken(secret)); err != nil {
		ts.t.Fatal(err)
	}
	return secret
}

// response is a decoded answer.
type response struct {
	Status int
	Header http.Header
	Body   []byte
	JSON   map[string]any
}

func (r response) problem() Problem {
	var p Problem
	json.Unmarshal(r.Body, &p)
	return p
}

// req describes a request; Key "auto" makes a fresh Idempotency-Key.
type req struct {
	Method, Path, Token, Key, ContentType string
	Body                                  any // string, []byte or a value to encode
}

func (ts *testServer) do(r req) response {
	ts.t.Helper()
	var sent []byte
	switch b := r.Body.(type) {
	case nil:
	case string:
		sent = []byte(b)
	case []byte:
		sent = b
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			ts.t.Fatal(err)
		}
		sent = enc
	}
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(sent)
	}
	hr, err := http.NewRequest(r.Method, ts.http.URL+r.Path, body)
	if err != nil {
		ts.t.Fatal(err)
	}
	if r.Token != "-" {
		tok := r.Token
		if tok == "" {
			tok = adminToken
		}
		hr.Header.Set("Authorization", "Bearer "+tok)
	}
	if body != nil {
		ct := r.ContentType
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	switch r.Key {
	case "":
	case "auto":
		hr.Header.Set("Idempotency-Key", fmt.Sprintf("test-%d", ts.keys.Add(1)))
	default:
		hr.Header.Set("Idempotency-Key", r.Key)
	}
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		ts.t.Fatalf("%s %s: %v", r.Method, r.Path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out := response{Status: resp.StatusCode, Header: resp.Header, Body: b}
	json.Unmarshal(b, &out.JSON)
	ts.checkContract(r, sent, out)
	if out.Status == http.StatusCreated && hr.Header.Get("Idempotency-Key") != "" && !ts.noReplayCheck {
		ts.checkReplay(r, hr, sent, out)
	}
	return out
}

// checkReplay sends a created request again with its key and body: the
// answer must be the first one, byte for byte, marked replayed (issue 13,
// acceptance 5), on both backends. Only a token's secret is shown once.
func (ts *testServer) checkReplay(r req, first *http.Request, sent []byte, want response) {
	ts.t.Helper()
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(sent)
	}
	hr, err := http.NewRequest(r.Method, ts.http.URL+r.Path, body)
	if err != nil {
		ts.t.Fatal(err)
	}
	hr.Header = first.Header.Clone()
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		ts.t.Fatalf("replay %s %s: %v", r.Method, r.Path, err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Idempotent-Replayed") != "true" {
		ts.t.Errorf("replay of %s %s: %d (replayed %q) %s", r.Method, r.Path, resp.StatusCode, resp.Header.Get("Idempotent-Replayed"), got)
		return
	}
	wantBody := want.Body
	if strings.HasSuffix(r.Path, "/tokens") {
		var m map[string]any
		json.Unmarshal(want.Body, &m)
		delete(m, "secret")
		wantBody, _ = json.Marshal(m)
		var g map[string]any
		json.Unmarshal(got, &g)
		got, _ = json.Marshal(g)
	}
	if !bytes.Equal(got, wantBody) {
		ts.t.Errorf("replay of %s %s differs from the first answer:\n first:  %s\n replay: %s", r.Method, r.Path, wantBody, got)
	}
}

// accountID finds an account's id by FUND:CODE through the API.
func (ts *testServer) accountID(ref string) int64 {
	ts.t.Helper()
	fund, _, _ := strings.Cut(ref, ":")
	r := ts.do(req{Method: "GET", Path: "/api/v1/accounts?limit=500&fund=" + fund})
	for _, a := range r.JSON["data"].([]any) {
		m := a.(map[string]any)
		if m["ref"] == ref {
			n, _ := m["id"].(float64)
			return int64(n)
		}
	}
	ts.t.Fatalf("no account %s", ref)
	return 0
}

func (ts *testServer) balance(id int64) string {
	ts.t.Helper()
	r := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/accounts/%d/balance", id)})
	if r.Status != 200 {
		ts.t.Fatalf("balance: %d %s", r.Status, r.Body)
	}
	for _, b := range r.JSON["balances"].([]any) {
		m := b.(map[string]any)
		if m["asset"] == "VND" {
			return m["amount"].(string)
		}
	}
	return "0"
}

func (ts *testServer) verify() map[string]any {
	ts.t.Helper()
	r := ts.do(req{Method: "POST", Path: "/api/v1/ledger/verify"})
	if r.Status != 200 {
		ts.t.Fatalf("verify: %d %s", r.Status, r.Body)
	}
	return r.JSON
}

func (ts *testServer) mustVerifyClean() {
	ts.t.Helper()
	if v := ts.verify(); v["ok"] != true {
		ts.t.Fatalf("verify: %v", v["problems"])
	}
}

func (ts *testServer) mustTrialBalanceZero(fund string) {
	ts.t.Helper()
	r := ts.do(req{Method: "GET", Path: "/api/v1/trial-balance?fund=" + fund})
	if r.Status != 200 || r.JSON["balanced"] != true {
		ts.t.Fatalf("trial balance %s: %d %s", fund, r.Status, r.Body)
	}
}

func entry(desc string, postings ...map[string]any) map[string]any {
	return map[string]any{"description": desc, "postings": postings}
}

func posting(account string, amount string) map[string]any {
	return map[string]any{"account": account, "amount": amount}
}
