package store

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBind pins how one query text becomes each backend's statement: the
// placeholders, IN lists and multi-row VALUES are expanded in one place.
func TestBind(t *testing.T) {
	tests := []struct {
		name     string
		pg       bool
		query    string
		args     []any
		want     string
		wantArgs []any
	}{
		{"sqlite unchanged", false, "SELECT a FROM t WHERE b = ? AND c = ?", []any{1, "x"}, "SELECT a FROM t WHERE b = ? AND c = ?", []any{1, "x"}},
		{"postgres numbered", true, "SELECT a FROM t WHERE b = ? AND c = ?", []any{1, "x"}, "SELECT a FROM t WHERE b = $1 AND c = $2", []any{1, "x"}},
		{"list on sqlite", false, "SELECT a FROM t WHERE b IN (?) AND c = ?", []any{list{1, 2, 3}, "x"}, "SELECT a FROM t WHERE b IN (?,?,?) AND c = ?", []any{1, 2, 3, "x"}},
		{"list on postgres", true, "SELECT a FROM t WHERE c = ? AND b IN (?)", []any{"x", list{1, 2}}, "SELECT a FROM t WHERE c = $1 AND b IN ($2,$3)", []any{"x", 1, 2}},
		{"empty list matches nothing", true, "SELECT a FROM t WHERE b IN (?)", []any{list{}}, "SELECT a FROM t WHERE b IN (NULL)", []any{}},
		{"rows", true, "INSERT INTO t (a, b) VALUES ?", []any{valueRows{{1, "x"}, {2, "y"}}}, "INSERT INTO t (a, b) VALUES ($1,$2),($3,$4)", []any{1, "x", 2, "y"}},
		{"rows on sqlite", false, "INSERT INTO t (a, b) VALUES ? ON CONFLICT DO NOTHING", []any{valueRows{{1, "x"}}}, "INSERT INTO t (a, b) VALUES (?,?) ON CONFLICT DO NOTHING", []any{1, "x"}},
		{"question mark in a literal", true, "SELECT '?' || a FROM t WHERE b = ?", []any{7}, "SELECT '?' || a FROM t WHERE b = $1", []any{7}},
		{"no args", true, "SELECT COUNT(*) FROM t WHERE v = ?", nil, "SELECT COUNT(*) FROM t WHERE v = $1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, args := bind(tt.pg, tt.query, tt.args)
			if got != tt.want {
				t.Errorf("query mismatch (-want +got):\n%s", cmp.Diff(tt.want, got))
			}
			if diff := cmp.Diff(tt.wantArgs, args); diff != "" && !(len(tt.wantArgs) == 0 && len(args) == 0) {
				t.Errorf("args mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
