package ledger

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	rl "reliefledger"
)

// Service is the ledger's API for the rest of the program. It validates
// entries, hands them to one batching writer and answers queries.
type Service struct {
	store Store
	now   func() time.Time
	// OnBatch, if set, is told the size of each committed batch, how many
	// entries it appended and how long its transaction took (metrics).
	OnBatch func(size, appended int, took time.Duration)
	// OnBatchError, if set, is told of each write transaction that failed
	// as a whole (the database down, a timeout), with why.
	OnBatchError func(size int, err error)

	// lastID and lastAt are the newest entry this process appended and
	// when (unix nanoseconds), for /metrics.
	lastID, lastAt atomic.Int64

	mu       sync.RWMutex
	accounts map[int64]Account
	refs     map[string]int64
	items    map[string]Item
	funds    map[string]Fund // by code: funds never change once created

	batch *batcher
}

// Options tune a Service.
type Options struct {
	Now      func() time.Time // the clock; time.Now when nil
	MaxBatch int              // entries per write transaction; 256 when 0
}

// NewService returns a running Service; Close stops its writer.
func NewService(store Store, opt Options) *Service {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.MaxBatch <= 0 {
		opt.MaxBatch = 256
	}
	s := &Service{
		store: store, now: opt.Now,
		accounts: map[int64]Account{}, refs: map[string]int64{}, items: map[string]Item{}, funds: map[string]Fund{},
	}
	s.batch = newBatcher(s, opt.MaxBatch)
	return s
}

// QueueDepth is how many entries wait for the writer now.
func (s *Service) QueueDepth() int { return len(s.batch.queue) }

// LastAppended is the newest entry this process appended and when; zero
// before its first.
func (s *Service) LastAppended() (id int64, at time.Time) {
	if n := s.lastAt.Load(); n != 0 {
		at = time.Unix(0, n)
	}
	return s.lastID.Load(), at
}

// Close lets queued entries finish and stops the writer.
func (s *Service) Close() { s.batch.close() }

// Today returns the accounting date now.
func (s *Service) Today() Date { return DateOf(s.now()) }

// Actor is who asks for a change, with the request's idempotency key.
type Actor struct {
	UserID int64
	Idem   *IdemRecord // Scope, Key and RequestHash set; nil when no key
}

// PostManual records a hand-made entry (opening, adjustment, transfer).
// Returns Invalid for a bad or unbalanced entry, Conflict with code
// "insufficient-balance" when a non-negative account would go below zero,
// Conflict with code "idempotency-mismatch" when the key was used for
// another request. replayed is true when the key's first answer is returned.
func (s *Service) PostManual(ctx context.Context, a Actor, in EntryInput) (e Entry, replayed bool, err error) {
	if in.Kind == "" {
		in.Kind = KindAdjustment
	}
	if !ManualKind(in.Kind) {
		return Entry{}, false, rl.InvalidFields(rl.FieldError{Field: "kind",
			Message: "must be one of opening, adjustment, transfer (other kinds are made by their own routes)"})
	}
	return s.Post(ctx, a, in)
}

// Post records an entry of any kind; features such as goods moves call
// it. Errors as for PostManual.
//
// Entries share write transactions (the batcher). The idempotency key is
// checked inside the write transaction, so the hot path reads nothing
// before it; only a request that no longer validates (say, its date is now
// too old) looks the key up first-hand. An entry that must open an account
// gets a transaction of its own, so that a refusal leaves no account.
func (s *Service) Post(ctx context.Context, a Actor, in EntryInput) (Entry, bool, error) {
	if s.needsOpening(in) {
		var es []Entry
		var replayed bool
		err := s.store.WithJournal(ctx, func(tx Tx) error {
			var err error
			es, replayed, err = s.Record(ctx, tx, a, []EntryInput{in})
			return err
		})
		if err != nil {
			return Entry{}, false, err
		}
		if replayed {
			e, err := s.store.Entry(ctx, es[0].ID)
			return e, true, err
		}
		return es[0], false, nil
	}
	e, err := buildEntry(in, s.Today(), s)
	if err != nil {
		if e, ok, rerr := s.replay(ctx, a); ok || rerr != nil {
			return e, ok, rerr
		}
		return Entry{}, false, err
	}
	return s.batch.submit(ctx, &pending{entry: e, actor: a})
}

// Reverse records the reversal of entry id with a reason, dated date
// (zero: today; never before the entry it reverses). Returns NotFound for
// an unknown entry, Conflict when it is a reversal itself or has been
// reversed already, and the errors of Post.
func (s *Service) Reverse(ctx context.Context, a Actor, id int64, reason string, date Date) (Entry, bool, error) {
	if e, ok, err := s.replay(ctx, a); ok || err != nil {
		return e, ok, err
	}
	orig, date, err := s.reversible(ctx, id, reason, date)
	if err != nil {
		return Entry{}, false, err
	}
	if by, err := s.store.ReversalOf(ctx, id); err != nil {
		return Entry{}, false, err
	} else if by != 0 {
		return Entry{}, false, rl.CodedErrorf(rl.Conflict, "already-reversed", "entry %d was already reversed by entry %d", id, by)
	}
	return s.batch.submit(ctx, &pending{entry: reversalOf(orig, strings.TrimSpace(reason), date), actor: a})
}

// reversible checks a reversal's reason and date and returns the entry to
// reverse and the reversal's date (today when zero).
func (s *Service) reversible(ctx context.Context, id int64, reason string, date Date) (Entry, Date, error) {
	var fe rl.Fields
	reason = strings.TrimSpace(reason)
	if reason == "" {
		fe.Add("reason", "is required")
	} else if len([]rune(reason)) > MaxDescriptionLen {
		fe.Add("reason", "must be at most %d characters", MaxDescriptionLen)
	}
	today := s.Today()
	switch {
	case date.IsZero():
		date = today
	case date.After(today.AddDays(1)):
		fe.Add("date", "must not be more than one day in the future (today is %s)", today)
	case CheckDate(date) != nil:
		fe.Add("date", "%v", CheckDate(date))
	}
	if err := fe.Err(); err != nil {
		return Entry{}, date, err
	}
	orig, err := s.store.Entry(ctx, id)
	if err != nil {
		return Entry{}, date, err
	}
	if orig.Kind == KindReversal {
		return Entry{}, date, rl.CodedErrorf(rl.Conflict, "already-reversed", "entry %d is a reversal; post a new entry instead of reversing it", id)
	}
	if date.Before(orig.Date) {
		return Entry{}, date, rl.InvalidFields(rl.FieldError{Field: "date",
			Message: fmt.Sprintf("must not be before %s, the date of the entry it reverses", orig.Date)})
	}
	return orig, date, nil
}

// replay answers a request whose idempotency key is already stored.
func (s *Service) replay(ctx context.Context, a Actor) (Entry, bool, error) {
	if a.Idem == nil {
		return Entry{}, false, nil
	}
	rec, ok, err := s.store.LookupIdem(ctx, a.Idem.IdemKey)
	if err != nil || !ok {
		return Entry{}, false, err
	}
	e, err := s.answer(ctx, *a.Idem, rec)
	return e, err == nil, err
}

// answer returns the stored result of rec for a request like want.
func (s *Service) answer(ctx context.Context, want, rec IdemRecord) (Entry, error) {
	if rec.RequestHash != want.RequestHash {
		return Entry{}, IdemMismatch(want.Key)
	}
	id, ok := strings.CutPrefix(rec.ResultRef, "entry:")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil {
		return Entry{}, IdemMismatch(want.Key)
	}
	return s.store.Entry(ctx, n)
}

// IdemMismatch is the error for a key reused with another request.
func IdemMismatch(key string) error {
	return rl.CodedErrorf(rl.Conflict, "idempotency-mismatch",
		"Idempotency-Key %q was already used for a different request", key)
}

// Entry returns one entry; NotFound if there is none.
func (s *Service) Entry(ctx context.Context, id int64) (Entry, error) { return s.store.Entry(ctx, id) }

// Head returns the end of the hash chain: the last entry's ID and hash
// (0 and GenesisHash when the journal is empty). A cheap read of the
// stored head; Verify checks that it matches the journal.
func (s *Service) Head(ctx context.Context) (Head, error) { return s.store.Head(ctx) }

// Entries lists entries in ID order; see EntryFilter.
func (s *Service) Entries(ctx context.Context, f EntryFilter) ([]Entry, error) {
	return s.store.Entries(ctx, f)
}

// accountByID implements resolver with a cache: accounts never change.
func (s *Service) accountByID(id int64) (Account, error) {
	s.mu.RLock()
	a, ok := s.accounts[id]
	s.mu.RUnlock()
	if ok {
		return a, nil
	}
	a, err := s.store.AccountByID(context.Background(), id)
	if err != nil {
		return Account{}, err
	}
	s.cacheAccount(a)
	return a, nil
}

func (s *Service) accountByCode(fund, code string) (Account, error) {
	s.mu.RLock()
	id, ok := s.refs[fund+":"+code]
	s.mu.RUnlock()
	if ok {
		return s.accountByID(id)
	}
	a, err := s.store.AccountByCode(context.Background(), fund, code)
	if err != nil {
		return Account{}, err
	}
	s.cacheAccount(a)
	return a, nil
}

func (s *Service) cacheAccount(a Account) {
	s.mu.Lock()
	s.accounts[a.ID] = a
	s.refs[a.FundCode+":"+a.Code] = a.ID
	s.mu.Unlock()
}

func (s *Service) item(code string) (Item, error) {
	s.mu.RLock()
	it, ok := s.items[code]
	s.mu.RUnlock()
	if ok {
		return it, nil
	}
	it, err := s.store.Item(context.Background(), code)
	if err != nil {
		return Item{}, err
	}
	s.mu.Lock()
	s.items[code] = it
	s.mu.Unlock()
	return it, nil
}

// fund returns a fund by code with a cache: a fund never changes once
// created (an unknown code is asked again, as the fund may be created).
func (s *Service) fund(ctx context.Context, code string) (Fund, error) {
	s.mu.RLock()
	f, ok := s.funds[code]
	s.mu.RUnlock()
	if ok {
		return f, nil
	}
	f, err := s.store.FundByCode(ctx, code)
	if err != nil {
		return Fund{}, err
	}
	s.mu.Lock()
	s.funds[code] = f
	s.mu.Unlock()
	return f, nil
}
