// Package ledger is the double-entry ledger of the relief funds: funds and
// their accounts, journal entries with postings, balances, and the hash chain
// that makes later edits of the journal detectable. It has no database or
// HTTP code; a Store implements persistence.
package ledger

import (
	"time"

	"github.com/shopspring/decimal"
)

// AccountType is the accounting class of an account.
type AccountType string

// The account types of fund accounting.
const (
	Asset     AccountType = "asset"
	Liability AccountType = "liability"
	NetAssets AccountType = "net_assets"
	Revenue   AccountType = "revenue"
	Expense   AccountType = "expense"
)

// Valid reports whether t is a known account type.
func (t AccountType) Valid() bool {
	switch t {
	case Asset, Liability, NetAssets, Revenue, Expense:
		return true
	}
	return false
}

// DebitNormal reports whether the account's balance normally sits on the
// debit side (assets and expenses) rather than the credit side.
func (t AccountType) DebitNormal() bool { return t == Asset || t == Expense }

// EntryKind says what business event an entry records.
type EntryKind string

// The entry kinds. Manual entries through the journal route may use only
// the ones ManualKind accepts; the others are produced by their features.
const (
	KindOpening    EntryKind = "opening"
	KindAdjustment EntryKind = "adjustment"
	KindTransfer   EntryKind = "transfer"
	KindDonation   EntryKind = "donation"
	KindAllocation EntryKind = "allocation"
	KindDelivery   EntryKind = "delivery"
	KindStock      EntryKind = "stock"
	KindReversal   EntryKind = "reversal"
)

// ManualKind reports whether k may be posted by hand through the journal.
func ManualKind(k EntryKind) bool {
	return k == KindOpening || k == KindAdjustment || k == KindTransfer
}

// AssetVND is the balance asset of an account's value in đồng. Quantities of
// goods are kept per item, under the item's code.
const AssetVND = "VND"

// Fund is a self-balancing set of accounts, e.g. the Poor Fund.
type Fund struct {
	ID        int64
	Code      string
	NameVI    string
	NameEN    string
	CreatedAt time.Time
}

// Dimensions narrow what an account holds: money of one district, goods in
// one warehouse, a donor's designation. Empty means not applicable.
type Dimensions struct {
	District    string
	Warehouse   string
	Item        string
	Designation string
}

// Account is one account of one fund.
type Account struct {
	ID          int64
	FundID      int64
	FundCode    string
	Code        string
	Name        string
	Type        AccountType
	NonNegative bool // real money or goods: its balances may never go below zero
	Dimensions  Dimensions
	CreatedAt   time.Time
}

// Item is a kind of goods with a unit and the decimals that unit allows.
type Item struct {
	Code   string
	NameVI string
	NameEN string
	Unit   string
	Scale  int32
}

// Posting moves Amount đồng into (positive, debit) or out of (negative,
// credit) an account, and for goods a Quantity of one Item.
type Posting struct {
	Line      int
	AccountID int64
	Amount    decimal.Decimal
	Item      string
	Quantity  decimal.Decimal

	// AtCost and CostOf mark a proposed pair valued by the journal at the
	// stock's average cost (see PostingInput); they are cleared once the
	// amounts are set, so stored and answered postings never carry them.
	AtCost bool
	CostOf int
}

// Source links an entry to the document it records (a donation, a plan…).
type Source struct {
	Type string
	ID   string
}

// Entry is a balanced journal entry. Entries are append-only: ID is the
// entry's place in the journal and in the hash chain.
type Entry struct {
	ID          int64
	Date        Date
	Kind        EntryKind
	Description string
	Source      Source
	ReversesID  int64 // the entry this one reverses, or 0
	CreatedBy   int64
	CreatedAt   time.Time
	PrevHash    string
	Hash        string
	Postings    []Posting
}

// Balance is an account's balance of one asset (đồng, or an item).
type Balance struct {
	AccountID int64
	Asset     string
	Amount    decimal.Decimal
}

// BalanceKey identifies one balance row.
type BalanceKey struct {
	AccountID int64
	Asset     string
}

// Less orders balance keys; rows are always locked in this order.
func (k BalanceKey) Less(o BalanceKey) bool {
	if k.AccountID != o.AccountID {
		return k.AccountID < o.AccountID
	}
	return k.Asset < o.Asset
}
