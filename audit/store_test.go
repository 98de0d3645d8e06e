package audit_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"reliefledger/audit"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

var day = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// records are six requests over three days by two users; RequestID names
// each.
var records = []audit.Record{
	{At: day.Add(9 * time.Hour), UserID: 1, Role: "fund_officer", Method: "POST", Route: "/api/v1/journal", Path: "/api/v1/journal", Target: "entry:1", Status: 201, ClientIP: "10.1.2.3", RequestID: "r1"},
	{At: day.Add(10 * time.Hour), UserID: 2, Role: "auditor", Method: "GET", Route: "/api/v1/exports/journal", Path: "/api/v1/exports/journal", Query: "fund=POOR", Status: 200, ClientIP: "10.1.2.4", RequestID: "r2"},
	{At: day.Add(24*time.Hour + 123456*time.Microsecond), UserID: 1, Role: "fund_officer", Method: "POST", Route: "/api/v1/journal", Path: "/api/v1/journal", Status: 409, RequestID: "r3"},
	{At: day.Add(30 * time.Hour), UserID: 1, Role: "fund_officer", Method: "POST", Route: "/api/v1/journal/:id/reverse", Path: "/api/v1/journal/1/reverse", Target: "entry:2", Status: 201, RequestID: "r4"},
	{At: day.Add(48 * time.Hour), UserID: 2, Role: "auditor", Method: "GET", Route: "/api/v1/exports/journal", Path: "/api/v1/exports/journal", Status: 200, RequestID: "r5"},
	{At: day.Add(49 * time.Hour), UserID: 1, Role: "fund_officer", Method: "POST", Route: "/api/v1/journal", Path: "/api/v1/journal", Target: "entry:3", Status: 201, RequestID: "r6"},
}

// TestListFilters runs on both backends: each filter, newest first, and
// every field kept.
func TestListFilters(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		st := db.Audit()
		// Two batches, as the log's writer would send them.
		if err := st.Append(ctx, records[:2]); err != nil {
			t.Fatal(err)
		}
		if err := st.Append(ctx, records[2:]); err != nil {
			t.Fatal(err)
		}
		if err := st.Append(ctx, nil); err != nil {
			t.Fatalf("an empty batch: %v", err)
		}
		all, err := st.List(ctx, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]int64{}
		for _, r := range all {
			ids[r.RequestID] = r.ID
		}
		var want []audit.Record
		for i := len(records) - 1; i >= 0; i-- {
			r := records[i]
			r.ID = ids[r.RequestID]
			want = append(want, r)
		}
		if diff := cmp.Diff(want, all); diff != "" {
			t.Fatalf("every record, newest first (-want +got):\n%s", diff)
		}
		tests := []struct {
			name   string
			filter audit.Filter
			want   []string
		}{
			{"none", audit.Filter{}, []string{"r6", "r5", "r4", "r3", "r2", "r1"}},
			{"user", audit.Filter{UserID: 2}, []string{"r5", "r2"}},
			{"route", audit.Filter{Route: "/api/v1/journal"}, []string{"r6", "r3", "r1"}},
			{"from, inclusive", audit.Filter{From: records[2].At}, []string{"r6", "r5", "r4", "r3"}},
			{"to, exclusive", audit.Filter{To: records[2].At}, []string{"r2", "r1"}},
			{"one day", audit.Filter{From: day.Add(24 * time.Hour), To: day.Add(48 * time.Hour)}, []string{"r4", "r3"}},
			{"before an id", audit.Filter{BeforeID: ids["r4"]}, []string{"r3", "r2", "r1"}},
			{"limit", audit.Filter{Limit: 2}, []string{"r6", "r5"}},
			{"next page", audit.Filter{BeforeID: ids["r5"], Limit: 2}, []string{"r4", "r3"}},
			{"all at once", audit.Filter{UserID: 1, Route: "/api/v1/journal", From: day, To: day.Add(72 * time.Hour), BeforeID: ids["r6"], Limit: 1}, []string{"r3"}},
			{"nothing", audit.Filter{UserID: 3}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rs, err := st.List(ctx, tt.filter)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range rs {
					got = append(got, r.RequestID)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("mismatch (-want +got):\n%s", diff)
				}
			})
		}
	})
}

// TestLogOnStore: many concurrent writers through the log on either
// backend; each record is stored once.
func TestLogOnStore(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l := audit.New(db.Audit(), nil)
		const writers, each = 20, 10
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; i++ {
					errs <- l.Write(ctx, audit.Record{UserID: int64(w + 1), Role: "admin", Method: "POST", Route: "/x", Path: "/x", Status: 201, RequestID: fmt.Sprintf("w%d-%d", w, i)})
				}
			}()
		}
		wg.Wait()
		l.Close()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		rs, err := l.List(ctx, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for i, r := range rs {
			if seen[r.RequestID] {
				t.Errorf("%s stored twice", r.RequestID)
			}
			seen[r.RequestID] = true
			if i > 0 && r.ID >= rs[i-1].ID {
				t.Errorf("not newest first: id %d after %d", r.ID, rs[i-1].ID)
			}
			if r.At.IsZero() || r.At.Location() != time.UTC {
				t.Errorf("%s: At %v, want a UTC time", r.RequestID, r.At)
			}
		}
		if len(seen) != writers*each {
			t.Errorf("%d records stored, want %d", len(seen), writers*each)
		}
	})
}
