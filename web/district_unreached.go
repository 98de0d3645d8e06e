package web

import (
	"net/http"
	"strconv"

	rl "reliefledger"
	"reliefledger/distribution"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// The unreached households: eligible households of a plan (or of a fund
// over a period) that received nothing, as GET
// /api/v1/households/unreached lists them, of the officer's district.

type unreachedRow struct {
	distribution.Member
	CommuneName string
}

type unreachedPage struct {
	consoleFrame
	Districts            []districtOption
	DistrictPick         string
	Plans                []planOption
	Funds                []ledger.FundSummary
	Plan, Fund, From, To string
	Rows                 []unreachedRow
	Asked                bool
	First, Next          string
	Errors               []string
}

func (s *Server) consoleUnreached(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, unreachedRoute)
	if !ok {
		return
	}
	ctx, q, l := r.Context(), r.URL.Query(), lang(r)
	district, ok := s.pageDistrict(r, u, q.Get("district"))
	if !ok {
		s.notFound(w, r)
		return
	}
	page := unreachedPage{consoleFrame: s.frame(u), DistrictPick: district, Plan: q.Get("plan"), Fund: q.Get("fund"),
		From: q.Get("from"), To: q.Get("to")}
	if districtScope(u) == "" {
		page.Districts = s.districtOptions()
	}
	plans, err := s.plansFor(ctx, district)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page.Plans = plans
	if page.Funds, err = s.Ledger.FundSummaries(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	sc := distribution.Scope{District: district}
	if page.Plan != "" {
		// Only a plan this district has households in: any other number
		// is the 404 page, as a missing plan.
		id, err := strconv.ParseInt(page.Plan, 10, 64)
		found := false
		for _, p := range plans {
			found = found || (err == nil && p.ID == id)
		}
		if !found {
			s.notFound(w, r)
			return
		}
		sc.PlanID = id
	} else if page.Fund != "" {
		fund, err := s.Ledger.Fund(ctx, page.Fund)
		if rl.ErrorKind(err) == rl.NotFound {
			page.Errors = append(page.Errors, i18n.F(l, i18n.ConsoleUnknownFund, page.Fund))
		} else if err != nil {
			s.serverError(w, r, err)
			return
		}
		sc.FundID = fund.ID
		sc.From = s.formDate(l, page.From, i18n.WebSearchFrom, &page.Errors)
		sc.To = s.formDate(l, page.To, i18n.WebSearchTo, &page.Errors)
	} else {
		s.render(w, r, http.StatusOK, "console_district_unreached", page)
		return
	}
	page.Asked = true
	limit := pageLimit(l, q.Get("limit"), &page.Errors)
	after := formCursor(l, q, &page.Errors)
	if len(page.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "console_district_unreached", page)
		return
	}
	ms, err := s.Distribution.Unreached(ctx, sc, after, limit+1)
	if errs, shown := errorsOf(err); err != nil && shown && rl.ErrorKind(err) == rl.Invalid {
		page.Errors = append(page.Errors, errs.General...)
		for k, v := range errs.Fields {
			page.Errors = append(page.Errors, k+": "+v)
		}
		s.render(w, r, http.StatusBadRequest, "console_district_unreached", page)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ms, page.First, page.Next = pageLinks(r, ms, limit, func(m distribution.Member) int64 { return m.ID })
	for _, m := range ms {
		page.Rows = append(page.Rows, unreachedRow{Member: m, CommuneName: s.communeName(m.Commune)})
	}
	s.render(w, r, http.StatusOK, "console_district_unreached", page)
}
