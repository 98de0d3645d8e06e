package exports

import (
	"fmt"
	"sort"

	"github.com/shopspring/decimal"

	"reliefledger/households"
	"reliefledger/internal/i18n"
	"reliefledger/internal/xlsxw"
	"reliefledger/reports"
)

// reports is the summary report service the sources were given, or one
// over the sources' own services.
func (s Sources) reports() *reports.Service {
	if s.Reports != nil {
		return s.Reports
	}
	return &reports.Service{Ledger: s.Ledger, Donations: s.Donations, Goods: s.Goods, Distribution: s.Distribution, Households: s.Households}
}

// writeSummary writes the summary report (Báo cáo tổng hợp) as a document
// to sign: one sheet of figures, received (by channel with their total as
// a formula, by donor, earmarked), distributed (households, organisations,
// relief trips, frontline support, their total as a formula), on hand,
// progress; the journal head and checkpoint it was computed at; the
// signatures. A second sheet splits the main figures by district with the
// province's own last and SUM totals, which are the first sheet's figures.
func writeSummary(d *doc) error {
	p := d.p
	in := reports.Input{Fund: p.Fund, From: p.From, To: p.To, District: p.District, DeadlineDays: p.DeadlineDays, RuleSet: p.RuleSet,
		Campaign: p.Campaign, Due: p.Due, Head: d.m.Head}
	sum, err := d.src.reports().Summary(d.ctx, in)
	if err != nil {
		return err
	}
	d.m.Head, d.to = sum.Head, sum.To
	t := sum.Total
	w := amountWidth(t.Received, t.MoneyOnHand, t.ToHouseholds.Value)
	s, err := d.sheet(i18n.SheetSummary, d.cols(
		column{i18n.ColSummaryLine, 52, xlsxw.Text, 0},
		column{i18n.ColSummaryCount, 12, xlsxw.Count, 0},
		column{i18n.ColSummaryQuantity, 14, xlsxw.Quantity, d.n.maxScale()},
		d.money(i18n.ColAmountVND, w),
	), xlsxw.Page{NoFilter: true, Orientation: xlsxw.Portrait})
	if err != nil {
		return err
	}
	row := func(label string, count, qty, amount any) error { return s.Row(label, count, qty, amount) }
	heading := func(k i18n.Key) error { return s.Row(d.t(k), nil, nil, nil) }
	goodsLines := func(k i18n.Key, m map[string]reports.Goods) error {
		for _, item := range sortedKeys(m) {
			if err := row(d.f(k, d.n.item(item), d.n.unit(item)), nil, m[item].Quantity, m[item].Value); err != nil {
				return err
			}
		}
		return nil
	}
	if err := heading(i18n.SumReceived); err != nil {
		return err
	}
	first := s.NextRow()
	for _, ch := range []string{"cash", "bank", "in_kind"} {
		if err := row(d.f(i18n.SumByChannel, d.value("channel", ch)), nil, nil, t.ByChannel[ch]); err != nil {
			return err
		}
	}
	last := s.NextRow() - 1
	if err := row(d.t(i18n.SumReceivedTotal), t.Donations, nil, xlsxw.Formula{Expr: fmt.Sprintf("SUM(D%d:D%d)", first, last), Value: t.Received}); err != nil {
		return err
	}
	for _, k := range sortedKeys(t.ByDonorKind) {
		if err := row(d.f(i18n.SumByDonorKind, d.value("donor_kind", k)), nil, nil, t.ByDonorKind[k]); err != nil {
			return err
		}
	}
	for _, k := range sortedKeys(t.ByProvince) {
		if err := row(d.f(i18n.SumByProvince, d.value("donor_province", k)), nil, nil, t.ByProvince[k]); err != nil {
			return err
		}
	}
	if err := row(d.t(i18n.SumEarmarked), nil, nil, t.Earmarked); err != nil {
		return err
	}
	if err := row(d.t(i18n.SumUnrestricted), nil, nil, t.Unrestricted); err != nil {
		return err
	}
	if err := goodsLines(i18n.SumGoodsReceived, t.GoodsReceived); err != nil {
		return err
	}
	if err := heading(i18n.SumDistributed); err != nil {
		return err
	}
	first = s.NextRow()
	reached := 0
	for _, ca := range t.ByCategory {
		reached += ca.Households
	}
	for _, a := range []struct {
		k     i18n.Key
		count any
		aid   reports.Aid
	}{{i18n.SumToHouseholds, reached, t.ToHouseholds}, {i18n.SumToOrgs, nil, t.ToOrganisations},
		{i18n.SumTrips, t.ReliefTrips.Entries, t.ReliefTrips}, {i18n.SumFrontline, t.FrontlineSupport.Entries, t.FrontlineSupport}} {
		if err := row(d.t(a.k), a.count, nil, a.aid.Value); err != nil {
			return err
		}
	}
	last = s.NextRow() - 1
	distributed := t.ToHouseholds.Value.Add(t.ToOrganisations.Value).Add(t.ReliefTrips.Value).Add(t.FrontlineSupport.Value)
	if err := row(d.t(i18n.SumDistTotal), nil, nil, xlsxw.Formula{Expr: fmt.Sprintf("SUM(D%d:D%d)", first, last), Value: distributed}); err != nil {
		return err
	}
	for _, cat := range []households.Category{households.Poor, households.NearPoor} {
		if ca, ok := t.ByCategory[cat]; ok {
			if err := row(d.f(i18n.SumByCategory, d.value("category", string(cat))), ca.Households, nil, ca.Money); err != nil {
				return err
			}
		}
	}
	out := map[string]reports.Goods{}
	for _, a := range []reports.Aid{t.ToHouseholds, t.ToOrganisations, t.ReliefTrips, t.FrontlineSupport} {
		for item, g := range a.Goods {
			out[item] = reports.Goods{Quantity: out[item].Quantity.Add(g.Quantity), Value: out[item].Value.Add(g.Value)}
		}
	}
	if err := goodsLines(i18n.SumGoodsOut, out); err != nil {
		return err
	}
	if err := heading(i18n.SumOnHand); err != nil {
		return err
	}
	if err := row(d.t(i18n.SumMoneyOnHand), nil, nil, t.MoneyOnHand); err != nil {
		return err
	}
	if err := row(d.t(i18n.SumMoneyEarmarked), nil, nil, t.MoneyOnHandEarmarked); err != nil {
		return err
	}
	for _, wh := range sortedKeys(t.GoodsOnHand) {
		for _, item := range sortedKeys(t.GoodsOnHand[wh]) {
			g := t.GoodsOnHand[wh][item]
			if err := row(d.f(i18n.SumGoodsOnHand, d.n.warehouse(wh), d.n.item(item), d.n.unit(item)), nil, g.Quantity, g.Value); err != nil {
				return err
			}
		}
	}
	if err := row(d.t(i18n.SumOpenMoney), nil, nil, t.OutstandingMoney); err != nil {
		return err
	}
	if err := goodsLines(i18n.SumOpenGoods, t.OutstandingGoods); err != nil {
		return err
	}
	if err := heading(i18n.SumWork); err != nil {
		return err
	}
	if err := row(d.t(i18n.SumWaiting), t.RequestsWaiting, nil, t.RequestsWaitingMoney); err != nil {
		return err
	}
	if err := row(d.t(i18n.SumApprovedOpen), t.RequestsOpen, nil, nil); err != nil {
		return err
	}
	if err := row(d.t(i18n.SumDeliveries), t.Deliveries, nil, nil); err != nil {
		return err
	}
	if sum.LateCounted() {
		label := d.f(i18n.SumLate, sum.DeadlineDays)
		if sum.Due.Set() {
			label = d.f(i18n.SumLateDue, d.date(sum.Due.Date), sum.Campaign)
		}
		if err := row(label, t.Late, nil, nil); err != nil {
			return err
		}
	}
	for _, cat := range []households.Category{households.Poor, households.NearPoor} {
		if err := row(d.f(i18n.SumUnreached, d.value("category", string(cat))), t.Unreached[cat], nil, nil); err != nil {
			return err
		}
	}
	if err := summaryNotes(d, s, sum); err != nil {
		return err
	}
	if err := d.sign(s); err != nil {
		return err
	}
	return writeSummaryParts(d, sum)
}

// summaryNotes says what deadline the late deliveries were counted
// against, the head and checkpoint the figures were computed at, and
// whether the period is closed.
func summaryNotes(d *doc, s *xlsxw.Sheet, sum reports.Summary) error {
	var notes []string
	if !sum.LateCounted() {
		notes = append(notes, d.t(i18n.SumLateUnknown))
	}
	if sum.Due.Set() {
		notes = append(notes, d.f(i18n.SumDueRule, sum.Due.Rule))
	}
	if sum.RuleSet != "" {
		notes = append(notes, d.f(i18n.SumRuleSet, sum.RuleSet))
	}
	if cp := sum.Checkpoint; cp != nil {
		covers := ""
		if cp.Covers {
			covers = d.t(i18n.SumCovers)
		}
		notes = append(notes, d.f(i18n.SumCheckpoint, sum.Head.LastID, cp.ID, cp.EntryID, d.l.Time(cp.MadeAt), covers))
	} else {
		notes = append(notes, d.f(i18n.SumNoCheckpoint, sum.Head.LastID))
	}
	if sum.PeriodClosed != nil {
		if *sum.PeriodClosed {
			notes = append(notes, d.f(i18n.SumClosed, d.date(*sum.ClosedThrough)))
		} else {
			notes = append(notes, d.t(i18n.SumOpen))
		}
	}
	for _, n := range notes {
		if err := s.Note(n); err != nil {
			return err
		}
	}
	return nil
}

// writeSummaryParts writes the main figures of each district's part and
// the province's own, with SUM totals.
func writeSummaryParts(d *doc, sum reports.Summary) error {
	t := sum.Total
	w := amountWidth(t.Received, t.MoneyOnHand, t.ToHouseholds.Value, t.OutstandingMoney)
	s, err := d.sheet(i18n.SheetSummaryByPart, d.cols(
		column{i18n.ColSummaryDistrict, 30, xlsxw.Text, 0},
		d.money(i18n.ColSummaryReceived, w), d.money(i18n.ColSummaryHousehold, w), d.money(i18n.ColSummaryOrgs, w),
		d.money(i18n.ColSummaryOnHand, w), d.money(i18n.ColSummaryOpen, w),
		column{i18n.ColSummaryUnreached, 12, xlsxw.Count, 0},
	), xlsxw.Page{Orientation: xlsxw.Landscape})
	if err != nil {
		return err
	}
	totals := map[int]decimal.Decimal{}
	for _, f := range sum.Parts {
		name := d.t(i18n.SumOwn)
		if f.District != "" {
			name = d.n.district(f.District)
		}
		orgs := f.ToOrganisations.Value.Add(f.ReliefTrips.Value).Add(f.FrontlineSupport.Value)
		unreached := decimal.NewFromInt(int64(f.Unreached[households.Poor] + f.Unreached[households.NearPoor]))
		vals := []decimal.Decimal{f.Received, f.ToHouseholds.Value, orgs, f.MoneyOnHand, f.OutstandingMoney, unreached}
		for i, v := range vals {
			totals[i+1] = totals[i+1].Add(v)
		}
		if err := s.Row(name, vals[0], vals[1], vals[2], vals[3], vals[4], vals[5]); err != nil {
			return err
		}
	}
	return s.Total(d.t(i18n.Total), totals)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
