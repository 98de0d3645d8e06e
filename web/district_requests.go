package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/distribution"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// A district's allocation requests: file one (the call behind POST
// /api/v1/allocation-requests) and follow their status (GET
// /api/v1/allocation-requests and /{id}); a district officer sees and
// files their district's only.

const (
	requestsRoute      = "GET /api/v1/allocation-requests"
	requestRoute       = "GET /api/v1/allocation-requests/{id}"
	requestCreateRoute = "POST /api/v1/allocation-requests"
)

type requestForm struct {
	Fund, District, Item, Amount, Households, Reason string
}

type requestsPage struct {
	consoleFrame
	Districts   []districtOption
	Funds       []ledger.FundSummary
	Rows        []distribution.Request
	First, Next string
	CanFile     bool
	Form        requestForm
	CSRF, Idem  string
	Errors      formErrors
	Filed       int64
	ListErrors  []string
}

func (s *Server) requestsPageOf(r *http.Request, u consoleUser) (requestsPage, int, error) {
	ctx, q, l := r.Context(), r.URL.Query(), lang(r)
	page := requestsPage{consoleFrame: s.frame(u), CanFile: u.may[requestCreateRoute], CSRF: u.CSRF, Idem: newFormKey()}
	if districtScope(u) == "" {
		page.Districts = s.districtOptions()
	}
	var err error
	if page.Funds, err = s.Ledger.FundSummaries(ctx); err != nil {
		return page, 0, err
	}
	limit := pageLimit(l, q.Get("limit"), &page.ListErrors)
	after, ok := parseCursor(q.Get("cursor"))
	if !ok {
		page.ListErrors = append(page.ListErrors, i18n.T(l, i18n.ConsoleBadCursor))
	}
	if len(page.ListErrors) > 0 {
		return page, http.StatusBadRequest, nil
	}
	// Newest first is what a district follows; the API's cursor runs by
	// ID, so the page reads its window and shows it reversed.
	rs, err := s.Distribution.Requests(ctx, distribution.RequestFilter{AfterID: after, Limit: limit + 1}, districtScope(u))
	if err != nil {
		return page, 0, err
	}
	rs, page.First, page.Next = pageLinks(r, rs, limit, func(x distribution.Request) int64 { return x.ID })
	for i := len(rs) - 1; i >= 0; i-- {
		page.Rows = append(page.Rows, rs[i])
	}
	return page, http.StatusOK, nil
}

func (s *Server) consoleRequests(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, requestsRoute)
	if !ok {
		return
	}
	page, status, err := s.requestsPageOf(r, u)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page.Filed, _ = strconv.ParseInt(r.URL.Query().Get("filed"), 10, 64)
	s.render(w, r, status, "console_district_requests", page)
}

// parseQuantity reads an amount as people write it: đồng with thousands
// separators (50.000.000), or a quantity of an item (12,5 or 12.5).
func parseQuantity(v string, money bool) (decimal.Decimal, error) {
	v = strings.ReplaceAll(strings.TrimSpace(v), " ", "")
	if money {
		v = strings.NewReplacer(".", "", ",", "").Replace(v)
	} else {
		v = strings.ReplaceAll(v, ",", ".")
	}
	return decimal.NewFromString(v)
}

func (s *Server) consoleFileRequest(w http.ResponseWriter, r *http.Request) {
	u, ok := s.consoleWrite(w, r, requestCreateRoute, 0)
	if !ok {
		return
	}
	l, pf := lang(r), r.PostForm
	form := requestForm{Fund: pf.Get("fund"), District: pf.Get("district"), Item: strings.TrimSpace(pf.Get("item")),
		Amount: pf.Get("amount"), Households: strings.TrimSpace(pf.Get("households")), Reason: pf.Get("reason")}
	in := distribution.RequestInput{Fund: form.Fund, District: form.District, Item: form.Item, Reason: form.Reason}
	if districtScope(u) != "" {
		in.District = districtScope(u)
	}
	var fe rl.Fields
	amt, err := parseQuantity(form.Amount, form.Item == "")
	if err != nil {
		fe.Add("amount", "%s", i18n.T(l, i18n.ConsoleDistrictBadAmount))
	}
	in.Amount = amt
	if form.Households != "" {
		if in.Households, err = strconv.Atoi(form.Households); err != nil {
			fe.Add("households", "%s", i18n.T(l, i18n.ConsoleDistrictBadHouseholds))
		}
	}
	err = fe.Err()
	var req distribution.Request
	if err == nil {
		var a ledger.Actor
		if a, err = formActor(u, r); err == nil {
			req, _, err = s.Distribution.FileRequest(r.Context(), a, districtScope(u), in)
		}
	}
	status := http.StatusCreated
	if err != nil {
		status = statusOf(err)
	}
	if aerr := s.auditWrite(r, u, "/console/requests", "allocation-request:"+strconv.FormatInt(req.ID, 10), status, 0, 0); aerr != nil {
		s.serverError(w, r, aerr)
		return
	}
	if err == nil {
		http.Redirect(w, r, "/console/requests?filed="+strconv.FormatInt(req.ID, 10), http.StatusSeeOther)
		return
	}
	errs, ok := errorsOf(err)
	if !ok {
		s.serverError(w, r, err)
		return
	}
	page, _, perr := s.requestsPageOf(r, u)
	if perr != nil {
		s.serverError(w, r, perr)
		return
	}
	page.Form, page.Errors, page.Idem = form, errs, pf.Get(idemField)
	s.render(w, r, status, "console_district_requests", page)
}

type requestPage struct {
	consoleFrame
	Request      distribution.Request
	DistrictName string
}

func (s *Server) consoleRequest(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, requestRoute)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return
	}
	req, err := s.Distribution.Request(r.Context(), id, districtScope(u))
	if rl.ErrorKind(err) == rl.NotFound {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "console_district_request", requestPage{consoleFrame: s.frame(u), Request: req,
		DistrictName: s.Households.DistrictNames()[req.District]})
}
