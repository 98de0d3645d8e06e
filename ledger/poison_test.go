package ledger_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	rl "reliefledger"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestPoisonedEntryFailsAlone is the writer's defence in depth: an entry
// carrying a value the database refuses (a NUL byte, which PostgreSQL will
// not store in text) shares a group commit with 40 good ones. The edges
// refuse such text first; should one get through, the batch is split until
// the guilty entry fails alone and every other entry commits.
func TestPoisonedEntryFailsAlone(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		s := newLedger(t, db)
		bank, rev := account(t, s, "POOR", "1120"), account(t, s, "POOR", "4100")
		const good = 40
		var wg sync.WaitGroup
		errs := make([]error, good+1)
		start := make(chan struct{})
		for i := 0; i <= good; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				in := transfer(rev, bank, "1000")
				in.Description = fmt.Sprintf("entry %d", i)
				if i == good {
					in.Description = "poison\x00ed"
				}
				<-start
				_, _, errs[i] = s.Post(context.Background(), ledger.Actor{UserID: 1}, in)
			}(i)
		}
		close(start)
		wg.Wait()
		for i, err := range errs[:good] {
			if err != nil {
				t.Errorf("good entry %d failed beside the poisoned one: %v", i, err)
			}
		}
		if db.Postgres() {
			e := wantKind(t, errs[good], rl.Invalid, "refused-by-database")
			if e.Message == "" || e.Cause == nil {
				t.Errorf("refusal without message or cause: %+v", e)
			}
			wantBalance(t, s, bank, ledger.AssetVND, fmt.Sprint(good*1000))
		}
		mustVerifyClean(t, s)
	})
}
