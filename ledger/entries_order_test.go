package ledger_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestEntriesNewestFirst pages the journal newest first, as the console
// lists it, and finds every entry once, in descending order.
func TestEntriesNewestFirst(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		s := newLedger(t, db)
		bank, cash := account(t, s, "POOR", "1120"), account(t, s, "POOR", "1110")
		rev := account(t, s, "POOR", "4100")
		mustPost(t, s, ledger.EntryInput{Date: day("2021-07-15"), Kind: ledger.KindAdjustment, Description: "opening bank",
			Postings: []ledger.PostingInput{{Account: ledger.AccountByID(bank.ID), Amount: d("1000000")}, {Account: ledger.AccountByID(rev.ID), Amount: d("-1000000")}}})
		for range 6 {
			mustPost(t, s, transfer(bank, cash, "1000"))
		}
		var got []int64
		before := int64(0)
		for pages := 0; ; pages++ {
			es, err := s.Entries(context.Background(), ledger.EntryFilter{Newest: true, BeforeID: before, Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			if len(es) == 0 || pages > 10 {
				break
			}
			for _, e := range es {
				got = append(got, e.ID)
			}
			before = es[len(es)-1].ID
		}
		if diff := cmp.Diff([]int64{7, 6, 5, 4, 3, 2, 1}, got); diff != "" {
			t.Errorf("newest-first pages (-want +got):\n%s", diff)
		}
	})
}
