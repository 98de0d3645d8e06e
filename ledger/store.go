package ledger

import (
	"context"

	"github.com/shopspring/decimal"

	rl "reliefledger"
)

// IdemKey and IdemRecord are the shared idempotency types.
type (
	IdemKey    = rl.IdemKey
	IdemRecord = rl.IdemRecord
)

// AccountFilter selects accounts. Zero values select all.
type AccountFilter struct {
	FundID int64
	Type   AccountType
	// District, when set, keeps accounts of no district or of this one (what
	// a district officer may see).
	District string
	// Warehouse and Item, when set, keep the stock accounts of that
	// warehouse and item.
	Warehouse, Item string
	AfterID         int64
	Limit           int
}

// EntryFilter selects journal entries, in ID order after AfterID.
type EntryFilter struct {
	AccountID int64
	FundID    int64
	Kind      EntryKind
	From, To  Date
	AfterID   int64
	// Newest lists newest first, from the entry before BeforeID (from the
	// newest when 0). Entries only; EachEntry always goes oldest first.
	Newest   bool
	BeforeID int64
	Limit    int
}

// Store persists the ledger. Lookups of a single thing return an error of
// kind NotFound when it does not exist.
type Store interface {
	Funds(ctx context.Context) ([]Fund, error)
	// FundByCode returns NotFound if no fund has the code.
	FundByCode(ctx context.Context, code string) (Fund, error)
	// CreateFund stores a fund with its accounts. With a key, a replay
	// returns the stored fund and replayed=true; a key with another request
	// hash returns Conflict. A taken code returns Conflict.
	CreateFund(ctx context.Context, f Fund, accounts []Account, idem *IdemRecord) (Fund, bool, error)
	Accounts(ctx context.Context, f AccountFilter) ([]Account, error)
	// AccountByID returns NotFound if there is no such account.
	AccountByID(ctx context.Context, id int64) (Account, error)
	// AccountByCode returns NotFound if the fund has no such account.
	AccountByCode(ctx context.Context, fundCode, code string) (Account, error)
	// CreateAccount stores an account and its zero đồng balance; idempotent
	// like CreateFund. A code taken in the fund returns Conflict.
	CreateAccount(ctx context.Context, a Account, idem *IdemRecord) (Account, bool, error)
	// Item returns NotFound if no item has the code.
	Item(ctx context.Context, code string) (Item, error)
	Items(ctx context.Context) ([]Item, error)
	// CreateItem stores an item, idempotent like CreateFund; a taken code
	// returns Conflict.
	CreateItem(ctx context.Context, it Item, idem *IdemRecord) (Item, bool, error)
	// Movements returns the postings of the accounts in entries dated
	// from..to (zero: open), in entry and line order.
	Movements(ctx context.Context, ids []int64, from, to Date) ([]Movement, error)

	// Entry returns an entry with its postings, NotFound if there is none.
	Entry(ctx context.Context, id int64) (Entry, error)
	// Entries returns entries with postings matching f, in ID order.
	Entries(ctx context.Context, f EntryFilter) ([]Entry, error)
	// EachEntry streams the entries matching f (Limit ignored) with their
	// postings, in ID order, to each; it stops at the first error each
	// returns or when ctx ends.
	EachEntry(ctx context.Context, f EntryFilter, each func(Entry) error) error
	// ReversalOf returns the ID of the entry that reversed id, or 0.
	ReversalOf(ctx context.Context, id int64) (int64, error)
	// LookupIdem returns the record for a key, or ok=false.
	LookupIdem(ctx context.Context, k IdemKey) (IdemRecord, bool, error)

	// StoredBalances returns the stored running balances of accounts (all
	// accounts when ids is empty).
	StoredBalances(ctx context.Context, ids ...int64) ([]Balance, error)
	// BalancesAsOf sums the balance history up to asOf (what the postings
	// of entries dated on or before it moved), for the given accounts (all
	// of the fund's when fundID is set and ids is empty): a row for each
	// balance row some posting up to asOf touched.
	BalancesAsOf(ctx context.Context, asOf Date, fundID int64, ids ...int64) ([]Balance, error)

	// WithJournal runs fn in one write transaction that holds the journal
	// head, so appends are serialised across every process, and commits when
	// fn returns nil. A transaction that loses a race (serialization
	// failure, deadlock) is run again from the start, so fn decides
	// everything inside it. Once begun it runs to its end even if ctx is
	// cancelled (not past ctx's deadline).
	WithJournal(ctx context.Context, fn func(Tx) error) error
	// ReadJournal reads, in one consistent snapshot, every entry in ID order
	// (passed to each), the stored balances, the stored balance history
	// (see DayMovements) and the head.
	ReadJournal(ctx context.Context, each func(Entry) error) (balances []Balance, days []DayBalance, head Head, err error)
	// Head returns the end of the hash chain as stored (entry 0 and
	// GenesisHash when the journal is empty), without locking it.
	Head(ctx context.Context) (Head, error)

	// PeriodCloses returns the closes of a fund (of every fund when fundID
	// is 0), oldest first.
	PeriodCloses(ctx context.Context, fundID int64) ([]PeriodClose, error)
}

// Head is the end of the hash chain: the last entry's ID and hash.
type Head struct {
	LastID   int64
	LastHash string
}

// JournalRead says what a batch needs to know before it appends.
type JournalRead struct {
	Keys     []IdemKey    // idempotency keys to look up
	Reverses []int64      // entries to be reversed
	Balances []BalanceKey // balance rows to lock, sorted
	Funds    []int64      // funds whose closing dates to read
}

// JournalState is what the store found, under the locks. Balances and
// LastDates are keyed alike: LastDates holds the latest accounting date
// that moved each row (zero if none).
type JournalState struct {
	Head      Head
	Idem      map[IdemKey]IdemRecord
	Reversed  map[int64]bool // which of Reverses were reversed already
	Balances  map[BalanceKey]decimal.Decimal
	LastDates map[BalanceKey]Date
	// Closed holds, for the funds of Funds that have closed a period, the
	// date they are closed through.
	Closed map[int64]Date
}

// BalanceChange is a balance row as an append leaves it.
type BalanceChange struct {
	Amount   decimal.Decimal
	LastDate Date
}

// DayChange is what the postings of one accounting date moved in one
// balance row.
type DayChange struct {
	Date   Date
	Amount decimal.Decimal
}

// Tx is the journal's side of one write transaction that holds the
// journal head. The store implements it on its own concrete transaction,
// and each feature's store embeds it in the transaction type its domain
// declares (donations.Tx, distribution.Tx), so a feature writes its rows
// and the ledger its entries on the same transaction: all commit or none.
// Service.Record decides and appends on it.
type Tx interface {
	// Read locks the balance rows in sorted order (creating missing rows
	// at zero) and reads the head and what r asks for. It is called once
	// per append, first.
	Read(r JournalRead) (JournalState, error)
	// OpenAccounts returns the accounts (by fund and code) with their IDs,
	// creating those the fund does not have yet.
	OpenAccounts(accounts []Account) ([]Account, error)
	// DailyChanges returns, per accounting date after after, what postings
	// moved in one balance row (its balance history), in date order (for
	// entries dated before the row's latest date: the balance must stay
	// non-negative on every date).
	DailyChanges(k BalanceKey, after Date) ([]DayChange, error)
	// Append inserts entries and their postings, writes the changed
	// balance rows, adds the entries' DayMovements to the balance history,
	// writes the idempotency records, and moves the head.
	Append(entries []Entry, balances map[BalanceKey]BalanceChange, idem []IdemRecord, head Head) error
	// AfterCommit runs fn once the transaction has committed, never if it
	// rolls back.
	AfterCommit(fn func())
	// Audit records, in the transaction, that entries first..last were
	// appended for the request ctx carries (reliefledger.Request), if any:
	// the request's audit record commits with its entries.
	Audit(ctx context.Context, first, last int64)
	// ClosePeriod stores a close (its ID is assigned) and, when idem is
	// set, its idempotency record naming it (CloseResultRef), and returns
	// its ID; the transaction's request is audited with the close as its
	// target. Called after Read, which read the fund's closing date.
	ClosePeriod(c PeriodClose, idem *IdemRecord) (int64, error)
}
