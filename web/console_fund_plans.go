package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/distribution"
	"reliefledger/households"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// Allocation plans as the fund officer drafts them: the list, the draft
// form (rates per household or a budget split by weighted need), and a
// plan's page with the per-district explanation and whether its source
// covers it. A draft is what the approvers' queue shows: recording it is
// sending it for approval. They go through the same
// distribution.Service calls as the API's routes they name.

const (
	routePlans      = "GET /api/v1/allocation-plans"
	routePlan       = "GET /api/v1/allocation-plans/{id}"
	routeCreatePlan = "POST /api/v1/allocation-plans"
)

type fundPlansPage struct {
	consoleFrame
	Funds         []ledger.FundSummary
	Fund, Status  string
	Plans         []distribution.Plan
	MayDraft      bool
	First, Next   string
	Errors        []string
	StatusChoices []string
}

func (s *Server) consoleFundPlans(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, routePlans)
	if !ok {
		return
	}
	ctx, q, l := r.Context(), r.URL.Query(), lang(r)
	page := fundPlansPage{consoleFrame: s.frame(u), Fund: q.Get("fund"), Status: q.Get("status"), MayDraft: u.may[routeCreatePlan],
		StatusChoices: []string{distribution.Draft, distribution.Approved}}
	funds, err := s.Ledger.FundSummaries(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page.Funds = funds
	limit := pageLimit(l, q.Get("limit"), &page.Errors)
	f := distribution.PlanFilter{Limit: limit + 1}
	switch page.Status {
	case "", distribution.Draft, distribution.Approved:
		f.Status = page.Status
	default:
		page.Errors = append(page.Errors, i18n.F(l, i18n.ConsoleFundBadStatus, page.Status))
	}
	after := formCursor(l, q, &page.Errors)
	f.AfterID = after
	fundID, err := s.formFund(ctx, l, page.Fund, &page.Errors)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f.FundID = fundID
	if len(page.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "console_fund_plans", page)
		return
	}
	ps, err := s.Distribution.Plans(ctx, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page.Plans, page.First, page.Next = pageLinks(r, ps, limit, func(p distribution.Plan) int64 { return p.ID })
	s.render(w, r, http.StatusOK, "console_fund_plans", page)
}

// planForm is the draft form's values as typed.
type planForm struct {
	Fund, Title, Item, Source, Designation, Method string
	RatePoor, RateNearPoor                         string
	Budget, Unit, WeightPoor, WeightNearPoor       string
	PerMember                                      bool
	Districts                                      map[string]bool
}

type fundPlanFormPage struct {
	consoleFrame
	CSRF, Idem string
	Form       planForm
	Funds      []ledger.FundSummary
	Items      []ledger.Item
	Warehouses []fundWarehouseOption
	Districts  []fundDistrictOption
	Errors     formErrors
}

func (s *Server) fillPlanForm(r *http.Request, page *fundPlanFormPage) error {
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
		page.Warehouses = append(page.Warehouses, fundWarehouseOption{Code: wh.Code, Name: wh.Name})
	}
	page.Districts = s.fundDistricts()
	return nil
}

func (s *Server) consoleFundPlanForm(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, routeCreatePlan)
	if !ok {
		return
	}
	page := fundPlanFormPage{consoleFrame: s.frame(u), CSRF: u.CSRF, Idem: newFormKey(),
		Form: planForm{Fund: r.URL.Query().Get("fund"), Method: string(distribution.Rates), Unit: "1000"}}
	if err := s.fillPlanForm(r, &page); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "console_fund_plan_new", page)
}

// consoleFundCreatePlan records a draft plan as POST
// /api/v1/allocation-plans does, then shows it.
func (s *Server) consoleFundCreatePlan(w http.ResponseWriter, r *http.Request) {
	u, ok := s.consoleWrite(w, r, routeCreatePlan, 0)
	if !ok {
		return
	}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	form := planForm{Fund: v("fund"), Title: v("title"), Item: v("item"), Source: v("source"), Designation: v("designation"), Method: v("method"),
		RatePoor: v("rates.poor"), RateNearPoor: v("rates.near_poor"), Budget: v("budget"), Unit: v("unit"),
		WeightPoor: v("weights.poor"), WeightNearPoor: v("weights.near_poor"), PerMember: r.PostFormValue("per_member") != "", Districts: map[string]bool{}}
	var fe rl.Fields
	dec := func(field, s string) decimal.NullDecimal {
		if s == "" {
			return decimal.NullDecimal{}
		}
		d, err := decimal.NewFromString(groupedDigits(s))
		if err != nil {
			fe.Add(field, "%q is not a number", s)
			return decimal.NullDecimal{}
		}
		return decimal.NullDecimal{Decimal: d, Valid: true}
	}
	categories := func(field, poor, near string) map[string]decimal.Decimal {
		out := map[string]decimal.Decimal{}
		for k, s := range map[string]string{string(households.Poor): poor, string(households.NearPoor): near} {
			if d := dec(field+"."+k, s); d.Valid {
				out[k] = d.Decimal
			}
		}
		return out
	}
	in := distribution.PlanInput{Fund: form.Fund, Title: form.Title, Item: form.Item, Source: form.Source, Designation: form.Designation,
		Method: distribution.Method(form.Method), PerMember: form.PerMember}
	if in.Method == distribution.Budget {
		in.Budget, in.Unit = dec("budget", form.Budget), dec("unit", form.Unit)
		in.Weights = categories("weights", form.WeightPoor, form.WeightNearPoor)
	} else {
		in.Rates = categories("rates", form.RatePoor, form.RateNearPoor)
	}
	for _, d := range r.PostForm["districts"] {
		form.Districts[d] = true
		in.Districts = append(in.Districts, d)
	}
	page := fundPlanFormPage{consoleFrame: s.frame(u), CSRF: u.CSRF, Idem: r.PostFormValue(idemField), Form: form}
	refuse := func(err error) {
		errs, ok := errorsOf(err)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		page.Errors = s.translateErrors(lang(r), errs)
		if page.Idem == "" {
			page.Idem = newFormKey()
		}
		if err := s.fillPlanForm(r, &page); err != nil {
			s.serverError(w, r, err)
			return
		}
		s.render(w, r, statusOf(err), "console_fund_plan_new", page)
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
	ctx, audited := s.inAudit(r, u, "/console/plans/new", "", http.StatusCreated)
	p, _, err := s.Distribution.CreatePlan(ctx, a, in)
	if err != nil {
		refuse(err)
		return
	}
	if err := audited(); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/plans/"+strconv.FormatInt(p.ID, 10)+"?created=1", http.StatusSeeOther)
}

type fundPlanPage struct {
	consoleFrame
	distribution.Preview
	Created   bool
	ItemName  string
	Unit      string
	Districts map[string]string
	Earmark   string
}

// CountOf is a district's households of a category in the plan's scope.
func (p fundPlanPage) CountOf(d distribution.DistrictShare, c string) int {
	return d.Households[households.Category(c)]
}

func (s *Server) consoleFundPlan(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, routePlan)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return
	}
	p, err := s.Distribution.PlanWithCover(r.Context(), id)
	if rl.ErrorKind(err) == rl.NotFound {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	l := lang(r)
	page := fundPlanPage{consoleFrame: s.frame(u), Preview: p, Created: r.URL.Query().Get("created") == "1", Districts: map[string]string{}}
	if s.Households != nil {
		page.Districts = s.Households.DistrictNames()
	}
	if p.Designation != "" {
		page.Earmark = earmarkText(l, page.Districts, p.Designation)
	}
	if p.Item != "" {
		items, err := s.itemNames(r, l)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		page.ItemName, page.Unit = items[p.Item].NameVI, items[p.Item].Unit
	}
	s.render(w, r, http.StatusOK, "console_fund_plan", page)
}
