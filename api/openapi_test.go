package api

import (
	"encoding/json"
	"io"
	"log/slog"
	"sort"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/google/go-cmp/cmp"

	"reliefledger/access"
	"reliefledger/donations"
	"reliefledger/households"
	"reliefledger/ledger"
)

// TestOpenAPIDescribesEveryRoute keeps /openapi.json true: every route the
// server answers is described, and every description is a real route.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	s := &Server{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"}
	engine := s.Handler().(*gin.Engine)
	var served []string
	for _, r := range engine.Routes() {
		served = append(served, r.Method+" "+openAPIPath(r.Path))
	}
	doc := s.OpenAPI()
	var described []string
	for p, item := range doc["paths"].(map[string]any) {
		for m := range item.(map[string]any) {
			described = append(described, strings.ToUpper(m)+" "+p)
		}
	}
	sort.Strings(served)
	sort.Strings(described)
	if diff := cmp.Diff(served, described); diff != "" {
		t.Errorf("served routes vs /openapi.json (-served +described):\n%s", diff)
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, rt := range s.routes() {
		names := []string{rt.Response}
		if rt.Request != "" {
			names = append(names, rt.Request)
		}
		for _, name := range names {
			if _, ok := schemas[name]; !ok {
				t.Errorf("%s %s names schema %q, which is not described", rt.Method, rt.Path, name)
			}
		}
		if rt.Summary == "" || rt.Tag == "" {
			t.Errorf("%s %s lacks a summary or tag", rt.Method, rt.Path)
		}
		if rt.Method == "POST" && rt.JSONBody && rt.Request == "" {
			t.Errorf("%s %s reads a body but describes none", rt.Method, rt.Path)
		}
	}
	// Every $ref anywhere resolves.
	b, _ := json.Marshal(doc)
	for _, part := range strings.Split(string(b), `"$ref":"#/components/schemas/`)[1:] {
		name := part[:strings.Index(part, `"`)]
		if _, ok := schemas[name]; !ok {
			t.Errorf("dangling $ref %s", name)
		}
	}
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi version %v", doc["openapi"])
	}
}

// TestValidatorCatchesDrift makes sure the contract check used by every API
// test can fail.
func TestValidatorCatchesDrift(t *testing.T) {
	doc := (&Server{}).OpenAPI()
	n := func(s string) json.Number { return json.Number(s) }
	good := map[string]any{"line": n("1"), "account_id": n("2"), "account": "POOR:1120", "amount": "100"}
	if errs := validate(doc, ref("Posting"), good, "p"); len(errs) > 0 {
		t.Fatalf("good posting rejected: %v", errs)
	}
	for name, bad := range map[string]map[string]any{
		"extra field":      {"line": n("1"), "account_id": n("2"), "account": "x", "amount": "1", "colour": "red"},
		"missing required": {"line": n("1"), "account": "x", "amount": "1"},
		"number amount":    {"line": n("1"), "account_id": n("2"), "account": "x", "amount": n("1")},
		"float amount str": {"line": n("1"), "account_id": n("2"), "account": "x", "amount": "1e3"},
		"fraction line":    {"line": n("1.5"), "account_id": n("2"), "account": "x", "amount": "1"},
	} {
		if errs := validate(doc, ref("Posting"), bad, "p"); len(errs) == 0 {
			t.Errorf("%s: not caught", name)
		}
	}
	for name, tc := range map[string]struct {
		schema string
		v      any
		ok     bool
	}{
		"null ratio":        {"FairnessOverall", map[string]any{"max_min_ratio": nil}, true},
		"decimal ratio":     {"FairnessOverall", map[string]any{"max_min_ratio": "1.5"}, true},
		"number ratio":      {"FairnessOverall", map[string]any{"max_min_ratio": n("1.5")}, false},
		"unknown role":      {"User", map[string]any{"role": "mayor"}, false},
		"bad date":          {"Entry", map[string]any{"date": "2021-13-01"}, false},
		"bad timestamp":     {"Entry", map[string]any{"created_at": "yesterday"}, false},
		"category map":      {"PlanCreate", map[string]any{"rates": map[string]any{"poor": "1"}}, true},
		"unknown category":  {"PlanCreate", map[string]any{"rates": map[string]any{"rich": "1"}}, false},
		"one posting":       {"EntryCreate", map[string]any{"postings": []any{map[string]any{"amount": "1"}}}, false},
		"unknown keyword":   {"", map[string]any{}, false},
		"unknown reference": {"Nothing", map[string]any{}, false},
	} {
		schema := ref(tc.schema)
		if tc.schema == "" {
			schema = map[string]any{"type": "object", "minProperties": 1}
		}
		// Only the property under test is given: the others' absence is
		// not what this case is about.
		var errs []string
		for _, e := range validate(doc, schema, tc.v, "v") {
			if !strings.HasSuffix(e, "required but missing") {
				errs = append(errs, e)
			}
		}
		if ok := len(errs) == 0; ok != tc.ok {
			t.Errorf("%s: valid %v, want %v (%v)", name, ok, tc.ok, errs)
		}
	}
}

// TestRequestCheckCatchesDrift makes sure that a request the server accepted
// is held to the description: its body, path and query parameters.
func TestRequestCheckCatchesDrift(t *testing.T) {
	ts := &testServer{doc: (&Server{}).OpenAPI()}
	entry := `{"description":"x","postings":[{"account":"POOR:1111","amount":"1"},{"account":"POOR:4111","amount":"-1"}]}`
	for _, tc := range []struct {
		name, method, path, contentType, body string
		want                                  string // a part of the one error expected; "" for none
	}{
		{"good entry", "POST", "/api/v1/journal", "application/json", entry, ""},
		{"number amount", "POST", "/api/v1/journal", "application/json", strings.Replace(entry, `"1"`, `1`, 1), "want string"},
		{"no description", "POST", "/api/v1/journal", "application/json", strings.Replace(entry, `"description":"x",`, ``, 1), "description: required"},
		{"unknown kind", "POST", "/api/v1/journal", "application/json", strings.Replace(entry, `"x",`, `"x","kind":"gift",`, 1), "not in"},
		{"unknown field", "POST", "/api/v1/journal", "application/json", strings.Replace(entry, `"x",`, `"x","memo":"m",`, 1), "not in the schema"},
		{"no body", "POST", "/api/v1/journal", "", "", "body is required"},
		{"undescribed body", "POST", "/api/v1/journal", "text/plain", "x", "not described"},
		{"upload", "POST", "/api/v1/households/import?dry_run=true", "multipart/form-data; boundary=x", "--x--", ""},
		{"integer id", "GET", "/api/v1/journal/7", "", "", ""},
		{"text id", "GET", "/api/v1/journal/seven", "", "", "not an integer"},
		{"workbook name", "GET", "/api/v1/exports/journal.xlsx?fund=POOR", "", "", ""},
		{"receipt code", "GET", "/api/v1/public/receipts/POOR-2021-000001", "", "", ""},
		{"undescribed query", "GET", "/api/v1/journal?colour=red", "", "", "colour is not described"},
		{"text limit", "GET", "/api/v1/journal?limit=ten", "", "", "not an integer"},
		{"boolean", "POST", "/api/v1/households/import?dry_run=yes", "text/csv", "a", "not true or false"},
	} {
		path, query, _ := strings.Cut(tc.path, "?")
		template, op := ts.operation(tc.method, path)
		if op == nil {
			t.Fatalf("%s: %s %s not described", tc.name, tc.method, path)
		}
		var body []byte
		if tc.contentType != "" {
			body = []byte(tc.body)
		}
		errs := checkRequest(ts.doc, op, template, path, query, tc.contentType, body)
		switch {
		case tc.want == "" && len(errs) > 0:
			t.Errorf("%s: %v", tc.name, errs)
		case tc.want != "" && (len(errs) != 1 || !strings.Contains(errs[0], tc.want)):
			t.Errorf("%s: got %v, want one error with %q", tc.name, errs, tc.want)
		}
	}
}

// TestEveryComponentIsUsed keeps schemaTypes free of names nothing uses.
func TestEveryComponentIsUsed(t *testing.T) {
	s := &Server{}
	doc := s.OpenAPI()
	used := map[string]bool{}
	for _, rt := range s.routes() {
		used[rt.Request], used[rt.Response] = true, true
	}
	b, _ := json.Marshal(doc)
	for _, part := range strings.Split(string(b), `"$ref":"#/components/schemas/`)[1:] {
		used[part[:strings.Index(part, `"`)]] = true
	}
	for name := range doc["components"].(map[string]any)["schemas"].(map[string]any) {
		if !used[name] {
			t.Errorf("schema %s is described but nothing uses it", name)
		}
	}
}

// TestEnumsFollowTheDomain holds the enums written in DTO tags to the
// domain's own lists and checks.
func TestEnumsFollowTheDomain(t *testing.T) {
	doc := (&Server{}).OpenAPI()
	enum := func(schema, prop string) []string {
		p := doc["components"].(map[string]any)["schemas"].(map[string]any)[schema].(map[string]any)["properties"].(map[string]any)[prop].(map[string]any)
		if items, ok := p["items"].(map[string]any); ok {
			p = items
		}
		return asStrings(p["enum"])
	}
	var roles []string
	for _, r := range access.Roles {
		roles = append(roles, string(r))
	}
	exact := map[string]struct {
		got, want []string
	}{
		"User.role":          {enum("User", "role"), roles},
		"UserCreate.role":    {enum("UserCreate", "role"), roles},
		"UserPatch.role":     {enum("UserPatch", "role"), roles},
		"Household.flags":    {enum("Household", "flags"), households.KnownFlags},
		"Household.status":   {enum("Household", "status"), []string{"active", "graduated", "moved", "dissolved"}},
		"Household.category": {enum("Household", "category"), []string{string(households.Poor), string(households.NearPoor)}},
		"Donation.channel":   {enum("Donation", "channel"), []string{string(donations.Cash), string(donations.Bank), string(donations.InKind)}},
	}
	for name, c := range exact {
		if diff := cmp.Diff(c.want, c.got); diff != "" {
			t.Errorf("%s enum (-domain +doc):\n%s", name, diff)
		}
	}
	valid := map[string]func(string) bool{
		"Account.type":          func(v string) bool { return ledger.AccountType(v).Valid() },
		"Donor.kind":            func(v string) bool { return donations.DonorKind(v).Valid() },
		"HouseholdPatch.status": func(v string) bool { return households.Status(v).Valid() },
	}
	for name, ok := range valid {
		schema, prop, _ := strings.Cut(name, ".")
		for _, v := range enum(schema, prop) {
			if !ok(v) {
				t.Errorf("%s: the domain does not know %q", name, v)
			}
		}
	}
}
