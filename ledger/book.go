package ledger

import (
	"fmt"
	"sort"

	"github.com/shopspring/decimal"

	rl "reliefledger"
)

// book is a batch's view of the balance rows it locked: their running
// amounts, the latest accounting date that moved each, and what this
// batch moved per date. It enforces non-negativity at every date: an entry
// dated D may not make a non-negative account negative on D or on any
// later date. Most entries are dated on or after every date that moved
// their rows, and the running balance decides alone; a back-dated one is
// checked against the row's lowest balance from D on, computed from the
// later dates' postings (read under the lock) and this batch's own.
type book struct {
	tx     Tx
	amount map[BalanceKey]decimal.Decimal
	read   map[BalanceKey]decimal.Decimal
	last   map[BalanceKey]Date
	readAt map[BalanceKey]Date
	days   map[BalanceKey]map[Date]decimal.Decimal
}

func newBook(tx Tx, st JournalState) *book {
	b := &book{tx: tx, amount: make(map[BalanceKey]decimal.Decimal, len(st.Balances)), read: st.Balances,
		last: make(map[BalanceKey]Date, len(st.Balances)), readAt: st.LastDates, days: map[BalanceKey]map[Date]decimal.Decimal{}}
	for k, v := range st.Balances {
		b.amount[k] = v
	}
	for k, d := range st.LastDates {
		b.last[k] = d
	}
	return b
}

// check refuses an entry that would take a non-negative account below zero,
// in đồng or in any item, on its date or any later date.
func (b *book) check(r resolver, e Entry, deltas map[BalanceKey]decimal.Decimal) error {
	keys := make([]BalanceKey, 0, len(deltas))
	for k, d := range deltas {
		if d.IsNegative() {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Less(keys[j]) })
	for _, k := range keys {
		acc, err := r.accountByID(k.AccountID)
		if err != nil {
			return err
		}
		if !acc.NonNegative {
			continue
		}
		need := deltas[k].Neg()
		if !e.Date.Before(b.last[k]) {
			if have := b.amount[k]; have.LessThan(need) {
				return overdrawn(acc, k, e, have, need, Date{})
			}
			continue
		}
		low, at, err := b.lowest(k, e.Date)
		if err != nil {
			return err
		}
		if low.LessThan(need) {
			return overdrawn(acc, k, e, low, need, at)
		}
	}
	return nil
}

// lowest is a row's lowest balance at the end of date d or of any later
// date, and the date it is reached on.
func (b *book) lowest(k BalanceKey, d Date) (decimal.Decimal, Date, error) {
	later, err := b.tx.DailyChanges(k, d)
	if err != nil {
		return decimal.Zero, Date{}, err
	}
	byDate := map[Date]decimal.Decimal{}
	for _, c := range later {
		byDate[c.Date] = byDate[c.Date].Add(c.Amount)
	}
	for day, v := range b.days[k] {
		if day.After(d) {
			byDate[day] = byDate[day].Add(v)
		}
	}
	dates := make([]Date, 0, len(byDate))
	total := decimal.Zero
	for day, v := range byDate {
		dates = append(dates, day)
		total = total.Add(v)
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i].Before(dates[j]) })
	// The balance at the end of a date is today's minus what later dates
	// moved; the lowest is where that later movement is largest.
	most, at, after := total, d, total
	for _, day := range dates {
		after = after.Sub(byDate[day])
		if after.GreaterThan(most) {
			most, at = after, day
		}
	}
	return b.amount[k].Sub(most), at, nil
}

// apply books an accepted entry.
func (b *book) apply(e Entry, deltas map[BalanceKey]decimal.Decimal) {
	for k, d := range deltas {
		b.amount[k] = b.amount[k].Add(d)
		if e.Date.After(b.last[k]) {
			b.last[k] = e.Date
		}
		if b.days[k] == nil {
			b.days[k] = map[Date]decimal.Decimal{}
		}
		b.days[k][e.Date] = b.days[k][e.Date].Add(d)
	}
}

// changed is the rows the batch moved, as it leaves them.
func (b *book) changed() map[BalanceKey]BalanceChange {
	out := map[BalanceKey]BalanceChange{}
	for k, v := range b.amount {
		if !v.Equal(b.read[k]) || !b.last[k].Equal(b.readAt[k]) {
			out[k] = BalanceChange{Amount: v, LastDate: b.last[k]}
		}
	}
	return out
}

func overdrawn(acc Account, k BalanceKey, e Entry, have, need decimal.Decimal, on Date) error {
	unit := "đồng"
	if k.Asset != AssetVND {
		unit = k.Asset
	}
	var err *rl.Error
	if on.IsZero() {
		err = rl.CodedErrorf(rl.Conflict, "insufficient-balance",
			"account %s:%s (%s) holds %s %s; this entry takes %s %s and would leave it below zero: %s %s missing",
			acc.FundCode, acc.Code, acc.Name, have, unit, need, unit, need.Sub(have), unit)
	} else {
		err = rl.CodedErrorf(rl.Conflict, "insufficient-balance",
			"account %s:%s (%s) would be below zero on %s: it holds %s %s at the end of that day, and this entry dated %s takes %s %s: %s %s missing on that date",
			acc.FundCode, acc.Code, acc.Name, on, have, unit, e.Date, need, unit, need.Sub(have), unit)
	}
	err.Fields = []rl.FieldError{{Field: "postings[" + itoa(int64(lineOf(e, k)-1)) + "].account_id",
		Message: fmt.Sprintf("insufficient balance in account %s:%s", acc.FundCode, acc.Code)}}
	return err
}
