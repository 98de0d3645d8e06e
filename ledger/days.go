package ledger

import (
	"sort"

	"github.com/shopspring/decimal"
)

// The balance history: for each balance row (an account's đồng, or its
// quantity of an item) what the postings of each accounting date moved it
// by. The store keeps it beside the journal, written in the transaction
// that appends the entries, so that a balance on a past date is the sum of
// the row's days up to it (a few hundred days, however long the journal)
// and a back-dated entry's check reads the days after its date.

// DayKey names one balance row on one accounting date.
type DayKey struct {
	BalanceKey
	Date Date
}

// DayBalance is what the postings of one accounting date moved one
// balance row by, as stored.
type DayBalance struct {
	AccountID int64
	Asset     string
	Date      Date
	Amount    decimal.Decimal
}

// Key is the row and date of d.
func (d DayBalance) Key() DayKey {
	return DayKey{BalanceKey{d.AccountID, d.Asset}, d.Date}
}

// DayMovements sums what entries move per balance row and accounting date:
// every posting moves its account's đồng row (by its amount, which may be
// zero) and, when it names an item, the item's row by its quantity. These
// are the rows of the balance history an append adds to, and what
// BalancesAsOf sums: a row has a day for each date on which a posting
// touched it.
func DayMovements(entries []Entry) map[DayKey]decimal.Decimal {
	out := map[DayKey]decimal.Decimal{}
	for _, e := range entries {
		for _, p := range e.Postings {
			k := DayKey{BalanceKey{p.AccountID, AssetVND}, e.Date}
			out[k] = out[k].Add(p.Amount)
			if p.Item != "" {
				k := DayKey{BalanceKey{p.AccountID, p.Item}, e.Date}
				out[k] = out[k].Add(p.Quantity)
			}
		}
	}
	return out
}

// SortedDayKeys lists m's keys by row, then date.
func SortedDayKeys[V any](m map[DayKey]V) []DayKey {
	keys := make([]DayKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Less(keys[j]) })
	return keys
}

// Less orders day keys by row, then date.
func (k DayKey) Less(o DayKey) bool {
	if k.BalanceKey != o.BalanceKey {
		return k.BalanceKey.Less(o.BalanceKey)
	}
	return k.Date.Before(o.Date)
}
