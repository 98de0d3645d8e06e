package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/distribution"
	"reliefledger/goods"
	"reliefledger/households"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// The approver's pages: the queue of draft plans and pending requests,
// a plan with its allocation explained district by district and what its
// source holds, a request with what the fund holds; the approval and the
// decision forms call the same service methods as
// POST /api/v1/allocation-plans/{id}/approve and
// POST /api/v1/allocation-requests/{id}/decision.

// The API routes the approver's pages stand for.
const (
	approvePlanRoute   = "POST /api/v1/allocation-plans/{id}/approve"
	decideRequestRoute = "POST /api/v1/allocation-requests/{id}/decision"
)

type approvalsPage struct {
	consoleFrame
	Plans                 []distribution.Plan
	Requests              []distribution.Request
	PlansFirst, PlansNext string
	ReqFirst, ReqNext     string
	DistrictNames         map[string]string
	Errors                []string
}

// namedPageLinks is pageLinks for a page with two lists, each paged by a
// cursor parameter of its own.
func namedPageLinks[T any](r *http.Request, rows []T, limit int, param string, id func(T) int64) (kept []T, first, next string) {
	if r.URL.Query().Get(param) != "" {
		q := r.URL.Query()
		q.Del(param)
		first = "?" + q.Encode()
	}
	if len(rows) > limit {
		rows = rows[:limit]
		q := r.URL.Query()
		q.Set(param, cursorAfter(id(rows[len(rows)-1])))
		next = "?" + q.Encode()
	}
	return rows, first, next
}

func (s *Server) consoleApprovals(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, approvePlanRoute)
	if !ok {
		return
	}
	ctx, q, l := r.Context(), r.URL.Query(), lang(r)
	page := approvalsPage{consoleFrame: s.frame(u), DistrictNames: s.Households.DistrictNames()}
	limit := pageLimit(l, q.Get("limit"), &page.Errors)
	planAfter, ok1 := parseCursor(q.Get("plans_cursor"))
	reqAfter, ok2 := parseCursor(q.Get("requests_cursor"))
	if !ok1 || !ok2 {
		page.Errors = append(page.Errors, i18n.T(l, i18n.ConsoleBadCursor))
	}
	if len(page.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "console_approve_queue", page)
		return
	}
	ps, err := s.Distribution.Plans(ctx, distribution.PlanFilter{Status: distribution.Draft, AfterID: planAfter, Limit: limit + 1})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page.Plans, page.PlansFirst, page.PlansNext = namedPageLinks(r, ps, limit, "plans_cursor", func(p distribution.Plan) int64 { return p.ID })
	rs, err := s.Distribution.Requests(ctx, distribution.RequestFilter{Status: distribution.Pending, AfterID: reqAfter, Limit: limit + 1}, "")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page.Requests, page.ReqFirst, page.ReqNext = namedPageLinks(r, rs, limit, "requests_cursor", func(r distribution.Request) int64 { return r.ID })
	s.render(w, r, http.StatusOK, "console_approve_queue", page)
}

// planShareRow is a district's line of a plan's allocation.
type planShareRow struct {
	distribution.DistrictShare
	Name           string
	Poor, NearPoor int
}

// excludedRow is a district an approver left out of a plan.
type excludedRow struct {
	distribution.ExcludedDistrict
	Name string
}

type approvePlanPage struct {
	consoleFrame
	Plan         distribution.Plan
	Cover        distribution.Cover
	Shares       []planShareRow
	Excluded     []excludedRow
	Left         map[string]bool // the form's districts left out (unticked)
	Reason       string          // the form's reason for leaving them out
	Own          bool            // drafted by the signed-in user: no form
	Done         bool            // just approved
	CSRF, Idem   string
	Date         string
	Errors       formErrors
	DistrictList string
}

// pathID reads a positive {id}; false when there is none (the page answers
// 404).
func pathInt(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// planPage reads plan id for its page; ok false when it has answered.
func (s *Server) planPage(w http.ResponseWriter, r *http.Request, u consoleUser) (approvePlanPage, bool) {
	id, ok := pathInt(r)
	if !ok {
		s.notFound(w, r)
		return approvePlanPage{}, false
	}
	p, err := s.Distribution.PlanWithCover(r.Context(), id)
	if rl.ErrorKind(err) == rl.NotFound {
		s.notFound(w, r)
		return approvePlanPage{}, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return approvePlanPage{}, false
	}
	page := approvePlanPage{consoleFrame: s.frame(u), Plan: p.Plan, Cover: p.Cover, Own: p.CreatedBy == u.User.ID,
		CSRF: u.CSRF, Idem: newFormKey(), Date: ledger.DateOf(time.Now()).String(), Left: map[string]bool{}}
	names := s.Households.DistrictNames()
	for _, d := range p.Result.Districts {
		page.Shares = append(page.Shares, planShareRow{DistrictShare: d, Name: names[d.District],
			Poor: d.Households[households.Poor], NearPoor: d.Households[households.NearPoor]})
	}
	for _, x := range p.Result.Excluded {
		page.Excluded = append(page.Excluded, excludedRow{ExcludedDistrict: x, Name: names[x.District]})
	}
	var ds []string
	for _, d := range p.Params.Districts {
		ds = append(ds, orElse(names[d], d))
	}
	page.DistrictList = strings.Join(ds, ", ")
	return page, true
}

func (s *Server) consolePlan(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, approvePlanRoute)
	if !ok {
		return
	}
	page, ok := s.planPage(w, r, u)
	if !ok {
		return
	}
	page.Done = r.URL.Query().Get("done") == "1" && page.Plan.Status == distribution.Approved
	s.render(w, r, http.StatusOK, "console_approve_plan", page)
}

// consoleApprovePlan approves a draft plan as the API's approve does.
func (s *Server) consoleApprovePlan(w http.ResponseWriter, r *http.Request) {
	u, ok := s.consoleWrite(w, r, approvePlanRoute, 0)
	if !ok {
		return
	}
	page, ok := s.planPage(w, r, u)
	if !ok {
		return
	}
	l := lang(r)
	page.Date, page.Idem, page.Reason = r.PostFormValue("date"), r.PostFormValue(idemField), r.PostFormValue("reason")
	// Each district of the form is listed (a hidden field) and ticked
	// when approved: the listed ones not ticked are left out.
	in := distribution.PlanApproval{Reason: page.Reason}
	ticked := map[string]bool{}
	for _, d := range r.PostForm["district"] {
		ticked[d] = true
	}
	page.Left = map[string]bool{}
	for _, d := range r.PostForm["listed"] {
		if !ticked[d] && !page.Left[d] {
			page.Left[d] = true
			in.Exclude = append(in.Exclude, d)
		}
	}
	var date ledger.Date
	var err error
	if v := strings.TrimSpace(page.Date); v != "" {
		if date, err = ledger.ParseDate(v); err != nil {
			err = rl.InvalidFields(rl.FieldError{Field: "date", Message: i18n.T(l, i18n.ConsoleApproveBadDate)})
		}
	}
	var a ledger.Actor
	if err == nil {
		a, err = formActor(u, r)
	}
	const route = "/console/approvals/plans/{id}"
	target := fmt.Sprintf("allocation-plan:%d", page.Plan.ID)
	rq, areq := s.formRequest(r, u, route, target)
	var p distribution.Plan
	if err == nil {
		in.Date = date
		p, _, err = s.Distribution.ApprovePlan(rq.Context(), a, page.Plan.ID, in)
	}
	if !s.auditForm(w, r, u, areq, err) {
		return
	}
	if err != nil {
		page.Errors, _ = errorsOf(err)
		page.Errors = planFormErrors(l, page.Errors)
		s.render(w, r, statusOf(err), "console_approve_plan", page)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/console/approvals/plans/%d?done=1", p.ID), http.StatusSeeOther)
}

// auditForm writes the record of a form whose change did not commit one
// (refused, or a replay of an earlier post). On an internal error, or when
// the record cannot be written, it answers with the error page and
// returns false.
func (s *Server) auditForm(w http.ResponseWriter, r *http.Request, u consoleUser, req *rl.Request, err error) bool {
	status := http.StatusSeeOther
	if err != nil {
		if _, ok := errorsOf(err); !ok {
			s.serverError(w, r, err)
			return false
		}
		status = statusOf(err)
	}
	if !req.Audited() {
		if aerr := s.auditWrite(r, u, req.Route, req.Target, status, 0, 0); aerr != nil {
			s.serverError(w, r, aerr)
			return false
		}
	}
	return true
}

// holding is what one possible source of a request holds.
type holding struct {
	Source, Account string
	Holds           decimal.Decimal
}

type decideRequestPage struct {
	consoleFrame
	Request     distribution.Request
	ReqDistrict string // the request's district's name
	Holdings    []holding
	Own, Done   bool
	CSRF, Idem  string
	// The form's values.
	Decision, Amount, Reason, Source, Date string
	Errors                                 formErrors
}

func (s *Server) requestPage(w http.ResponseWriter, r *http.Request, u consoleUser) (decideRequestPage, bool) {
	id, ok := pathInt(r)
	if !ok {
		s.notFound(w, r)
		return decideRequestPage{}, false
	}
	ctx := r.Context()
	req, err := s.Distribution.Request(ctx, id, "")
	if rl.ErrorKind(err) == rl.NotFound {
		s.notFound(w, r)
		return decideRequestPage{}, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return decideRequestPage{}, false
	}
	page := decideRequestPage{consoleFrame: s.frame(u), Request: req, ReqDistrict: s.Households.DistrictNames()[req.District],
		Own: req.CreatedBy == u.User.ID, CSRF: u.CSRF, Idem: newFormKey(), Decision: "approve", Amount: req.Amount.String(),
		Date: ledger.DateOf(time.Now()).String()}
	if req.Kind == distribution.Goods {
		page.Source = goods.ProvinceWarehouse
		rows, err := s.Goods.Stock(ctx, goods.StockFilter{Fund: req.Fund, Item: req.Item}, ledger.Date{})
		if err != nil {
			s.serverError(w, r, err)
			return page, false
		}
		for _, row := range rows {
			if row.Designation == "" {
				page.Holdings = append(page.Holdings, holding{Source: row.Warehouse, Account: row.Warehouse, Holds: row.Quantity})
			}
		}
		return page, true
	}
	page.Source = "bank"
	for _, src := range []struct{ name, code string }{{"bank", "1120"}, {"cash", "1110"}} {
		acc, err := s.Ledger.AccountByCode(req.Fund, src.code)
		if err != nil {
			continue // a fund without the account holds nothing there
		}
		h := holding{Source: src.name, Account: req.Fund + ":" + src.code, Holds: decimal.Zero}
		bals, err := s.Ledger.Balances(ctx, ledger.Date{}, acc.ID)
		if err != nil {
			s.serverError(w, r, err)
			return page, false
		}
		for _, b := range bals {
			if b.Asset == ledger.AssetVND {
				h.Holds = b.Amount
			}
		}
		page.Holdings = append(page.Holdings, h)
	}
	return page, true
}

func (s *Server) consoleApprovalRequest(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, decideRequestRoute)
	if !ok {
		return
	}
	page, ok := s.requestPage(w, r, u)
	if !ok {
		return
	}
	page.Done = r.URL.Query().Get("done") == "1" && page.Request.Status != distribution.Pending
	s.render(w, r, http.StatusOK, "console_approve_request", page)
}

// consoleDecideRequest approves (in full or in part) or rejects a pending
// request, as the API's decision does.
func (s *Server) consoleDecideRequest(w http.ResponseWriter, r *http.Request) {
	u, ok := s.consoleWrite(w, r, decideRequestRoute, 0)
	if !ok {
		return
	}
	page, ok := s.requestPage(w, r, u)
	if !ok {
		return
	}
	l := lang(r)
	f := r.PostForm
	page.Decision, page.Amount, page.Reason, page.Source, page.Date, page.Idem =
		f.Get("decision"), f.Get("amount"), f.Get("reason"), f.Get("source"), f.Get("date"), f.Get(idemField)
	in := distribution.DecisionInput{Decision: page.Decision, Reason: page.Reason, Source: page.Source}
	var fe rl.Fields
	if v := strings.TrimSpace(page.Amount); v != "" && page.Decision == "approve" {
		d, err := decimal.NewFromString(strings.ReplaceAll(v, ",", ""))
		if err != nil {
			fe.Add("amount", "%s", i18n.T(l, i18n.ConsoleApproveBadAmount))
		}
		in.Amount = decimal.NullDecimal{Decimal: d, Valid: err == nil}
	}
	if v := strings.TrimSpace(page.Date); v != "" {
		d, err := ledger.ParseDate(v)
		if err != nil {
			fe.Add("date", "%s", i18n.T(l, i18n.ConsoleApproveBadDate))
		}
		in.Date = d
	}
	err := fe.Err()
	var a ledger.Actor
	if err == nil {
		a, err = formActor(u, r)
	}
	const route = "/console/approvals/requests/{id}"
	rq, areq := s.formRequest(r, u, route, fmt.Sprintf("allocation-request:%d", page.Request.ID))
	var req distribution.Request
	if err == nil {
		req, _, err = s.Distribution.Decide(rq.Context(), a, page.Request.ID, in)
	}
	if !s.auditForm(w, r, u, areq, err) {
		return
	}
	if err != nil {
		page.Errors, _ = errorsOf(err)
		s.render(w, r, statusOf(err), "console_approve_request", page)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/console/approvals/requests/%d?done=1", req.ID), http.StatusSeeOther)
}

// fairnessQuery is a fairness page's scope as a query string, for links
// between the fairness pages.
func fairnessQuery(fund, plan, from, to string) string {
	q := url.Values{}
	for k, v := range map[string]string{"fund": fund, "plan": plan, "from": from, "to": to} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q.Encode()
}

// planFormErrors puts the domain's refusals of a partial approval next to
// the form's inputs: the exclusions by the districts' list, the reason by
// its field, in the page's language.
func planFormErrors(l i18n.Lang, fe formErrors) formErrors {
	for k, m := range fe.Fields {
		switch {
		case k == "exclude_districts":
			m = i18n.T(l, i18n.ConsolePartialAllExcluded)
		case strings.HasPrefix(k, "exclude_districts["):
			m = i18n.T(l, i18n.ConsolePartialNotInPlan)
		case k == "reason" && strings.HasPrefix(m, "is required"):
			fe.Fields[k] = i18n.T(l, i18n.ConsolePartialReasonMissing)
			continue
		default:
			continue
		}
		delete(fe.Fields, k)
		fe.Fields["districts"] = m
	}
	return fe
}
