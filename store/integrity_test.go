package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestCheckIntegrity: a sound database has no problem; a missing receipt
// number, a donation pointing at no entry and a dropped append-only
// trigger are each named.
func TestCheckIntegrity(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newSearchEnv(t, db)
		var ids []int64
		for i, name := range []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"} {
			ids = append(ids, e.record(t, name, false, "REF"+string(rune('A'+i)), 100000, "2021-07-01", "").ID)
		}
		check := func() []string {
			t.Helper()
			ps, err := db.CheckIntegrity(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range ps {
				out = append(out, p.Check+": "+p.Detail)
			}
			return out
		}
		if got := check(); len(got) != 0 {
			t.Fatalf("a sound database: %q", got)
		}
		want := func(got []string, parts ...string) {
			t.Helper()
			joined := strings.Join(got, "\n")
			for _, p := range parts {
				if !strings.Contains(joined, p) {
					t.Errorf("problems %q lack %q", got, p)
				}
			}
		}

		// A receipt deleted behind the service's back.
		for _, q := range []string{`DELETE FROM donation_words WHERE donation_id = ?`, `DELETE FROM donation_lines WHERE donation_id = ?`, `DELETE FROM donations WHERE id = ?`} {
			if err := db.Exec(ctx, q, ids[1]); err != nil && !strings.Contains(err.Error(), "no such table") {
				t.Fatalf("%s: %v", q, err)
			}
		}
		want(check(), "receipts: POOR 2021: receipt numbers missing: POOR-2021-000002")

		// A donation pointing at no entry, once its foreign key is
		// dropped. (SQLite enforces the key on every connection of the
		// store, and a test cannot turn that off inside a transaction, so
		// there the row cannot be written at all.)
		if db.Postgres() {
			must(t, db.Exec(ctx, `ALTER TABLE donations DROP CONSTRAINT donations_entry_id_fkey`))
			must(t, db.Exec(ctx, `UPDATE donations SET entry_id = 999999 WHERE id = ?`, ids[2]))
			want(check(), fmt.Sprintf("entry links: donation %d (donations.entry_id) points at journal entry 999999, which does not exist", ids[2]))
		}

		// An append-only trigger dropped.
		trigger := "postings_no_update"
		if db.Postgres() {
			trigger = "postings_append_only"
			must(t, db.Exec(ctx, `DROP TRIGGER postings_append_only ON postings`))
		} else {
			must(t, db.Exec(ctx, `DROP TRIGGER postings_no_update`))
		}
		want(check(), "triggers: trigger "+trigger+" on postings is missing")
	})
}
