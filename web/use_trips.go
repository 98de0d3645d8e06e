package web

import (
	"net/http"

	"github.com/shopspring/decimal"

	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// tripRow is a relief trip or a frontline support as /use lists it.
type tripRow struct {
	From, To       ledger.Date
	Kind           string
	Destination    string
	Organisation   string
	PeopleReached  int
	Money          decimal.Decimal
	Goods          []goodsQty
	GoodsValue     decimal.Decimal
	Cancelled      bool
	InsideProvince bool
}

// useTrips lists the fund's relief trips and frontline support whose
// first day is in the period, for /use.
func (s *Server) useTrips(r *http.Request, items itemNames, fundID int64, from, to ledger.Date) ([]tripRow, error) {
	ts, err := s.Distribution.PublicTrips(r.Context(), fundID, from, to)
	if err != nil {
		return nil, err
	}
	l := lang(r)
	out := make([]tripRow, 0, len(ts))
	for _, t := range ts {
		out = append(out, tripRow{From: t.From, To: t.To, Kind: i18n.Value(l, "trip_kind", string(t.Kind)), Destination: t.Destination,
			Organisation: t.Organisation, PeopleReached: t.PeopleReached, Money: t.MoneyTotal(), Goods: items.list(t.GoodsByItem()),
			GoodsValue: t.GoodsValue(), Cancelled: t.Reversed(), InsideProvince: t.InsideProvince})
	}
	return out, nil
}
