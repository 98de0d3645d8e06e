package checkpoint_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/checkpoint"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type fixture struct {
	ledger *ledger.Service
	cps    *checkpoint.Service
	clock  *clock
	n      int
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	l := ledger.NewService(db.Ledger(), ledger.Options{})
	t.Cleanup(l.Close)
	if err := l.SeedFunds(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)}
	return &fixture{ledger: l, clock: c, cps: checkpoint.NewService(db.Checkpoints(), l, testKey(t, 5), c.now)}
}

// post appends n donations to the Poor Fund.
func (f *fixture) post(t *testing.T, n int) {
	t.Helper()
	ins := make([]ledger.EntryInput, n)
	for i := range ins {
		f.n++
		amount := decimal.NewFromInt(int64(1000 * f.n))
		ins[i] = ledger.EntryInput{Kind: ledger.KindDonation, Description: fmt.Sprintf("donation %d", f.n),
			Postings: []ledger.PostingInput{{Account: ledger.AccountByCode("POOR", "1120"), Amount: amount},
				{Account: ledger.AccountByCode("POOR", "4100"), Amount: amount.Neg()}}}
	}
	if err := f.ledger.PostAll(context.Background(), ledger.Actor{UserID: 1}, ins); err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, kind rl.Kind, code, contains string) {
	t.Helper()
	e, ok := rl.AsError(err)
	if !ok || e.Kind != kind || e.Code != code || !strings.Contains(e.Message, contains) {
		t.Errorf("got %v, want %s containing %q", err, code, contains)
	}
}

// TestCheckpointCatchesTruncation is the case: entries removed and
// balances and head rolled back pass verify, but not a checkpoint taken
// before; entries written again in their place do not pass either.
func TestCheckpointCatchesTruncation(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		f.post(t, 3)
		cp, replayed, err := f.cps.Make(ctx, nil)
		if err != nil || replayed {
			t.Fatalf("make: %v replayed=%v", err, replayed)
		}
		head, _ := f.ledger.Head(ctx)
		if cp.EntryID != 3 || cp.Hash != head.LastHash || cp.ID == 0 {
			t.Fatalf("checkpoint %+v of head %+v", cp, head)
		}
		if err := f.cps.Check(ctx, cp); err != nil {
			t.Fatalf("an honest journal: %v", err)
		}
		f.post(t, 1) // the journal grows: the checkpoint still holds
		if err := f.cps.Check(ctx, cp); err != nil {
			t.Fatalf("after a new entry: %v", err)
		}

		storetest.Truncate(t, db, 1)
		r, err := f.ledger.Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !r.OK() || r.Entries != 1 {
			t.Fatalf("the truncation was meant to pass verify (the weakness): %d entries, %+v", r.Entries, r.Problems)
		}
		wantCode(t, f.cps.Check(ctx, cp), rl.Conflict, checkpoint.Truncated, "entry 3, the last entry at the checkpoint of 2026-12-03T08:00:00Z, is missing from the journal, which now ends at entry 1")

		f.post(t, 2) // new entries 2 and 3 in place of the removed ones
		wantCode(t, f.cps.Check(ctx, cp), rl.Conflict, checkpoint.Rewritten, "entry 3's hash is ")
	})
}

// TestMakeIfDue: serve's daily rule. Nothing while the journal is empty,
// one at once when there is none, then one when the newest is a day old.
func TestMakeIfDue(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		step := func(name string, wantMade bool, wantID int64) {
			t.Helper()
			c, made, err := f.cps.MakeIfDue(ctx, 24*time.Hour)
			if err != nil || made != wantMade || c.ID != wantID {
				t.Errorf("%s: made=%v id=%d err=%v, want made=%v id=%d", name, made, c.ID, err, wantMade, wantID)
			}
		}
		step("empty journal", false, 0)
		if _, _, err := f.cps.Make(ctx, nil); rl.ErrorKind(err) != rl.Conflict {
			t.Errorf("a checkpoint of an empty journal: %v", err)
		}
		f.post(t, 2)
		step("first", true, 1)
		f.clock.add(23 * time.Hour)
		f.post(t, 1)
		step("23 hours later", false, 1)
		f.clock.add(time.Hour)
		step("a day later", true, 2)
		cs, err := f.cps.List(ctx, 0, 10)
		if err != nil || len(cs) != 2 || cs[0].EntryID != 2 || cs[1].EntryID != 3 || !cs[1].MadeAt.Equal(cs[0].MadeAt.Add(24*time.Hour)) {
			t.Fatalf("list: %+v %v", cs, err)
		}
		for _, c := range cs {
			if err := checkpoint.Verify(f.cps.PublicKey(), c); err != nil {
				t.Errorf("stored checkpoint %d: %v", c.ID, err)
			}
		}
		if cs, _ := f.cps.List(ctx, 1, 10); len(cs) != 1 || cs[0].ID != 2 {
			t.Errorf("list after 1: %+v", cs)
		}
	})
}

// TestMakeIsIdempotent: the same key and request replays the first
// checkpoint; the key with another request is refused.
func TestMakeIsIdempotent(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		f.post(t, 1)
		idem := &rl.IdemRecord{IdemKey: rl.IdemKey{Scope: "user:1", Key: "k"}, RequestHash: "h1"}
		first, replayed, err := f.cps.Make(ctx, idem)
		if err != nil || replayed {
			t.Fatal(err, replayed)
		}
		f.post(t, 1)
		f.clock.add(time.Minute)
		again, replayed, err := f.cps.Make(ctx, idem)
		if err != nil || !replayed || again.ID != first.ID || again.EntryID != 1 || !again.MadeAt.Equal(first.MadeAt) {
			t.Errorf("replay: %+v replayed=%v err=%v, want %+v", again, replayed, err, first)
		}
		other := *idem
		other.RequestHash = "h2"
		if _, _, err := f.cps.Make(ctx, &other); rl.ErrorKind(err) != rl.Conflict {
			t.Errorf("key reused for another request: %v", err)
		}
		if cs, _ := f.cps.List(ctx, 0, 10); len(cs) != 1 {
			t.Errorf("%d checkpoints stored, want 1", len(cs))
		}
	})
}
