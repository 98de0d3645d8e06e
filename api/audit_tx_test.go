package api

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"reliefledger/audit"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestEveryEntryHasOneAuditRecord: writes of every kind, racing, leave
// each journal entry exactly one audit record, written in the entry's own
// transaction; refused and replayed requests are recorded too, but as
// what they are, naming no entry.
func TestEveryEntryHasOneAuditRecord(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ts := newTestServer(t, db)
		ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: entry("opening", posting("POOR:1120", "10000000"), posting("POOR:3100", "-10000000"))})
		var wg sync.WaitGroup
		statuses := make([]int, 40)
		for i := range statuses {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				amount := "1000"
				if i%8 == 7 {
					amount = "99999999" // overdraws: refused
				}
				key := fmt.Sprintf("audit-%d", i)
				if i%10 == 9 {
					key = "audit-shared" // the same request, sent again
				}
				r := ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: key, Body: entry("aid", posting("POOR:5100", amount), posting("POOR:1120", "-"+amount))})
				statuses[i] = r.Status
			}(i)
		}
		wg.Wait()
		d := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: map[string]any{"fund": "COVID", "channel": "cash", "amount": "500000",
			"received_date": "2021-07-20", "donor_name": "Nguyễn Văn A"}})
		if d.Status != 201 {
			t.Fatalf("donation: %d %s", d.Status, d.Body)
		}
		if v := ts.do(req{Method: "POST", Path: fmt.Sprintf("/api/v1/donations/%v/void", d.JSON["id"]), Key: "auto",
			Body: map[string]any{"reason": "ghi nhầm"}}); v.Status != 201 && v.Status != 200 {
			t.Fatalf("void: %d %s", v.Status, v.Body)
		}
		file, _, _, _ := statementCSV(200, 3)
		if s := ts.do(req{Method: "POST", Path: "/api/v1/bank-statements?fund=COVID", Key: "auto", Body: file, ContentType: "text/csv"}); s.Status != 201 && s.Status != 200 {
			t.Fatalf("statement: %d %s", s.Status, s.Body)
		}
		missing, doubled, err := db.Audit().AuditCoverage(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(missing) > 0 || len(doubled) > 0 {
			t.Errorf("entries without their audit record: %v; with more than one: %v", missing, doubled)
		}
		// Every write record names what it committed; the refused ones
		// name no entry.
		recs, err := ts.srv.Audit.List(ctx, auditFilterAll())
		if err != nil {
			t.Fatal(err)
		}
		byStatus := map[int]int{}
		for _, r := range recs {
			byStatus[r.Status]++
			if r.Status >= 400 && r.EntryFirst != 0 {
				t.Errorf("a refused request's record names entry %d: %+v", r.EntryFirst, r)
			}
			if r.Status == 201 && r.Route == "/api/v1/journal" && (r.EntryFirst == 0 || r.Target != fmt.Sprintf("entry:%d", r.EntryFirst)) {
				t.Errorf("a journal write's record names no entry: %+v", r)
			}
		}
		want := map[int]int{}
		for _, s := range statuses {
			want[s]++
		}
		if byStatus[409] != want[409] || want[409] != 5 {
			t.Errorf("%d refusal records for %d refusals (want 5)", byStatus[409], want[409])
		}
	})
}

func auditFilterAll() audit.Filter { return audit.Filter{Limit: 100000} }
