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
	good := map[string]any{"line": json.Number("1"), "account_id": json.Number("2"), "account": "POOR:1120", "amount": "100"}
	if errs := validate(doc, ref("Posting"), good, "p"); len(errs) > 0 {
		t.Fatalf("good posting rejected: %v", errs)
	}
	for name, bad := range map[string]map[string]any{
		"extra field":      {"line": json.Number("1"), "account_id": json.Number("2"), "account": "x", "amount": "1", "colour": "red"},
		"missing required": {"line": json.Number("1"), "account": "x", "amount": "1"},
		"number amount":    {"line": json.Number("1"), "account_id": json.Number("2"), "account": "x", "amount": json.Number("1")},
		"float amount str": {"line": json.Number("1"), "account_id": json.Number("2"), "account": "x", "amount": "1e3"},
	} {
		if errs := validate(doc, ref("Posting"), bad, "p"); len(errs) == 0 {
			t.Errorf("%s: not caught", name)
		}
	}
}
