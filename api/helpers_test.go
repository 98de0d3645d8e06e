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
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"reliefledger/access"
	"reliefledger/audit"
	"reliefledger/distribution"
	"reliefledger/donations"
	"reliefledger/goods"
	"reliefledger/households"
	"reliefledger/ledger"
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
	s := &Server{Ledger: l, Access: acc, Users: users, Audit: auditLog, Households: hh, Donations: dons, Goods: gs, Distribution: dist, DB: db,
		Log: slog.New(slog.NewTextHandler(&ts.logs, nil)), Metrics: metrics, Version: "test"}
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
	var body io.Reader
	switch b := r.Body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			ts.t.Fatal(err)
		}
		body = bytes.NewReader(enc)
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
	ts.checkContract(r, out)
	return out
}

var ginParamTest = regexp.MustCompile(`\{[a-z_]+\}`)

// patterns caches the schema patterns the validator compiles.
var patterns sync.Map

func compiled(p string) *regexp.Regexp {
	if re, ok := patterns.Load(p); ok {
		return re.(*regexp.Regexp)
	}
	re := regexp.MustCompile(p)
	patterns.Store(p, re)
	return re
}

// checkContract holds every answer to the OpenAPI description: success
// bodies to the route's schema, errors to the problem schema.
func (ts *testServer) checkContract(r req, resp response) {
	ts.t.Helper()
	path, _, _ := strings.Cut(r.Path, "?")
	ct := resp.Header.Get("Content-Type")
	if resp.Status >= 400 {
		if !strings.HasPrefix(ct, "application/problem+json") {
			ts.t.Errorf("%s %s: status %d with Content-Type %q, want application/problem+json; body %s", r.Method, path, resp.Status, ct, resp.Body)
			return
		}
		if errs := validate(ts.doc, ref("Problem"), decodeAny(resp.Body), "problem"); len(errs) > 0 {
			ts.t.Errorf("%s %s: problem body breaks the schema: %v", r.Method, path, errs)
		}
		if p := resp.problem(); p.Status != resp.Status {
			ts.t.Errorf("%s %s: problem status %d != HTTP status %d", r.Method, path, p.Status, resp.Status)
		}
		return
	}
	if !strings.HasPrefix(ct, "application/json") {
		if ts.responseSchema(r.Method, path, resp.Status, ct) == nil {
			ts.t.Errorf("%s %s: %d with %s is not described in /openapi.json", r.Method, path, resp.Status, ct)
		}
		return
	}
	schema := ts.responseSchema(r.Method, path, resp.Status, "application/json")
	if schema == nil {
		ts.t.Errorf("%s %s: status %d is not described in /openapi.json", r.Method, path, resp.Status)
		return
	}
	if errs := validate(ts.doc, schema, decodeAny(resp.Body), "body"); len(errs) > 0 {
		ts.t.Errorf("%s %s: body breaks the schema: %v", r.Method, path, errs)
	}
}

func (ts *testServer) responseSchema(method, path string, status int, mediaType string) map[string]any {
	paths := ts.doc["paths"].(map[string]any)
	// A literal path (/households/summary) wins over a template (/households/{id}).
	keys := make([]string, 0, len(paths))
	for p := range paths {
		keys = append(keys, p)
	}
	sort.Slice(keys, func(i, j int) bool { return strings.Count(keys[i], "{") < strings.Count(keys[j], "{") })
	for _, p := range keys {
		item := paths[p]
		re := regexp.MustCompile("^" + ginParamTest.ReplaceAllString(p, `[^/]+`) + "$")
		if !re.MatchString(path) {
			continue
		}
		op, ok := item.(map[string]any)[strings.ToLower(method)].(map[string]any)
		if !ok {
			continue
		}
		resp, ok := op["responses"].(map[string]any)[fmt.Sprint(status)].(map[string]any)
		if !ok {
			return nil
		}
		content, ok := resp["content"].(map[string]any)
		if !ok {
			return map[string]any{}
		}
		media, ok := content[mediaType].(map[string]any)
		if !ok {
			return nil
		}
		return media["schema"].(map[string]any)
	}
	return nil
}

func decodeAny(b []byte) any {
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	dec.Decode(&v)
	return v
}

// validate checks v against the subset of JSON Schema the description uses.
func validate(doc map[string]any, schema map[string]any, v any, at string) []string {
	if r, ok := schema["$ref"].(string); ok {
		name := strings.TrimPrefix(r, "#/components/schemas/")
		s, ok := doc["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
		if !ok {
			return []string{at + ": unknown schema " + r}
		}
		return validate(doc, s, v, at)
	}
	var errs []string
	switch schema["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want an object, got %T", at, v)}
		}
		props, _ := schema["properties"].(map[string]any)
		for _, req := range asStrings(schema["required"]) {
			if _, ok := m[req]; !ok {
				errs = append(errs, at+"."+req+": required but missing")
			}
		}
		for k, val := range m {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if extra, ok := schema["additionalProperties"].(map[string]any); ok {
					errs = append(errs, validate(doc, extra, val, at+"."+k)...)
				} else if schema["additionalProperties"] == false {
					errs = append(errs, at+"."+k+": not in the schema")
				}
				continue
			}
			errs = append(errs, validate(doc, ps, val, at+"."+k)...)
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want an array, got %T", at, v)}
		}
		items, _ := schema["items"].(map[string]any)
		for i, x := range a {
			errs = append(errs, validate(doc, items, x, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			return []string{fmt.Sprintf("%s: want a string, got %T", at, v)}
		}
		if p, ok := schema["pattern"].(string); ok && !compiled(p).MatchString(s) {
			errs = append(errs, fmt.Sprintf("%s: %q does not match %s", at, s, p))
		}
		if enum := asStrings(schema["enum"]); len(enum) > 0 && !contains(enum, s) {
			errs = append(errs, fmt.Sprintf("%s: %q not in %v", at, s, enum))
		}
	case "integer":
		n, ok := v.(json.Number)
		if _, err := n.Int64(); !ok || err != nil {
			return []string{fmt.Sprintf("%s: want an integer, got %v", at, v)}
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return []string{fmt.Sprintf("%s: want a boolean, got %T", at, v)}
		}
	}
	return errs
}

func asStrings(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	}
	return nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
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
