package distribution

import (
	"context"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"reliefledger/ledger"
)

// tripUse is what one journal entry of a trip (or its reversal: count −1,
// negative amounts) gave organisations.
type tripUse struct {
	district string
	count    int
	money    decimal.Decimal
	goods    map[string]decimal.Decimal
	value    decimal.Decimal
}

// tripUses reads from the ledger what the fund's trips gave in a period:
// the postings of its aid-to-organisations accounts (5200 and their
// restricted twins) in entries of relief trips and frontline support and
// in their reversals, dated in the period, by entry.
func (s *Service) tripUses(ctx context.Context, fundID int64, from, to ledger.Date) ([]tripUse, error) {
	accs, err := s.ledger.Accounts(ctx, ledger.AccountFilter{FundID: fundID, Type: ledger.Expense})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, a := range accs {
		if strings.HasPrefix(a.Code, tripExpenseAcc) {
			ids = append(ids, a.ID)
		}
	}
	ms, err := s.ledger.Movements(ctx, ids, from, to)
	if err != nil {
		return nil, err
	}
	byEntry := map[int64]*tripUse{}
	var order []int64
	districts := map[string]string{} // trip ID → district
	for _, m := range ms {
		u, seen := byEntry[m.EntryID]
		if !seen {
			src, sign, err := s.tripSource(ctx, m)
			if err != nil {
				return nil, err
			}
			if sign == 0 {
				byEntry[m.EntryID] = nil
				continue
			}
			d, ok := districts[src.ID]
			if !ok {
				id, _ := strconv.ParseInt(src.ID, 10, 64)
				t, err := s.store.Trip(ctx, id)
				if err != nil {
					return nil, err
				}
				d, districts[src.ID] = t.District, t.District
			}
			u = &tripUse{district: d, count: sign, goods: map[string]decimal.Decimal{}}
			byEntry[m.EntryID] = u
			order = append(order, m.EntryID)
		}
		if u == nil {
			continue
		}
		if m.Item != "" {
			u.goods[m.Item] = u.goods[m.Item].Add(m.Quantity)
			u.value = u.value.Add(m.Amount)
		} else {
			u.money = u.money.Add(m.Amount)
		}
	}
	out := make([]tripUse, 0, len(order))
	for _, id := range order {
		out = append(out, *byEntry[id])
	}
	return out, nil
}

// tripSource returns the trip source of a movement's entry, with sign 1
// for a trip's entry, −1 for its reversal and 0 for other entries.
func (s *Service) tripSource(ctx context.Context, m ledger.Movement) (ledger.Source, int, error) {
	if _, ok := TripKindOf(m.Source.Type); ok {
		return m.Source, 1, nil
	}
	if m.Kind != ledger.KindReversal {
		return ledger.Source{}, 0, nil
	}
	e, err := s.ledger.Entry(ctx, m.EntryID)
	if err != nil || e.ReversesID == 0 {
		return ledger.Source{}, 0, err
	}
	orig, err := s.ledger.Entry(ctx, e.ReversesID)
	if err != nil {
		return ledger.Source{}, 0, err
	}
	if _, ok := TripKindOf(orig.Source.Type); ok {
		return orig.Source, -1, nil
	}
	return ledger.Source{}, 0, nil
}

// addTrips adds the fund's trips in the period to the use by district:
// each counts once as an organisation served and as a trip; its money
// goes to ToOrgs and its goods to GoodsToOrgs at their value.
func (s *Service) addTrips(ctx context.Context, fundID int64, from, to ledger.Date, of func(string) *DistrictUse) error {
	uses, err := s.tripUses(ctx, fundID, from, to)
	if err != nil {
		return err
	}
	for _, t := range uses {
		u := of(t.district)
		u.Organisations += t.count
		u.Trips += t.count
		u.ToOrgs = u.ToOrgs.Add(t.money)
		u.GoodsToOrgsValue = u.GoodsToOrgsValue.Add(t.value)
		for item, q := range t.goods {
			u.Goods[item] = u.Goods[item].Add(q)
			u.GoodsToOrgs[item] = u.GoodsToOrgs[item].Add(q)
		}
	}
	return nil
}

// PublicTrips lists a fund's trips whose first day is in the period
// (either end open when zero), cancelled ones too, in ID order: the
// disclosure's list of relief trips and frontline support.
func (s *Service) PublicTrips(ctx context.Context, fundID int64, from, to ledger.Date) ([]Trip, error) {
	var out []Trip
	f := TripFilter{FundID: fundID, From: from, To: to, Limit: 500}
	for {
		page, err := s.store.Trips(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < f.Limit {
			return out, nil
		}
		f.AfterID = page[len(page)-1].ID
	}
}

// TripMoney is the money the fund's trips gave organisations in a period,
// less what the reversals dated in it took back, from the ledger.
func (s *Service) TripMoney(ctx context.Context, fundID int64, from, to ledger.Date) (decimal.Decimal, error) {
	uses, err := s.tripUses(ctx, fundID, from, to)
	total := decimal.Zero
	for _, u := range uses {
		total = total.Add(u.money)
	}
	return total, err
}
