// Package donations records what donors give: money in cash or by bank
// transfer (in đồng or another currency), and goods in kind, to a fund,
// optionally designated by the donor for a district, a household category
// or a purpose. Each donation is a journal entry written in the same
// transaction as the donation's row and its receipt number, which is unique
// per fund and year and issued in order without gaps. It also imports bank
// statements and serves the public disclosure list.
package donations

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/ledger"
)

// DonorKind classifies donors.
type DonorKind string

// The donor kinds.
const (
	Individual   DonorKind = "individual"
	Organisation DonorKind = "organisation"
	Business     DonorKind = "business"
	Religious    DonorKind = "religious"
	Overseas     DonorKind = "overseas"
)

// Valid reports whether k is known.
func (k DonorKind) Valid() bool {
	switch k {
	case Individual, Organisation, Business, Religious, Overseas:
		return true
	}
	return false
}

// Donor is a person or body that gives.
type Donor struct {
	ID             int64
	Name           string
	Kind           DonorKind
	InsideProvince bool
	Phone          string
	Email          string
	Address        string
	PublishName    bool // false: the public list shows "Nhà hảo tâm (ẩn danh)"
	CreatedAt      time.Time
}

// Channel is how a donation arrived.
type Channel string

// The channels.
const (
	Cash   Channel = "cash"
	Bank   Channel = "bank"
	InKind Channel = "in_kind"
)

// Status of a donation.
const (
	Recorded = "recorded"
	Voided   = "voided"
)

// AnonymousName is what the public sees of a donor who asked not to be named.
const AnonymousName = "Nhà hảo tâm (ẩn danh)"

// Line is one kind of goods in an in-kind donation.
type Line struct {
	Item      string
	Quantity  decimal.Decimal
	UnitValue decimal.Decimal // đồng per unit
	Value     decimal.Decimal // Quantity × UnitValue, rounded to the đồng
}

// Donation is one recorded gift.
type Donation struct {
	ID             int64
	FundID         int64
	FundCode       string
	DonorID        int64 // 0 when the donor is known by name only
	DonorName      string
	PublicName     string
	Channel        Channel
	Amount         decimal.Decimal // đồng
	Currency       string          // VND, or the original currency
	OriginalAmount decimal.NullDecimal
	Rate           decimal.NullDecimal
	BankRef        string
	ReceivedDate   ledger.Date
	Earmark        string // "", "district:943", "category:poor", "purpose:…"
	Description    string
	ReceiptYear    int
	ReceiptSeq     int64
	ReceiptNo      string
	EntryID        int64
	Status         string
	VoidEntryID    int64
	VoidedOn       ledger.Date // the void's accounting date
	VoidReason     string
	StatementKey   string // the bank line's key, for statement imports
	CreatedBy      int64
	CreatedAt      time.Time
	Lines          []Line
	Warehouse      string // in-kind: the warehouse that received the goods

	warehouseDistrict string
}

// Filter selects donations, in ID order.
type Filter struct {
	FundID   int64
	DonorID  int64
	Channel  Channel
	From, To ledger.Date
	Earmark  string
	Status   string
	Query    string // folded donor name, bank reference or receipt number
	Public   bool   // search only published names
	AfterID  int64
	Limit    int
}

// Store persists donors and donations.
type Store interface {
	CreateDonor(ctx context.Context, d Donor, idem *rl.IdemRecord) (Donor, bool, error)
	// Donor returns NotFound when there is none.
	Donor(ctx context.Context, id int64) (Donor, error)
	Donors(ctx context.Context, query string, afterID int64, limit int) ([]Donor, error)
	// InJournal runs fn in one journal transaction (see ledger.Tx), which
	// it commits when fn returns nil; a transaction that lost a race is run
	// again from the start.
	InJournal(ctx context.Context, fn func(Tx) error) error
	// Within is the ledger's journal transaction tx (the batcher's) with
	// the donation tables: the rows written on it commit with the batch.
	Within(tx ledger.Tx) (Tx, error)
	// Donation, DonationByEntry, DonationByReceipt return NotFound when
	// there is none.
	Donation(ctx context.Context, id int64) (Donation, error)
	DonationByEntry(ctx context.Context, entryID int64) (Donation, error)
	DonationByReceipt(ctx context.Context, receiptNo string) (Donation, error)
	Donations(ctx context.Context, f Filter) ([]Donation, error)
	// Search answers a public search (Text already folded, Limit checked);
	// Invalid for a cursor it did not write. Its donations hold what is
	// published of them only (Results.Donations says what).
	Search(ctx context.Context, q Search) (Results, error)
	// KnownKeys returns which statement keys the fund has recorded already.
	KnownKeys(ctx context.Context, fundID int64, keys []string) (map[string]bool, error)
	// Analyze refreshes the planner's statistics of the tables a bulk
	// import grew, so that plans chosen while they were small do not stay.
	Analyze(ctx context.Context) error
}

// ReceiptKey names a receipt counter: a fund and a year.
type ReceiptKey struct {
	FundID int64
	Year   int
}

// Tx is a journal transaction with the donation tables: the ledger records
// a donation's entry on it and the donation's row follows on the same
// transaction, so both commit or neither does.
type Tx interface {
	ledger.Tx
	// NumberReceipts gives each donation the next receipt number of its
	// fund and year, in order; the numbers roll back with the transaction,
	// so they have no gaps.
	NumberReceipts(ds []Donation) ([]Donation, error)
	// InsertDonations stores numbered donations and returns them with IDs.
	// Conflict with code "duplicate" for a statement line or receipt
	// recorded twice (a store may report it, as any refusal, only when
	// the transaction commits).
	InsertDonations(ds []Donation) ([]Donation, error)
	// LastReceipts returns the last receipt sequence of each fund and
	// year (0 when it has none yet), as the journal head's holder sees it.
	// inserts is how many donations the transaction may insert next: a
	// store may draw their IDs with the same read (IDs left unused are a
	// gap in IDs, never in receipt numbers).
	LastReceipts(keys []ReceiptKey, inserts int) (map[ReceiptKey]int64, error)
	// SetLastReceipts moves the counters to the last sequences given
	// (numbers taken in this transaction, after LastReceipts).
	SetLastReceipts(last map[ReceiptKey]int64) error
	// AuditTarget names what the write of the request ctx carries acted
	// on, in its audit record (the batcher's transaction audits many).
	AuditTarget(ctx context.Context, target string)
	// RecordedKeys returns which of keys the fund has recorded as
	// statement keys, as the transaction sees them: a journal transaction
	// holds the journal's lock, so no other can record one meanwhile.
	RecordedKeys(fundID int64, keys []string) (map[string]bool, error)
	// MarkVoided records that a donation was voided by a reversal entry;
	// Conflict with code "already-voided" when it was voided meanwhile.
	MarkVoided(id, voidEntryID int64, reason string) error
}
