package store_test

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// The differences between the two backends' schemas that are there by
// design. TestSchemaParity derives from the PostgreSQL schema what SQLite
// must have by applying exactly these, and fails on anything else, and on
// an entry here that no longer matches anything.

// sqliteTypes says how SQLite stores a PostgreSQL type class.
var sqliteTypes = map[store.TypeClass]store.TypeClass{
	// Amounts and quantities: SQLite gives NUMERIC columns numeric
	// affinity and turns decimal text into floats, so they are TEXT there
	// and summed in Go with decimals (STYLE.md, notes from the field).
	store.TypeNumeric: store.TypeText,
	// Dates: SQLite has no date type; they are TEXT YYYY-MM-DD, which
	// sorts and compares as the dates do.
	store.TypeDate: store.TypeText,
	// Booleans: SQLite has no boolean type; they are INTEGER 0 or 1.
	store.TypeBoolean: store.TypeInteger,
}

// sqliteNullablePrimaryKeys are primary key columns that SQLite lets hold
// NULL: it does so for a PRIMARY KEY column not declared exactly INTEGER
// nor NOT NULL (a documented quirk kept for compatibility), while
// PostgreSQL's primary keys are NOT NULL. The store always writes these
// keys. Declaring NOT NULL now would need rebuilding each table (SQLite
// cannot alter a column), the journal's among them; a new table must say
// NOT NULL instead of growing this list.
var sqliteNullablePrimaryKeys = []string{
	"items.code",
	"journal_entries.id",
	"journal_head.id",
	"regions.code",
	"warehouses.code",
}

// sqliteExtraIndexes exist on SQLite only. SQLite checks a deferred
// foreign key from the parent's side too: every appended journal entry
// looks up the rows that point at it, which needs a full index on each
// pointing column (0004_donations.sql). PostgreSQL checks from the child's
// side and the journal is never updated or deleted from, so it needs none.
var sqliteExtraIndexes = map[string]store.Index{
	"journal_entries": {Name: "journal_entries_reverses_all", Columns: []string{"reverses_id"}},
}

// sqliteFullIndexes are partial on PostgreSQL and full on SQLite, for the
// same lookup as sqliteExtraIndexes (a partial index cannot serve it).
var sqliteFullIndexes = []string{"donations.donations_void_entry"}

// sqliteTriggers names the SQLite triggers that stand for a PostgreSQL
// trigger, one per event: a SQLite trigger fires on one event only, so the
// append-only guard of a table is two triggers there. Tests that disable a
// guard name them per backend.
var sqliteTriggers = map[string]map[string]string{ // PostgreSQL trigger → event → SQLite trigger
	"journal_entries_append_only": {"UPDATE": "journal_entries_no_update", "DELETE": "journal_entries_no_delete"},
	"postings_append_only":        {"UPDATE": "postings_no_update", "DELETE": "postings_no_delete"},
	"audit_log_append_only":       {"UPDATE": "audit_log_no_update", "DELETE": "audit_log_no_delete"},
	"checkpoints_append_only":     {"UPDATE": "checkpoints_no_update", "DELETE": "checkpoints_no_delete"},
	"period_closes_append_only":   {"UPDATE": "period_closes_no_update", "DELETE": "period_closes_no_delete"},
}

// The public donation search (0010) indexes its text differently: a GIN
// trigram index on PostgreSQL, an FTS5 trigram table on SQLite, which is a
// virtual table with shadow tables of its own (named after it) kept in
// step by triggers on donations (named after it too).
// The received order's index covers the searched columns: INCLUDE on
// PostgreSQL (not key columns, not read by Schema), trailing key columns on
// SQLite, which has no INCLUDE.
const (
	pgTrigramIndex  = "donations.donations_search_public"
	sqliteTextIndex = "donation_text"
	coveringIndex   = "donations.donations_received"
)

// withoutTextIndex drops the text index of each backend from a schema.
func withoutTextIndex(s store.Schema) store.Schema {
	var out store.Schema
	for _, t := range s.Tables {
		if strings.HasPrefix(t.Name, sqliteTextIndex) {
			continue
		}
		var ixs []store.Index
		for _, ix := range t.Indexes {
			if t.Name+"."+ix.Name == coveringIndex && len(ix.Columns) > 2 {
				ix.Columns = ix.Columns[:2] // SQLite's trailing key columns are PostgreSQL's INCLUDE
			}
			if t.Name+"."+ix.Name != pgTrigramIndex {
				ixs = append(ixs, ix)
			}
		}
		var trs []store.Trigger
		for _, tr := range t.Triggers {
			if !strings.HasPrefix(tr.Name, sqliteTextIndex+"_") {
				trs = append(trs, tr)
			}
		}
		t.Indexes, t.Triggers = ixs, trs
		out.Tables = append(out.Tables, t)
	}
	return out
}

// UNIQUE constraints written inside CREATE TABLE are named by each
// database, not by the migrations (which name every index they create), so
// they are compared by columns, once their names are shown to be the
// database's own.
var (
	pgConstraintName = func(t store.Table, ix store.Index) bool {
		return ix.Name == t.Name+"_"+strings.Join(ix.Columns, "_")+"_key"
	}
	sqliteConstraintName = func(t store.Table, ix store.Index) bool {
		return regexp.MustCompile(`^sqlite_autoindex_` + regexp.QuoteMeta(t.Name) + `_[0-9]+$`).MatchString(ix.Name)
	}
)

// TestSchemaParity migrates a fresh database of each backend and compares
// their tables, columns (type class, nullability), primary keys, unique
// constraints, indexes and triggers.
func TestSchemaParity(t *testing.T) {
	pg := readSchema(t, storetest.Postgres)
	lite := readSchema(t, storetest.SQLite)
	if !hasIndex(pg, pgTrigramIndex) || !hasTable(lite, sqliteTextIndex) {
		t.Errorf("the text indexes of the donation search are not where the rule for them says")
	}
	pg, lite = withoutTextIndex(pg), withoutTextIndex(lite)
	want, unused := asOnSQLite(pg)
	for _, u := range unused {
		t.Errorf("allowed difference %s is not there any more: remove it from the list", u)
	}
	got := lite
	for _, s := range []struct {
		schema  *store.Schema
		backend string
		named   func(store.Table, store.Index) bool
	}{{&want, "postgres", pgConstraintName}, {&got, "sqlite", sqliteConstraintName}} {
		for _, bad := range unnameConstraints(s.schema, s.named) {
			t.Errorf("%s: unique constraint %s is not named by the database: compare it by name and drop this rule", s.backend, bad)
		}
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("SQLite schema differs beyond the allowed differences (-want as derived from PostgreSQL +got on SQLite):\n%s", diff)
	}
}

// TestAppendOnlyTriggers: the journal, the audit log, the checkpoints and
// the period closes refuse updates and deletes on both backends.
func TestAppendOnlyTriggers(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		s, err := db.Schema(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"journal_entries", "postings", "audit_log", "checkpoints", "period_closes"} {
			tb, ok := s.Table(table)
			if !ok {
				t.Fatalf("no table %s", table)
			}
			var guarded []string
			for _, tr := range tb.Triggers {
				for _, ev := range tr.Events {
					guarded = append(guarded, tr.Timing+" "+ev)
				}
			}
			sort.Strings(guarded)
			if diff := cmp.Diff([]string{"BEFORE DELETE", "BEFORE UPDATE"}, guarded); diff != "" {
				t.Errorf("%s guards (-want +got):\n%s", table, diff)
			}
		}
	})
}

// TestRowCounts: a fresh database holds only its seed rows, a refused
// operation writes nothing anywhere, and an accepted one writes its row.
func TestRowCounts(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, err := db.Schema(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := db.Migrations()
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int64{}
		for _, tb := range s.Tables {
			if !strings.HasPrefix(tb.Name, sqliteTextIndex+"_") {
				want[tb.Name] = 0
			}
		}
		want["items"] = 4
		want["journal_head"] = 1
		want["donation_pairing"] = 1
		want["schema_migrations"] = int64(len(ms))
		want["schema_checksums"] = int64(len(ms))
		counts := func() map[string]int64 {
			t.Helper()
			got, err := db.RowCounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for name := range got {
				if strings.HasPrefix(name, sqliteTextIndex+"_") { // FTS5 bookkeeping rows
					delete(got, name)
				}
			}
			return got
		}
		if diff := cmp.Diff(want, counts()); diff != "" {
			t.Errorf("fresh database (-want +got):\n%s", diff)
		}
		_, err = db.Access().RevokeToken(ctx, 1, 99, time.Now())
		if rl.ErrorKind(err) != rl.NotFound {
			t.Fatalf("revoking an unknown token: %v, want NotFound", err)
		}
		if diff := cmp.Diff(want, counts()); diff != "" {
			t.Errorf("after a refused revocation (-want +got):\n%s", diff)
		}
		if _, err := db.Access().CreateUser(ctx, access.User{Name: "Lâm", Role: access.Auditor, CreatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
		want["users"] = 1
		if diff := cmp.Diff(want, counts()); diff != "" {
			t.Errorf("after creating a user (-want +got):\n%s", diff)
		}
	})
}

func readSchema(t *testing.T, b storetest.Backend) store.Schema {
	t.Helper()
	s, err := storetest.Open(t, b).Schema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Tables) < 20 {
		t.Fatalf("%s: %d tables read; the catalog queries miss some", b, len(s.Tables))
	}
	return s
}

// asOnSQLite returns what the PostgreSQL schema pg looks like on SQLite
// after the allowed differences, and the allowed differences that matched
// nothing.
func asOnSQLite(pg store.Schema) (store.Schema, []string) {
	used := map[string]bool{}
	var out store.Schema
	for _, t := range pg.Tables {
		nt := store.Table{Name: t.Name, PrimaryKey: t.PrimaryKey}
		for _, c := range t.Columns {
			if to, ok := sqliteTypes[c.Type]; ok {
				used["type "+string(c.Type)] = true
				c.Type = to
			}
			if key := t.Name + "." + c.Name; contains(sqliteNullablePrimaryKeys, key) {
				used["nullable "+key] = true
				c.NotNull = false
			}
			nt.Columns = append(nt.Columns, c)
		}
		for _, ix := range t.Indexes {
			if key := t.Name + "." + ix.Name; contains(sqliteFullIndexes, key) && ix.Partial {
				used["full "+key] = true
				ix.Partial = false
			}
			nt.Indexes = append(nt.Indexes, ix)
		}
		if ix, ok := sqliteExtraIndexes[t.Name]; ok {
			used["extra "+t.Name+"."+ix.Name] = true
			nt.Indexes = append(nt.Indexes, ix)
		}
		for _, tr := range t.Triggers {
			names, ok := sqliteTriggers[tr.Name]
			if !ok {
				nt.Triggers = append(nt.Triggers, tr)
				continue
			}
			used["trigger "+tr.Name] = true
			for _, ev := range tr.Events {
				nt.Triggers = append(nt.Triggers, store.Trigger{Name: names[ev], Timing: tr.Timing, Events: []string{ev}})
			}
		}
		sortByName(&nt)
		out.Tables = append(out.Tables, nt)
	}
	var unused []string
	for from := range sqliteTypes {
		check(used, &unused, "type "+string(from))
	}
	for _, key := range sqliteNullablePrimaryKeys {
		check(used, &unused, "nullable "+key)
	}
	for _, key := range sqliteFullIndexes {
		check(used, &unused, "full "+key)
	}
	for table, ix := range sqliteExtraIndexes {
		check(used, &unused, "extra "+table+"."+ix.Name)
	}
	for name := range sqliteTriggers {
		check(used, &unused, "trigger "+name)
	}
	sort.Strings(unused)
	return out, unused
}

// unnameConstraints blanks the names of s's unique constraints that named
// says the database chose, and returns those it did not choose.
func unnameConstraints(s *store.Schema, named func(store.Table, store.Index) bool) []string {
	var bad []string
	for i := range s.Tables {
		t := &s.Tables[i]
		for j, ix := range t.Indexes {
			if !ix.Constraint {
				continue
			}
			if !named(*t, ix) {
				bad = append(bad, t.Name+"."+ix.Name)
				continue
			}
			t.Indexes[j].Name = ""
		}
		sortByName(t)
	}
	return bad
}

// sortByName orders a table's indexes and triggers as Schema does; indexes
// without a name by their columns.
func sortByName(t *store.Table) {
	sort.SliceStable(t.Indexes, func(i, j int) bool {
		a, b := t.Indexes[i], t.Indexes[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return strings.Join(a.Columns, ",") < strings.Join(b.Columns, ",")
	})
	sort.SliceStable(t.Triggers, func(i, j int) bool { return t.Triggers[i].Name < t.Triggers[j].Name })
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func check(used map[string]bool, unused *[]string, key string) {
	if !used[key] {
		*unused = append(*unused, key)
	}
}

func TestTypeClass(t *testing.T) {
	// Through a schema, since the classifier is unexported: one column of
	// each declared type, on SQLite where the declared type is kept as
	// written.
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	types := []struct {
		declared string
		want     store.TypeClass
	}{
		{"INTEGER", store.TypeInteger}, {"BIGINT", store.TypeInteger}, {"SMALLINT", store.TypeInteger},
		{"TEXT", store.TypeText}, {"VARCHAR(20)", store.TypeText},
		{"NUMERIC(38, 6)", store.TypeNumeric}, {"DECIMAL", store.TypeNumeric},
		{"BOOLEAN", store.TypeBoolean},
		{"TIMESTAMP", store.TypeTimestamp}, {"TIMESTAMPTZ", store.TypeTimestamp},
		{"DATE", store.TypeDate},
		{"BLOB", "other:blob"},
	}
	var cols []string
	want := store.Table{Name: "zz_types"}
	for i, ty := range types {
		name := fmt.Sprintf("c%d", i)
		cols = append(cols, name+" "+ty.declared)
		want.Columns = append(want.Columns, store.Column{Name: name, Type: ty.want})
	}
	if err := db.Exec(ctx, `CREATE TABLE zz_types (`+strings.Join(cols, ", ")+`)`); err != nil {
		t.Fatal(err)
	}
	s, err := db.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.Table("zz_types")
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func hasIndex(s store.Schema, key string) bool {
	for _, t := range s.Tables {
		for _, ix := range t.Indexes {
			if t.Name+"."+ix.Name == key {
				return true
			}
		}
	}
	return false
}

func hasTable(s store.Schema, name string) bool {
	_, ok := s.Table(name)
	return ok
}
