package exports

import (
	"github.com/shopspring/decimal"

	"reliefledger/internal/i18n"
	"reliefledger/internal/xlsxw"
	"reliefledger/ledger"
)

// writeTrips adds to the public disclosure the relief trips and frontline
// support whose first day is in the period, each with its date,
// destination, organisation, people reached, money and goods; a cancelled
// one is listed as cancelled and counts nothing.
func writeTrips(d *doc, fund ledger.Fund) error {
	trips, err := d.src.Distribution.PublicTrips(d.ctx, fund.ID, d.p.From, d.p.To)
	if err != nil {
		return err
	}
	cols := d.cols(
		column{i18n.ColTripNo, 6, xlsxw.Count, 0},
		column{i18n.ColTripKind, 22, xlsxw.Text, 0},
		column{i18n.ColTripFrom, 11, xlsxw.Date, 0},
		column{i18n.ColTripTo, 11, xlsxw.Date, 0},
		column{i18n.ColTripDestination, 24, xlsxw.Text, 0},
		column{i18n.ColTripInside, 9, xlsxw.Text, 0},
		column{i18n.ColDistrict, 18, xlsxw.Text, 0},
		column{i18n.ColTripOrganisation, 30, xlsxw.Text, 0},
		column{i18n.ColTripPeople, 11, xlsxw.Count, 0},
		d.money(i18n.ColTripMoneyVND, 15),
		column{i18n.ColTripGoods, 28, xlsxw.Text, 0},
		d.money(i18n.ColTripGoodsVND, 15),
		column{i18n.ColTripStatus, 24, xlsxw.Text, 0},
	)
	s, err := d.sheet(i18n.SheetTrips, cols, xlsxw.Page{})
	if err != nil {
		return err
	}
	money, value := decimal.Zero, decimal.Zero
	for _, t := range trips {
		inside := d.t(i18n.TripNo)
		if t.InsideProvince {
			inside = d.t(i18n.TripYes)
		}
		var m, v any = t.MoneyTotal(), t.GoodsValue()
		status := ""
		if t.Reversed() {
			status = d.f(i18n.TripCancelled, d.date(t.ReversedOn), d.l.Number(t.MoneyTotal(), 0), d.l.Number(t.GoodsValue(), 0))
			m, v = nil, nil
		} else {
			money, value = money.Add(t.MoneyTotal()), value.Add(t.GoodsValue())
		}
		if err := s.Row(t.ID, d.value("trip_kind", string(t.Kind)), t.From, t.To, t.Destination, inside, d.n.district(t.District), t.Organisation,
			t.PeopleReached, m, d.goodsText(t.GoodsByItem()), v, status); err != nil {
			return err
		}
	}
	return s.Total(d.t(i18n.Total), map[int]decimal.Decimal{9: money, 11: value})
}
