package ledger

import (
	"context"
	"strings"
	"unicode/utf8"

	rl "reliefledger"
)

// ItemInput proposes a new kind of goods.
type ItemInput struct {
	Code, NameVI, NameEN, Unit string
	Scale                      int32
}

// CreateItem adds a kind of goods. Its unit and scale never change once
// goods of it are booked, so there is no update. Invalid for bad fields,
// Conflict (code "duplicate") when the code is taken.
func (s *Service) CreateItem(ctx context.Context, a Actor, in ItemInput) (Item, bool, error) {
	var fe rl.Fields
	it := Item{Code: strings.ToUpper(strings.TrimSpace(in.Code)), NameVI: strings.TrimSpace(in.NameVI),
		NameEN: strings.TrimSpace(in.NameEN), Unit: strings.TrimSpace(in.Unit), Scale: in.Scale}
	if !codePattern.MatchString(it.Code) {
		fe.Add("code", "must be 2–20 capital letters, digits or _ starting with a letter, e.g. RICE")
	}
	if it.NameVI == "" || utf8.RuneCountInString(it.NameVI) > 200 {
		fe.Add("name_vi", "is required, at most 200 characters")
	}
	if it.NameEN == "" {
		it.NameEN = it.NameVI
	} else if utf8.RuneCountInString(it.NameEN) > 200 {
		fe.Add("name_en", "must be at most 200 characters")
	}
	if it.Unit == "" || utf8.RuneCountInString(it.Unit) > 20 {
		fe.Add("unit", "is required (e.g. kg, thùng, hộp), at most 20 characters")
	}
	if it.Scale < 0 || it.Scale > 6 {
		fe.Add("scale", "must be between 0 and 6 (decimals the unit allows: 3 for kg, 0 for boxes)")
	}
	if err := fe.Err(); err != nil {
		return Item{}, false, err
	}
	return s.store.CreateItem(ctx, it, a.Idem)
}

// Movement is one posting with its entry's date, kind and description, as
// a stock card or an account statement lists it.
type Movement struct {
	EntryID     int64
	Date        Date
	Kind        EntryKind
	Description string
	Source      Source
	Posting
}

// Movements lists the postings of the accounts in entries dated from..to
// (a zero date leaves that end open), in journal order.
func (s *Service) Movements(ctx context.Context, ids []int64, from, to Date) ([]Movement, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return s.store.Movements(ctx, ids, from, to)
}

// Balances returns balances of the accounts: the stored running balances
// when asOf is zero, else recomputed from postings dated up to asOf.
func (s *Service) Balances(ctx context.Context, asOf Date, ids ...int64) ([]Balance, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if asOf.IsZero() {
		return s.store.StoredBalances(ctx, ids...)
	}
	return s.store.BalancesAsOf(ctx, asOf, 0, ids...)
}
