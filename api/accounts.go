package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
	"reliefledger/ledger"
)

func (s *Server) listAccounts(c *gin.Context) {
	limit, after, err := page(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	f := ledger.AccountFilter{Type: ledger.AccountType(c.Query("type")), AfterID: after, Limit: limit + 1, District: districtScope(c)}
	if f.Type != "" && !f.Type.Valid() {
		s.fail(c, rl.InvalidFields(rl.FieldError{Field: "type", Message: "must be one of asset, liability, net_assets, revenue, expense"}))
		return
	}
	if f.FundID, err = s.fundParam(c); err != nil {
		s.fail(c, err)
		return
	}
	accs, err := s.Ledger.Accounts(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, paged(accs, limit, func(a ledger.Account) int64 { return a.ID }, func(a ledger.Account) accountJSON { return accountOut(a) }))
}

func (s *Server) createAccount(c *gin.Context) {
	var req accountCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	d := req.Dimensions
	acc, replayed, err := s.Ledger.CreateAccount(c.Request.Context(), actor(c), ledger.AccountInput{
		Fund: req.Fund, Code: req.Code, Name: req.Name, Type: ledger.AccountType(req.Type), NonNegative: req.NonNegative,
		Dimensions: ledger.Dimensions{District: d.District, Warehouse: d.Warehouse, Item: d.Item, Designation: d.Designation},
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "account", acc.ID)
	created(c, replayed, accountOut(acc))
}

func (s *Server) getAccountBalance(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var fe rl.Fields
	asOf := queryDate(c, "as_of", &fe)
	if err := fe.Err(); err != nil {
		s.fail(c, err)
		return
	}
	acc, bals, err := s.Ledger.AccountBalances(c.Request.Context(), id, asOf)
	if err == nil && !visibleDistrict(c, acc.Dimensions.District) {
		err = rl.Errorf(rl.NotFound, "no account with id %d", id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	out := accountBalanceJSON{Account: accountOut(acc), Balances: []balanceJSON{}}
	if !asOf.IsZero() {
		out.AsOf = asOf.String()
	}
	for _, b := range bals {
		out.Balances = append(out.Balances, balanceJSON{Asset: b.Asset, Amount: b.Amount.String()})
	}
	c.JSON(http.StatusOK, out)
}
