package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/donations"
	"reliefledger/goods"
	"reliefledger/ledger"
)

// Moving goods: a transfer between warehouses and an issue to an
// organisation (a checkpoint, a quarantine site, a relief trip), through
// goods.Service's Transfer and Issue as POST /api/v1/stock/transfers and
// /issues. A district officer moves goods out of their district's
// warehouses only (the service's scope, as the API's).

const (
	routeTransfer = "POST /api/v1/stock/transfers"
	routeIssue    = "POST /api/v1/stock/issues"
)

// moveForm is both forms' values as typed.
type moveForm struct {
	Fund, From, To, Warehouse, Item, Quantity, Designation, Date, Note, Recipient, Purpose string
}

type movesPage struct {
	consoleFrame
	CSRF                      string
	TransferIdem, IssueIdem   string
	MayTransfer, MayIssue     bool
	Transfer, Issue           moveForm
	TransferErrs, IssueErrs   formErrors
	Funds                     []ledger.FundSummary
	Items                     []ledger.Item
	Warehouses, AllWarehouses []fundWarehouseOption
	Districts                 []fundDistrictOption
	Moved                     int64 // the entry just recorded
}

func (s *Server) fillMoves(r *http.Request, u consoleUser, page *movesPage) error {
	ctx := r.Context()
	var err error
	if page.Funds, err = s.Ledger.FundSummaries(ctx); err != nil {
		return err
	}
	if page.Items, err = s.Ledger.Items(ctx); err != nil {
		return err
	}
	whs, err := s.Goods.Warehouses(ctx)
	if err != nil {
		return err
	}
	for _, wh := range whs {
		o := fundWarehouseOption{Code: wh.Code, Name: wh.Name}
		page.AllWarehouses = append(page.AllWarehouses, o)
		if u.User.Role != access.DistrictOfficer || wh.District == u.User.District {
			page.Warehouses = append(page.Warehouses, o)
		}
	}
	page.Districts = s.fundDistricts()
	page.MayTransfer, page.MayIssue = u.may[routeTransfer], u.may[routeIssue]
	page.CSRF = u.CSRF
	if page.TransferIdem == "" {
		page.TransferIdem = newFormKey()
	}
	if page.IssueIdem == "" {
		page.IssueIdem = newFormKey()
	}
	return nil
}

func (s *Server) consoleMoves(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, routeTransfer)
	if !ok {
		return
	}
	today := ledger.DateOf(time.Now()).String()
	page := movesPage{consoleFrame: s.frame(u), Transfer: moveForm{Date: today, To: r.URL.Query().Get("to")}, Issue: moveForm{Date: today}}
	if u.User.Role != access.DistrictOfficer {
		// Goods usually leave the province's warehouse.
		page.Transfer.From, page.Issue.Warehouse = donations.DefaultWarehouse, donations.DefaultWarehouse
	}
	page.Moved, _ = strconv.ParseInt(r.URL.Query().Get("moved"), 10, 64)
	if err := s.fillMoves(r, u, &page); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "console_fund_moves", page)
}

// readMove reads a posted move form; bad numbers and dates are field errors.
func readMove(r *http.Request) (moveForm, decimal.Decimal, ledger.Date, rl.Fields) {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := moveForm{Fund: v("fund"), From: v("from"), To: v("to"), Warehouse: v("warehouse"), Item: v("item"), Quantity: v("quantity"),
		Designation: v("designation"), Date: v("date"), Note: v("note"), Recipient: v("recipient"), Purpose: v("purpose")}
	var fe rl.Fields
	var qty decimal.Decimal
	if f.Quantity == "" {
		fe.Add("quantity", "is required (the item's unit)")
	} else if d, err := decimal.NewFromString(groupedDigits(f.Quantity)); err != nil {
		fe.Add("quantity", "%q is not a number", f.Quantity)
	} else {
		qty = d
	}
	var date ledger.Date
	if f.Date != "" {
		d, err := ledger.ParseDate(f.Date)
		if err != nil {
			fe.Add("date", "%q is not a date (YYYY-MM-DD)", f.Date)
		}
		date = d
	}
	return f, qty, date, fe
}

// consoleMove records a transfer (issue false) or an issue.
func (s *Server) consoleMove(issue bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		route, path := routeTransfer, "/console/stock/transfers"
		if issue {
			route, path = routeIssue, "/console/stock/issues"
		}
		u, ok := s.consoleWrite(w, r, route, 0)
		if !ok {
			return
		}
		form, qty, date, fe := readMove(r)
		page := movesPage{consoleFrame: s.frame(u)}
		today := ledger.DateOf(time.Now()).String()
		if issue {
			page.Issue, page.IssueIdem, page.Transfer = form, r.PostFormValue(idemField), moveForm{Date: today}
		} else {
			page.Transfer, page.TransferIdem, page.Issue = form, r.PostFormValue(idemField), moveForm{Date: today}
		}
		refuse := func(err error) {
			errs, ok := errorsOf(err)
			if !ok {
				s.serverError(w, r, err)
				return
			}
			errs = s.translateErrors(lang(r), errs)
			if issue {
				page.IssueErrs = errs
			} else {
				page.TransferErrs = errs
			}
			if err := s.fillMoves(r, u, &page); err != nil {
				s.serverError(w, r, err)
				return
			}
			s.render(w, r, statusOf(err), "console_fund_moves", page)
		}
		if err := fe.Err(); err != nil {
			refuse(err)
			return
		}
		a, err := formActor(u, r)
		if err != nil {
			refuse(err)
			return
		}
		scope := ""
		if u.User.Role == access.DistrictOfficer {
			scope = u.User.District
		}
		ctx, audited := s.inAudit(r, u, path, "", http.StatusCreated)
		var e ledger.Entry
		if issue {
			e, _, err = s.Goods.Issue(ctx, a, scope, goods.IssueInput{Fund: form.Fund, Warehouse: form.Warehouse, Item: form.Item,
				Quantity: qty, Designation: form.Designation, Date: date, Recipient: form.Recipient, Purpose: form.Purpose})
		} else {
			e, _, err = s.Goods.Transfer(ctx, a, scope, goods.TransferInput{Fund: form.Fund, From: form.From, To: form.To,
				Item: form.Item, Quantity: qty, Designation: form.Designation, Date: date, Note: form.Note})
		}
		if err != nil {
			refuse(err)
			return
		}
		if err := audited(); err != nil {
			s.serverError(w, r, err)
			return
		}
		http.Redirect(w, r, "/console/stock/moves?moved="+strconv.FormatInt(e.ID, 10), http.StatusSeeOther)
	}
}
