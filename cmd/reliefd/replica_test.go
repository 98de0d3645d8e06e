package main

import (
	"strings"
	"testing"
	"time"
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
