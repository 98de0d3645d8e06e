package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"reliefledger/api"
	"reliefledger/store/storetest"
	"reliefledger/web"
)

// TestReplicaConfig: DATABASE_REPLICA_URLS is read, and refused with the
// embedded database, with a URL that is not postgres:// or a bad lag.
func TestReplicaConfig(t *testing.T) {
	env := func(kv ...string) func(string) (string, bool) {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	pg := "postgres://u@db:5432/relief"
	c := readConfig(env("DATABASE_URL", pg, "DATABASE_REPLICA_URLS", " postgres://u@r1:5432/relief, postgresql://u@r2/relief ,"))
	o, err := c.replicas()
	if err != nil || len(o.URLs) != 2 || o.URLs[1] != "postgresql://u@r2/relief" || o.MaxLag != 5*time.Second {
		t.Errorf("replicas: %+v %v", o, err)
	}
	for _, tc := range []struct {
		name string
		env  []string
		want string
	}{
		{"sqlite", []string{"DATABASE_REPLICA_URLS", pg}, "needs DATABASE_URL to be PostgreSQL"},
		{"not postgres", []string{"DATABASE_URL", pg, "DATABASE_REPLICA_URLS", pg + ",mysql://x"}, "URL 2 is not a postgres:// URL"},
		{"bad lag", []string{"DATABASE_URL", pg, "RELIEF_REPLICA_MAX_LAG", "5"}, "RELIEF_REPLICA_MAX_LAG"},
		{"tiny lag", []string{"RELIEF_REPLICA_MAX_LAG", "1ms"}, "at least 100ms"},
	} {
		lookup := env(tc.env...)
		err := readConfig(lookup).check(lookup)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", tc.name, err, tc.want)
		}
	}
}

// TestUseReplicas: serve's wiring with a replica that does not answer:
// the server starts, the API and the pages route through the replicas,
// /metrics shows it down, and the public reads are served (by the
// primary) without an error.
func TestUseReplicas(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "postgres://postgres@" + l.Addr().String() + "/test?sslmode=disable"
	l.Close() // nothing listens there now
	cfg := readConfig(func(k string) (string, bool) {
		v, ok := map[string]string{"DATABASE_URL": dsn, "DATABASE_REPLICA_URLS": dead, "RELIEF_REPLICA_MAX_LAG": "2s"}[k]
		return v, ok
	})
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := open(ctx, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.close)
	srv := &api.Server{Ledger: a.ledger, Access: a.access, Users: a.users, Sessions: a.sessions, Audit: a.audit, Households: a.households,
		Donations: a.donations, Goods: a.goods, Distribution: a.distribution, DB: a.db, Log: quiet, Metrics: api.NewMetrics()}
	pages := &web.Server{Ledger: a.ledger, Donations: a.donations, Distribution: a.distribution, Households: a.households, Goods: a.goods, Log: quiet}
	pagesH, err := useReplicas(ctx, cfg, a.db, srv, pages, srv.Metrics)
	if err != nil {
		t.Fatal(err)
	}
	if srv.Replicas == nil {
		t.Fatal("the API does not route through the replicas")
	}
	hs := httptest.NewServer(handler(srv.Handler(), pagesH))
	t.Cleanup(hs.Close)
	get := func(path string) string {
		t.Helper()
		r, err := http.Get(hs.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		if r.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", path, r.StatusCode, b)
		}
		return string(b)
	}
	get("/api/v1/public/funds")
	get("/donations")
	if m := get("/metrics"); !strings.Contains(m, `reliefledger_replica_up{replica="`+l.Addr().String()+`"} 0`) ||
		!strings.Contains(m, "reliefledger_replica_primary_reads_total") {
		t.Errorf("/metrics does not show the dead replica down:\n%s", m)
	}
}
