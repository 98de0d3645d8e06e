package ledger

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	rl "reliefledger"
)

// The batcher is the ledger's single writer. Requests that arrive while a
// transaction is committing wait in a queue and are appended together in the
// next transaction (group commit): one head lock, one lock per touched
// balance row, multi-row inserts and one update per balance row for the whole
// batch. Each entry is still checked on its own: one that would overdraw an
// account is refused while the others in its batch commit.
type batcher struct {
	s        *Service
	queue    chan *pending
	maxBatch int

	mu     sync.RWMutex
	closed bool
	wg     sync.WaitGroup
	done   chan struct{}
}

type pending struct {
	ctx    context.Context
	entry  Entry
	actor  Actor
	with   Companion // rows of a feature that commit with the entry; nil if none
	result chan result
}

type result struct {
	entry    Entry
	replayed bool
	err      error
}

func newBatcher(s *Service, maxBatch int) *batcher {
	b := &batcher{s: s, queue: make(chan *pending, 4*maxBatch), maxBatch: maxBatch, done: make(chan struct{})}
	for i := 0; i < 1; i++ {
		b.wg.Add(1)
		go b.run()
	}
	go func() { b.wg.Wait(); close(b.done) }()
	return b
}

func (b *batcher) submit(ctx context.Context, p *pending) (Entry, bool, error) {
	p.ctx = ctx
	p.result = make(chan result, 1)
	b.mu.RLock()
	if b.closed {
		b.mu.RUnlock()
		return Entry{}, false, rl.Errorf(rl.Unavailable, "the ledger is shutting down")
	}
	select {
	case b.queue <- p:
		b.mu.RUnlock()
	case <-ctx.Done():
		b.mu.RUnlock()
		return Entry{}, false, ctx.Err()
	}
	// Once queued the entry may commit even if the caller leaves; a retry
	// with the same idempotency key then gets the committed answer.
	select {
	case r := <-p.result:
		return r.entry, r.replayed, r.err
	case <-ctx.Done():
		return Entry{}, false, ctx.Err()
	}
}

func (b *batcher) close() {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		close(b.queue)
	}
	b.mu.Unlock()
	<-b.done
}

func (b *batcher) run() {
	defer b.wg.Done()
	for first := range b.queue {
		batch := []*pending{first}
	fill:
		for len(batch) < b.maxBatch {
			select {
			case p, ok := <-b.queue:
				if !ok {
					break fill
				}
				batch = append(batch, p)
			default:
				break fill
			}
		}
		b.process(batch)
	}
}

// process appends one batch in one transaction and answers every request.
func (b *batcher) process(all []*pending) {
	batch := all[:0:0]
	for _, p := range all {
		if p.ctx.Err() != nil {
			p.result <- result{err: p.ctx.Err()}
			continue
		}
		batch = append(batch, p)
	}
	if len(batch) == 0 {
		return
	}
	var results []result
	var replays []int
	var appended int
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	err := b.s.store.WithJournal(ctx, func(tx Tx) error {
		var err error
		results, replays, appended, err = b.s.decide(tx, b.s, batch, false)
		return err
	})
	if err != nil {
		if e, ok := rl.AsError(err); ok && e.Code == "refused-by-database" && len(batch) > 1 {
			// The database refused a value that validation let through:
			// find the guilty entry by halves, so that it fails alone.
			half := len(batch) / 2
			b.process(batch[:half])
			b.process(batch[half:])
			return
		}
		if _, ok := rl.AsError(err); !ok {
			err = fmt.Errorf("append batch of %d entries: %w", len(batch), err)
		}
		if b.s.OnBatchError != nil {
			b.s.OnBatchError(len(batch), err)
		}
		for _, p := range batch {
			p.result <- result{err: err}
		}
		return
	}
	if appended > 0 {
		var last int64
		for _, r := range results {
			last = max(last, r.entry.ID)
		}
		if last > b.s.lastID.Load() {
			b.s.lastID.Store(last)
		}
		b.s.lastAt.Store(time.Now().UnixNano())
	}
	if b.s.OnBatch != nil {
		b.s.OnBatch(len(batch), appended, time.Since(start))
	}
	for _, i := range replays {
		if results[i].err == nil && results[i].entry.ID != 0 && len(results[i].entry.Postings) == 0 {
			results[i].entry, results[i].err = b.s.store.Entry(ctx, results[i].entry.ID)
		}
	}
	for i, p := range batch {
		p.result <- results[i]
	}
}

// decide decides every request of a batch inside the journal transaction
// and appends the accepted entries; r knows the accounts (with those
// opened in tx). With whole set, the batch is one request's entries: if
// any is refused or replayed, nothing is appended. It is called again from
// scratch if the transaction is retried.
func (s *Service) decide(tx Tx, r resolver, batch []*pending, whole bool) (results []result, replays []int, appended int, err error) {
	results = make([]result, len(batch))
	var want JournalRead
	balanceKeys := map[BalanceKey]bool{}
	for _, p := range batch {
		if p.actor.Idem != nil {
			want.Keys = append(want.Keys, p.actor.Idem.IdemKey)
		}
		if p.entry.ReversesID != 0 {
			want.Reverses = append(want.Reverses, p.entry.ReversesID)
		}
		for _, k := range balanceDeltaKeys(p.entry) {
			balanceKeys[k] = true
		}
	}
	for k := range balanceKeys {
		want.Balances = append(want.Balances, k)
	}
	sort.Slice(want.Balances, func(i, j int) bool { return want.Balances[i].Less(want.Balances[j]) })
	funds, fundIDs := batchFunds(r, batch) // closed periods
	want.Funds = fundIDs
	state, err := tx.Read(want)
	if err != nil {
		return nil, nil, 0, err
	}
	head, stored, reversed := state.Head, state.Idem, state.Reversed
	bk := newBook(tx, state)
	begun, steps, index, err := companions(tx, batch)
	if err != nil {
		return nil, nil, 0, err
	}

	now := rl.Stamp(s.now())
	claimed := map[IdemKey]int{}
	var entries []Entry
	var records []IdemRecord
	for i, p := range batch {
		if idem := p.actor.Idem; idem != nil {
			if rec, ok := stored[idem.IdemKey]; ok {
				results[i] = replayOf(rec, *idem)
				replays = append(replays, i)
				continue
			}
			if j, ok := claimed[idem.IdemKey]; ok {
				results[i] = followerOf(results[j], batch[j].actor.Idem.RequestHash, *idem)
				continue
			}
		}
		e := p.entry
		if e.ReversesID != 0 {
			if reversed[e.ReversesID] {
				results[i] = result{err: rl.CodedErrorf(rl.Conflict, "already-reversed", "entry %d was already reversed", e.ReversesID)}
				continue
			}
		}
		if err := checkOpen(e, funds[i], state.Closed); err != nil {
			results[i] = result{err: err}
			continue
		}
		e = valueAtCost(e, bk.amount)
		deltas := balanceDeltas(e)
		if err := bk.check(r, e, deltas); err != nil {
			results[i] = result{err: err}
			continue
		}
		bk.apply(e, deltas)
		if e.ReversesID != 0 {
			reversed[e.ReversesID] = true
		}
		e.ID = head.LastID + 1
		e.PrevHash = head.LastHash
		e.CreatedAt = now
		e.CreatedBy = p.actor.UserID
		if steps != nil && steps[i] != nil {
			// The companion numbers its document (a receipt) in commit
			// order; the hash covers the number.
			if id := steps[i].Accept(index[i], e.ID); id != "" {
				e.Source.ID = id
			}
		}
		e.Hash = ComputeHash(e)
		head = Head{LastID: e.ID, LastHash: e.Hash}
		entries = append(entries, e)
		if !whole {
			tx.Audit(p.ctx, e.ID, e.ID)
		}
		results[i] = result{entry: e}
		if idem := p.actor.Idem; idem != nil {
			rec := *idem
			rec.ResultRef = "entry:" + itoa(e.ID)
			records = append(records, rec)
			claimed[idem.IdemKey] = i
		}
	}
	if len(entries) == 0 {
		return results, replays, 0, nil
	}
	changed := bk.changed()
	if whole {
		for _, r := range results {
			if r.err != nil || r.replayed {
				return results, replays, 0, nil // the caller reports; nothing is written
			}
		}
	}
	if err := tx.Append(entries, changed, records, head); err != nil {
		return nil, nil, 0, err
	}
	for _, c := range begun {
		if err := c.Write(); err != nil {
			return nil, nil, 0, err
		}
	}
	return results, replays, len(entries), nil
}

func replayOf(rec, want IdemRecord) result {
	if rec.RequestHash != want.RequestHash {
		return result{err: IdemMismatch(want.Key)}
	}
	var id int64
	if _, err := fmt.Sscanf(rec.ResultRef, "entry:%d", &id); err != nil {
		return result{err: IdemMismatch(want.Key)}
	}
	return result{entry: Entry{ID: id}, replayed: true}
}

func followerOf(leader result, leaderHash string, want IdemRecord) result {
	if leaderHash != want.RequestHash {
		return result{err: IdemMismatch(want.Key)}
	}
	return result{entry: leader.entry, replayed: true, err: leader.err}
}

func balanceDeltaKeys(e Entry) []BalanceKey {
	ks := make([]BalanceKey, 0, len(e.Postings)*2)
	for _, p := range e.Postings {
		if !p.Amount.IsZero() || p.AtCost || p.CostOf != 0 {
			ks = append(ks, BalanceKey{p.AccountID, AssetVND})
		}
		if p.Item != "" {
			ks = append(ks, BalanceKey{p.AccountID, p.Item})
		}
	}
	return ks
}

func balanceDeltas(e Entry) map[BalanceKey]decimal.Decimal {
	d := make(map[BalanceKey]decimal.Decimal, len(e.Postings))
	for _, p := range e.Postings {
		if !p.Amount.IsZero() {
			k := BalanceKey{p.AccountID, AssetVND}
			d[k] = d[k].Add(p.Amount)
		}
		if p.Item != "" {
			k := BalanceKey{p.AccountID, p.Item}
			d[k] = d[k].Add(p.Quantity)
		}
	}
	return d
}

func lineOf(e Entry, k BalanceKey) int {
	for _, p := range e.Postings {
		if p.AccountID == k.AccountID {
			return p.Line
		}
	}
	return 1
}
