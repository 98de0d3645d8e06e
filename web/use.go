package web

import (
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"reliefledger/distribution"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

type goodsQty struct {
	Name string
	Qty  decimal.Decimal
	Unit string
}

type useRow struct {
	distribution.DistrictUse
	Name        string
	Goods       []goodsQty
	GoodsToOrgs []goodsQty
}

type useData struct {
	Funds    []fundView
	Fund     fundView
	From, To string
	Errors   []string
	Rows     []useRow
	Total    distribution.DistrictUse
	HasOrgs  bool
	Chart    chart
	Trips    []tripRow
}

// use shows where a fund's money and goods went, by district (as GET
// /api/v1/public/use): households reached, money and goods given, support
// per household, and relief to organisations.
func (s *Server) use(w http.ResponseWriter, r *http.Request) {
	ctx, l, qs := r.Context(), lang(r), r.URL.Query()
	var d useData
	fund, ok, err := s.pickFund(r, &d.Funds, qs.Get("fund"))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Fund, d.From, d.To = fund, qs.Get("from"), qs.Get("to")
	if !ok {
		d.Errors = append(d.Errors, i18n.F(l, i18n.WebSearchBadFund, qs.Get("fund")))
	}
	from := s.formDate(l, d.From, i18n.WebSearchFrom, &d.Errors)
	to := s.formDate(l, d.To, i18n.WebSearchTo, &d.Errors)
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		d.Errors = append(d.Errors, i18n.T(l, i18n.WebSearchBadRange))
	}
	if len(d.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "use", d)
		return
	}
	f, err := s.Ledger.Fund(ctx, fund.Code)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	uses, items, districts, err := s.readUse(r, l, f.ID, from, to)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	bars := make([]bar, 0, len(uses))
	for _, u := range uses {
		row := useRow{DistrictUse: u, Name: districtName(l, districts, u.District), Goods: items.list(u.Goods), GoodsToOrgs: items.list(u.GoodsToOrgs)}
		d.Rows = append(d.Rows, row)
		d.Total.Households += u.Households
		d.Total.PaidHouseholds += u.PaidHouseholds
		d.Total.Organisations += u.Organisations
		d.Total.ToHouseholds = d.Total.ToHouseholds.Add(u.ToHouseholds)
		d.Total.ToOrgs = d.Total.ToOrgs.Add(u.ToOrgs)
		d.Total.GoodsToOrgsValue = d.Total.GoodsToOrgsValue.Add(u.GoodsToOrgsValue)
		d.HasOrgs = d.HasOrgs || u.Organisations > 0
		bars = append(bars, bar{Label: row.Name, A: u.ToHouseholds, B: u.ToOrgs.Add(u.GoodsToOrgsValue)})
	}
	d.Chart = hbarChart(l, bars, i18n.T(l, i18n.WebUseChartA), i18n.T(l, i18n.WebUseChartB), i18n.T(l, i18n.WebUseChartTitle))
	if d.Trips, err = s.useTrips(r, items, f.ID, from, to); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "use", d)
}

func districtName(l i18n.Lang, names map[string]string, code string) string {
	if code == "" {
		return i18n.T(l, i18n.ProvinceLevel)
	}
	if n, ok := names[code]; ok {
		return n
	}
	return code
}

// pickFund finds the fund a page asked for by code, or the first fund
// when none was asked; ok is false for an unknown code (the first fund is
// shown with a message). funds receives every fund, for the form.
func (s *Server) pickFund(r *http.Request, funds *[]fundView, code string) (fundView, bool, error) {
	sums, err := s.Ledger.FundSummaries(r.Context())
	if err != nil {
		return fundView{}, false, err
	}
	l := lang(r)
	var picked *fundView
	for _, f := range sums {
		*funds = append(*funds, fundFigures(l, f))
		if strings.EqualFold(f.Code, code) {
			v := (*funds)[len(*funds)-1]
			picked = &v
		}
	}
	if picked != nil {
		return *picked, true, nil
	}
	if len(*funds) == 0 {
		return fundView{}, code == "", nil
	}
	return (*funds)[0], code == "", nil
}

type itemNames map[string]ledger.Item

// readUse reads a fund's use by district with the names of its items and
// districts, as the page and its CSV show them.
func (s *Server) readUse(r *http.Request, l i18n.Lang, fundID int64, from, to ledger.Date) ([]distribution.DistrictUse, itemNames, map[string]string, error) {
	uses, err := s.Distribution.Use(r.Context(), fundID, from, to)
	if err != nil {
		return nil, nil, nil, err
	}
	items, err := s.itemNames(r, l)
	if err != nil {
		return nil, nil, nil, err
	}
	return uses, items, s.Households.DistrictNames(), nil
}

func (s *Server) itemNames(r *http.Request, l i18n.Lang) (itemNames, error) {
	items, err := s.Ledger.Items(r.Context())
	if err != nil {
		return nil, err
	}
	out := itemNames{}
	for _, it := range items {
		if l == i18n.EN && it.NameEN != "" {
			it.NameVI = it.NameEN
		}
		out[it.Code] = it
	}
	return out, nil
}

func (n itemNames) list(m map[string]decimal.Decimal) []goodsQty {
	var out []goodsQty
	for _, code := range slices.Sorted(maps.Keys(m)) {
		it, ok := n[code]
		if !ok {
			it = ledger.Item{NameVI: code}
		}
		out = append(out, goodsQty{Name: it.NameVI, Qty: m[code], Unit: it.Unit})
	}
	return out
}

// earmarkText says what a donor earmarked a gift for, as the workbooks do:
// a district by name, a category of households, or a purpose.
func earmarkText(l i18n.Lang, districts map[string]string, e string) string {
	kind, value, ok := strings.Cut(e, ":")
	if !ok {
		return e
	}
	switch kind {
	case "district":
		return districtName(l, districts, value)
	case "category":
		return i18n.Value(l, "category", value)
	case "purpose":
		return i18n.F(l, i18n.EarmarkPurpose, value)
	}
	return e
}
