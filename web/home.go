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
	Funds []fundView
}

// home shows each fund: received, distributed, on hand.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	sums, err := s.Ledger.FundSummaries(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	l := lang(r)
	var d homeData
	for _, f := range sums {
		d.Funds = append(d.Funds, fundFigures(l, f))
	}
	s.render(w, r, http.StatusOK, "home", d)
}
