package web

import (
	"net/http"

	"github.com/shopspring/decimal"

	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// fundView is one fund's figures as GET /api/v1/public/funds gives them:
// the ledger's balances by account type, signs turned so that each reads
// as a positive amount.
type fundView struct {
	Code, Name                                      string
	Opening, Received, Distributed, Payable, OnHand decimal.Decimal
}

func fundFigures(l i18n.Lang, f ledger.FundSummary) fundView {
	name := f.NameVI
	if l == i18n.EN && f.NameEN != "" {
		name = f.NameEN
	}
	return fundView{Code: f.Code, Name: name,
		Opening: f.ByType[ledger.NetAssets].Neg(), Received: f.ByType[ledger.Revenue].Neg(),
		Distributed: f.ByType[ledger.Expense], Payable: f.ByType[ledger.Liability].Neg(), OnHand: f.ByType[ledger.Asset]}
}

type homeData struct {
	Funds []homeFund
}

type homeFund struct {
	fundView
	Chart   chart
	Periods []periodRow
}

type periodRow struct {
	Name                  string
	Received, Distributed decimal.Decimal
}

// home shows each fund: received, distributed, on hand.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	sums, err := s.Ledger.FundSummaries(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	accs, err := s.Ledger.AccountsByID(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	l := lang(r)
	var d homeData
	for _, f := range sums {
		hf := homeFund{fundView: fundFigures(l, f)}
		t, err := s.fundTimeline(r.Context(), f.ID, accs)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		bars := make([]bar, len(t.Periods))
		for i, p := range t.Periods {
			bars[i] = bar{Label: t.label(l, p.Start), A: p.Received, B: p.Distributed}
			hf.Periods = append(hf.Periods, periodRow{Name: t.name(l, p.Start), Received: p.Received, Distributed: p.Distributed})
		}
		unit := i18n.T(l, i18n.WebMonth)
		if t.Weekly {
			unit = i18n.T(l, i18n.WebWeek)
		}
		hf.Chart = vbarChart(l, bars, i18n.T(l, i18n.WebHomeChartA), i18n.T(l, i18n.WebHomeChartB),
			i18n.F(l, i18n.WebHomeChartTitle, hf.Name, unit), "chart-"+f.Code)
		d.Funds = append(d.Funds, hf)
	}
	s.render(w, r, http.StatusOK, "home", d)
}
