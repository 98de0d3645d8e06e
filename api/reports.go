package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
	"reliefledger/ledger"
)

// trialBalance reads fund and as_of and computes the trial balance.
func (s *Server) trialBalance(c *gin.Context) (ledger.TrialBalance, error) {
	var fe rl.Fields
	fund := c.Query("fund")
	if fund == "" {
		fe.Add("fund", "is required, e.g. fund=POOR")
	}
	asOf := queryDate(c, "as_of", &fe)
	if err := fe.Err(); err != nil {
		return ledger.TrialBalance{}, err
	}
	return s.Ledger.TrialBalanceOf(c.Request.Context(), fund, asOf)
}

func (s *Server) getTrialBalance(c *gin.Context) {
	tb, err := s.trialBalance(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := trialBalanceJSON{Fund: tb.Fund.Code, AsOf: tb.AsOf.String(), Rows: []trialRowJSON{},
		TotalDebit: tb.TotalDebit.String(), TotalCredit: tb.TotalCredit.String(), Balanced: tb.Balanced()}
	for _, r := range tb.Rows {
		out.Rows = append(out.Rows, trialRowJSON{AccountID: r.Account.ID, Account: r.Account.FundCode + ":" + r.Account.Code,
			Name: r.Account.Name, Type: string(r.Account.Type), Debit: r.Debit.String(), Credit: r.Credit.String()})
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) verifyLedger(c *gin.Context) {
	r, err := s.Ledger.Verify(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	if !r.OK() {
		s.Log.Error("ledger verification found problems", "problems", len(r.Problems), "request_id", requestID(c))
	}
	c.JSON(http.StatusOK, verifyOut(r))
}

func verifyOut(r ledger.Report) verifyJSON {
	out := verifyJSON{OK: r.OK(), Entries: r.Entries, Postings: r.Postings, Balances: r.Balances,
		Head: headJSON{LastID: r.Head.LastID, LastHash: r.Head.LastHash}, Problems: problemsOut(r.Problems)}
	return out
}

func (s *Server) listItems(c *gin.Context) {
	items, err := s.Ledger.Items(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := listJSON[itemJSON]{Data: []itemJSON{}}
	for _, it := range items {
		out.Data = append(out.Data, itemJSON{Code: it.Code, NameVI: it.NameVI, NameEN: it.NameEN, Unit: it.Unit, Scale: it.Scale})
	}
	c.JSON(http.StatusOK, out)
}
