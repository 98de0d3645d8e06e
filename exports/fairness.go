package exports

import (
	"maps"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"reliefledger/distribution"
	"reliefledger/households"
	"reliefledger/internal/i18n"
	"reliefledger/internal/xlsxw"
)

// writeFairness writes the fairness report: districts, the province,
// communes, and the definition of every figure with the weights, tolerance
// and deadline the report used.
func writeFairness(d *doc) error {
	ctx, src, p := d.ctx, d.src, d.p
	sc := distribution.Scope{PlanID: p.Plan, From: p.From, To: p.To, Item: p.Item, DeadlineDays: 20}
	if p.Plan == 0 {
		fund, err := src.Ledger.Fund(ctx, p.Fund)
		if err != nil {
			return err
		}
		sc.FundID = fund.ID
	}
	r, err := src.Distribution.Fairness(ctx, sc)
	if err != nil {
		return err
	}
	amount := column{i18n.ColReceivedVND, 14, xlsxw.Money, 0} // money in đồng; goods in their quantity
	item := p.Item
	if p.Plan != 0 {
		if plan, err := src.Distribution.Plan(ctx, p.Plan); err == nil {
			d.subject = []string{d.planSubject(plan)}
			if d.p.Fund == "" {
				d.p.Fund = plan.Fund
			}
			if plan.Kind == distribution.Goods {
				item = plan.Item
			}
		}
	}
	amountKind, amountDecimals := xlsxw.Money, 0
	if item != "" {
		amountKind, amountDecimals = xlsxw.Quantity, d.n.scale(item)
		amount = column{i18n.ColReceivedQty, 12, amountKind, amountDecimals}
	}
	needDecimals := 0
	var districts []string
	var received, need, per, amounts []decimal.Decimal
	for _, x := range r.Districts {
		needDecimals = max(needDecimals, decimalsOf(x.WeightedNeed))
		districts = append(districts, d.n.district(x.District))
		received, need, per = append(received, x.Received), append(need, x.WeightedNeed), append(per, x.PerWeighted)
		amounts = append(amounts, x.Requested, x.Approved, x.Entitled, x.Fulfilled)
	}
	needDecimals = min(needDecimals, 4)
	districtWidth := textWidth(districts, 12, 28)
	pct := func(k i18n.Key) column { return column{k, 8, xlsxw.Percent, 2} }
	count := func(k i18n.Key) column { return column{k, 8, xlsxw.Count, 0} }

	// Coverage and timeliness.
	s, err := d.sheet(i18n.SheetByDistrict, d.cols(
		column{i18n.ColDistrict, districtWidth, xlsxw.Text, 0},
		count(i18n.ColPoor), count(i18n.ColNearPoor), count(i18n.ColEligible), count(i18n.ColReached),
		pct(i18n.ColCoverage), pct(i18n.ColExclusionError), count(i18n.ColInclusionErrors),
		count(i18n.ColMedianDays), count(i18n.ColMaxDays), count(i18n.ColLateDeliveries),
	), xlsxw.Page{})
	if err != nil {
		return err
	}
	sums := map[int]decimal.Decimal{1: decimal.Zero, 2: decimal.Zero, 3: decimal.Zero, 4: decimal.Zero, 7: decimal.Zero, 10: decimal.Zero}
	for _, x := range r.Districts {
		for i, v := range map[int]int{1: x.Eligible[households.Poor], 2: x.Eligible[households.NearPoor], 3: x.EligibleTotal, 4: x.Reached,
			7: x.InclusionErrors, 10: x.LateDeliveries} {
			sums[i] = sums[i].Add(decimal.NewFromInt(int64(v)))
		}
		if err := s.Row(d.n.district(x.District), x.Eligible[households.Poor], x.Eligible[households.NearPoor], x.EligibleTotal, x.Reached,
			x.Coverage, x.ExclusionError, x.InclusionErrors, x.MedianDays, x.MaxDays, x.LateDeliveries); err != nil {
			return err
		}
	}
	if err := s.Total(d.t(i18n.Total), sums); err != nil {
		return err
	}

	// Amounts: what each district received against its weighted need.
	amount.width = max(amountWidth(received...), 12)
	if amountKind == xlsxw.Quantity {
		amount.width = max(numberWidth(amountDecimals, received...), 11)
	}
	s, err = d.sheet(i18n.SheetAmounts, d.cols(
		column{i18n.ColDistrict, districtWidth, xlsxw.Text, 0},
		amount,
		column{i18n.ColWeightedNeed, max(numberWidth(needDecimals, need...), 9), xlsxw.Quantity, needDecimals},
		column{i18n.ColPerWeighted, max(numberWidth(2, per...), 10), xlsxw.Quantity, 2},
		pct(i18n.ColShareOfTotal), pct(i18n.ColShareOfNeed),
		column{i18n.ColRequested, max(numberWidth(amountDecimals, amounts...), 10), amountKind, amountDecimals},
		column{i18n.ColApproved, max(numberWidth(amountDecimals, amounts...), 10), amountKind, amountDecimals},
		column{i18n.ColEntitled, max(numberWidth(amountDecimals, amounts...), 10), amountKind, amountDecimals},
		column{i18n.ColFulfilled, max(numberWidth(amountDecimals, amounts...), 10), amountKind, amountDecimals},
		pct(i18n.ColFulfilment),
		column{i18n.ColRelativeToMean, 9, xlsxw.Quantity, 4},
		column{i18n.ColFlag, 40, xlsxw.Text, 0},
	), xlsxw.Page{})
	if err != nil {
		return err
	}
	sums = map[int]decimal.Decimal{1: decimal.Zero, 6: decimal.Zero, 7: decimal.Zero, 8: decimal.Zero, 9: decimal.Zero}
	for _, x := range r.Districts {
		sums[1], sums[6], sums[7] = sums[1].Add(x.Received), sums[6].Add(x.Requested), sums[7].Add(x.Approved)
		sums[8], sums[9] = sums[8].Add(x.Entitled), sums[9].Add(x.Fulfilled)
		if err := s.Row(d.n.district(x.District), x.Received, x.WeightedNeed, x.PerWeighted, x.ShareOfTotal, x.ShareOfNeed,
			x.Requested, x.Approved, x.Entitled, x.Fulfilled, x.Fulfilment, x.RelativeToMean, d.flags(x)); err != nil {
			return err
		}
	}
	if err := s.Total(d.t(i18n.Total), sums); err != nil {
		return err
	}
	if err := writeProvince(d, r.Overall, amountKind, amountDecimals); err != nil {
		return err
	}
	if err := writeDefinitions(d, r); err != nil {
		return err
	}
	communes, err := d.sheet(i18n.SheetByCommune, d.cols(
		column{i18n.ColDistrict, districtWidth, xlsxw.Text, 0}, column{i18n.ColCommune, 24, xlsxw.Text, 0},
		count(i18n.ColEligible), count(i18n.ColReached), pct(i18n.ColCoverage),
	), xlsxw.Page{})
	if err != nil {
		return err
	}
	for _, x := range r.Districts {
		for _, c := range x.Communes {
			if err := communes.Row(d.n.district(x.District), d.n.region(c.Commune), c.Eligible, c.Reached, c.Coverage); err != nil {
				return err
			}
		}
	}
	return nil
}

// decimalsOf is how many decimals d has, trailing zeros aside.
func decimalsOf(d decimal.Decimal) int {
	s := d.String()
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// writeProvince writes the province's figures, each in the column of its
// kind so that every column has one number format.
func writeProvince(d *doc, o distribution.Overall, amountKind xlsxw.Kind, amountDecimals int) error {
	s, err := d.sheet(i18n.SheetProvince, d.cols(
		column{i18n.ColFigure, 40, xlsxw.Text, 0},
		column{i18n.ColHouseholds, 11, xlsxw.Count, 0},
		column{i18n.ColPercent, 9, xlsxw.Percent, 2},
		column{i18n.ColAmount, 15, amountKind, max(amountDecimals, 2)},
		column{i18n.ColRatio, 9, xlsxw.Quantity, 4},
	), xlsxw.Page{})
	if err != nil {
		return err
	}
	for _, row := range [][]any{
		{"eligible_total", o.EligibleTotal}, {"reached", o.Reached}, {"unreached", o.Unreached}, {"inclusion_errors", o.InclusionErrors},
		{"coverage", nil, o.Coverage}, {"received", nil, nil, o.Received}, {"per_weighted_household", nil, nil, o.PerWeighted},
		{"entitled", nil, nil, o.Entitled}, {"fulfilled", nil, nil, o.Fulfilled}, {"fulfilment", nil, o.Fulfilment},
		{"max_min_ratio", nil, nil, nil, o.MaxMinRatio}, {"gini", nil, nil, nil, o.Gini}, {"gini_of_amounts", nil, nil, nil, o.GiniOfAmounts},
	} {
		row[0] = d.value("fairness_figure", row[0].(string))
		if err := s.Row(row...); err != nil {
			return err
		}
	}
	if len(o.FlaggedDistricts) > 0 {
		flagged := make([]string, len(o.FlaggedDistricts))
		for i, c := range o.FlaggedDistricts {
			flagged[i] = d.n.district(c)
		}
		return s.Note(d.f(i18n.FairnessFlagged, strings.Join(flagged, ", ")))
	}
	return nil
}

// writeDefinitions writes what every figure means, in the workbook's
// language, with the weights, tolerance and deadline of the report.
func writeDefinitions(d *doc, r distribution.FairnessReport) error {
	defs, err := d.sheet(i18n.SheetDefinitions, []xlsxw.Col{
		{Title: d.t(i18n.ColFigure), Width: 28}, {Title: d.t(i18n.ColDefinition), Width: 92, Wrap: true},
	}, xlsxw.Page{NoFilter: true})
	if err != nil {
		return err
	}
	keys := slices.Sorted(maps.Keys(r.Definitions))
	slices.SortStableFunc(keys, func(a, b string) int { return figureRank(a) - figureRank(b) })
	for _, k := range keys {
		if err := defs.Row(d.value("fairness_figure", k), fairnessDefinition(d.l, k, r.Basis, r.Definitions[k])); err != nil {
			return err
		}
	}
	return nil
}

// figureOrder is the order the definitions are listed in: the sheets'
// columns, then the province's figures.
var figureOrder = []string{"district", "commune", "communes", "eligible", "eligible_total", "reached", "unreached", "coverage", "exclusion_error",
	"inclusion_errors", "median_days", "max_days", "late_deliveries", "received", "delivered", "weighted_need", "per_weighted_household",
	"share_of_total", "share_of_need", "requested", "approved", "entitled", "fulfilled", "fulfilment", "relative_to_mean", "flagged",
	"flag_reasons", "flags", "flagged_districts", "max_min_ratio", "gini", "gini_of_amounts"}

// figureRank is a figure's place in figureOrder; figures it does not
// list come last.
func figureRank(key string) int {
	if i := slices.Index(figureOrder, key); i >= 0 {
		return i
	}
	return len(figureOrder)
}

// fairnessDefinition is the definition of figure key in l. The table's
// translation is used while its English, with the same arguments, is the
// domain's sentence word for word: a definition the domain rewrote shows
// in the domain's English until the table follows (a test says so), rather
// than a translation of what the figure used to mean.
func fairnessDefinition(l i18n.Lang, key string, b distribution.FairnessBasis, domain string) string {
	if k := i18n.Enum("fairness_sheet_def", key); i18n.Has(k) { // shown by name here, by code in the API
		return i18n.T(l, k)
	}
	for _, k := range definitionKeys(key, b) {
		if i18n.Has(k) && i18n.F(i18n.EN, k, definitionArgs(i18n.EN, key, b)...) == domain {
			return i18n.F(l, k, definitionArgs(l, key, b)...)
		}
	}
	return domain
}

// definitionKeys are the table's keys that may hold a figure's
// definition: "eligible" means one thing in a plan's report and another in
// a fund's, and the deadline changes what late deliveries are.
func definitionKeys(key string, b distribution.FairnessBasis) []i18n.Key {
	switch {
	case key == "late_deliveries" && b.DeadlineDays <= 0:
		return []i18n.Key{i18n.Enum("fairness_def", "late_deliveries_none")}
	case key == "eligible":
		return []i18n.Key{i18n.Enum("fairness_def", key), i18n.Enum("fairness_def", "eligible_plan"), i18n.Enum("fairness_def", "eligible_fund")}
	}
	return []i18n.Key{i18n.Enum("fairness_def", key)}
}

func definitionArgs(l i18n.Lang, key string, b distribution.FairnessBasis) []any {
	switch key {
	case "weighted_need":
		w := i18n.F(l, i18n.FairnessWeighting, b.Weights[households.Poor].String(), b.Weights[households.NearPoor].String())
		if b.PerMember {
			w += i18n.T(l, i18n.FairnessPerMember)
		}
		return []any{w}
	case "flagged":
		return []any{b.Tolerance.Mul(decimal.NewFromInt(100)).String() + "%"}
	case "late_deliveries":
		if b.DeadlineDays > 0 {
			return []any{b.DeadlineDays}
		}
	}
	return nil
}

// flags says why a district is flagged, each reason in the workbook's
// language with the figures the domain gives it.
func (d *doc) flags(x distribution.DistrictFairness) string {
	num := func(v decimal.Decimal) string { return d.l.Number(v, -1) }
	out := make([]string, 0, len(x.Flags))
	for _, f := range x.Flags {
		switch f.Kind {
		case distribution.FlagFulfilment:
			k := i18n.FlagFulfilmentBelow
			if f.Above {
				k = i18n.FlagFulfilmentAbove
			}
			out = append(out, d.f(k, num(f.Fulfilment), num(f.Deviation), num(f.Province), num(f.Tolerance)))
		case distribution.FlagPerWeighted:
			k := i18n.FlagBelow
			if f.Above {
				k = i18n.FlagAbove
			}
			out = append(out, d.f(k, num(f.Deviation), num(f.Tolerance)))
		case distribution.FlagNoNeed:
			out = append(out, d.t(i18n.FlagNoNeed))
		case distribution.FlagNothingOwed:
			out = append(out, d.f(i18n.FlagNothingOwed, num(f.Amount)))
		default:
			out = append(out, f.Reason())
		}
	}
	return strings.Join(out, "; ")
}
