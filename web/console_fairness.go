package web

import (
	"html/template"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/distribution"
	"reliefledger/households"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// The supervisor's fairness pages: the figures of GET /api/v1/fairness
// for a plan or a fund and period (coverage by district, the Lorenz curve
// behind the Gini coefficient, days from approval to delivery, flagged
// districts), and a district's communes with its unreached households. A
// district officer sees their own district and the province's overall
// figures only; another district answers as a missing one.

const fairnessRoute = "GET /api/v1/fairness"

// lorenzPoints is how many steps the drawn curve has at most.
const lorenzPoints = 100

// fairnessForm is the scope a fairness page was asked for.
type fairnessForm struct {
	Fund, Plan, From, To string
	Funds                []ledger.FundSummary
}

// Query is the scope as a query string.
// Its values are query-escaped, so it is safe as a URL's query.
func (f fairnessForm) Query() template.URL {
	return template.URL(fairnessQuery(f.Fund, f.Plan, f.From, f.To))
}

// districtRow is a district's figures with its name.
type districtRow struct {
	distribution.DistrictFairness
	Name string
}

// Unreached is how many eligible households got nothing.
func (d districtRow) Unreached() int { return d.EligibleTotal - d.Reached }

// Poor and NearPoor are the eligible households of each category.
func (d districtRow) Poor() int     { return d.Eligible[households.Poor] }
func (d districtRow) NearPoor() int { return d.Eligible[households.NearPoor] }

// lorenzRow is a point of the curve in percent, for the table.
type lorenzRow struct{ Population, Share decimal.Decimal }

type fairnessPage struct {
	consoleFrame
	fairnessForm
	Report    *distribution.FairnessReport
	Districts []districtRow
	Coverage  chart
	Amounts   chart
	Lorenz    chart
	Curve     distribution.Lorenz
	Deciles   []lorenzRow
	Money     bool
	Flagged   []districtRow
	Errors    []string
}

// fairnessScope reads the page's scope; errs gets what is wrong with it.
// ok is false when nothing was asked yet (the form alone).
func (s *Server) fairnessScope(r *http.Request, form *fairnessForm, errs *[]string) (distribution.Scope, bool, error) {
	ctx, q, l := r.Context(), r.URL.Query(), lang(r)
	form.Fund, form.Plan, form.From, form.To = strings.TrimSpace(q.Get("fund")), strings.TrimSpace(q.Get("plan")), q.Get("from"), q.Get("to")
	funds, err := s.Ledger.FundSummaries(ctx)
	if err != nil {
		return distribution.Scope{}, false, err
	}
	form.Funds = funds
	sc := distribution.Scope{DeadlineDays: 20, From: s.formDate(l, form.From, i18n.WebSearchFrom, errs), To: s.formDate(l, form.To, i18n.WebSearchTo, errs)}
	switch {
	case form.Plan != "":
		id, err := strconv.ParseInt(form.Plan, 10, 64)
		if err != nil || id <= 0 {
			*errs = append(*errs, i18n.F(l, i18n.ConsoleBadPlan, form.Plan))
		}
		sc.PlanID = id
	case form.Fund != "":
		f, err := s.Ledger.Fund(ctx, form.Fund)
		if rl.ErrorKind(err) == rl.NotFound {
			*errs = append(*errs, i18n.F(l, i18n.ConsoleUnknownFund, form.Fund))
		} else if err != nil {
			return sc, false, err
		}
		sc.FundID = f.ID
	default:
		return sc, false, nil
	}
	return sc, true, nil
}

// fairnessReport is the report of a scope as u may see it; a plan that
// does not exist adds a message.
func (s *Server) fairnessReport(r *http.Request, u consoleUser, sc distribution.Scope, errs *[]string) (*distribution.FairnessReport, error) {
	rep, err := s.Distribution.Fairness(r.Context(), sc)
	if rl.ErrorKind(err) == rl.NotFound {
		*errs = append(*errs, i18n.F(lang(r), i18n.ConsoleApproveNoPlan, strconv.FormatInt(sc.PlanID, 10)))
		return nil, nil
	}
	if rl.ErrorKind(err) == rl.Invalid {
		fe, _ := errorsOf(err)
		*errs = append(*errs, fe.General...)
		for _, f := range slices.Sorted(maps.Keys(fe.Fields)) {
			*errs = append(*errs, f+": "+fe.Fields[f])
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rep = rep.Scoped(districtScope(u))
	return &rep, nil
}

func (s *Server) consoleFairness(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, fairnessRoute)
	if !ok {
		return
	}
	ctx, l := r.Context(), lang(r)
	page := fairnessPage{consoleFrame: s.frame(u)}
	sc, asked, err := s.fairnessScope(r, &page.fairnessForm, &page.Errors)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !asked || len(page.Errors) > 0 {
		status := http.StatusOK
		if len(page.Errors) > 0 {
			status = http.StatusBadRequest
		}
		s.render(w, r, status, "console_fairness", page)
		return
	}
	if page.Report, err = s.fairnessReport(r, u, sc, &page.Errors); err != nil {
		s.serverError(w, r, err)
		return
	}
	if page.Report == nil {
		s.render(w, r, http.StatusNotFound, "console_fairness", page)
		return
	}
	page.Money = true
	if sc.PlanID != 0 {
		p, err := s.Distribution.Plan(ctx, sc.PlanID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		page.Money = p.Kind == distribution.Money
	}
	names := s.Households.DistrictNames()
	var cov []pctBar
	var amounts []bar
	for _, d := range page.Report.Districts {
		row := districtRow{DistrictFairness: d, Name: orElse(names[d.District], d.District)}
		page.Districts = append(page.Districts, row)
		if d.Flagged {
			page.Flagged = append(page.Flagged, row)
		}
		cov = append(cov, pctBar{Label: row.Name, Value: d.Coverage, Marked: d.Flagged})
		amounts = append(amounts, bar{Label: row.Name, A: d.Entitled, B: d.Fulfilled})
	}
	page.Coverage = percentChart(l, cov, i18n.T(l, i18n.ConsoleApproveNotFlagged), i18n.T(l, i18n.ConsoleApproveFlaggedLegend),
		i18n.T(l, i18n.ConsoleApproveCoverageChart), "coverage-chart")
	if page.Money {
		page.Amounts = hbarChart(l, amounts, i18n.T(l, i18n.ConsoleApproveEntitled), i18n.T(l, i18n.ConsoleApproveFulfilled),
			i18n.T(l, i18n.ConsoleApproveAmountsChart))
	}
	// The Lorenz curve is of the whole scope: the Gini it explains is the
	// province's, which every role sees.
	if page.Curve, err = s.Distribution.FairnessLorenz(ctx, sc, lorenzPoints); err != nil {
		s.serverError(w, r, err)
		return
	}
	page.Lorenz = lorenzChart(l, page.Curve.Points, i18n.T(l, i18n.ConsoleApproveLorenzCurve), i18n.T(l, i18n.ConsoleApproveGap),
		i18n.T(l, i18n.ConsoleApproveLorenzChart), "lorenz-chart")
	if page.Curve.Gini.Valid {
		page.Deciles = deciles(page.Curve.Points)
	}
	s.render(w, r, http.StatusOK, "console_fairness", page)
}

// deciles picks the curve's points nearest to each tenth of the
// households, for the table beside the chart.
func deciles(pts []distribution.LorenzPoint) []lorenzRow {
	var out []lorenzRow
	hundred := decimal.NewFromInt(100)
	for k := int64(0); k <= 10; k++ {
		want := decimal.New(k, -1)
		best := -1
		for i, p := range pts {
			if best < 0 || p.Population.Sub(want).Abs().LessThan(pts[best].Population.Sub(want).Abs()) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		row := lorenzRow{Population: pts[best].Population.Mul(hundred), Share: pts[best].Share.Mul(hundred)}
		if len(out) == 0 || !out[len(out)-1].Population.Equal(row.Population) {
			out = append(out, row)
		}
	}
	return out
}

// communeRow is a commune's coverage with its name.
type communeRow struct {
	distribution.CommuneFairness
	Name string
}

// Unreached is how many eligible households of the commune got nothing.
func (c communeRow) Unreached() int { return c.Eligible - c.Reached }

type fairnessDistrictPage struct {
	consoleFrame
	fairnessForm
	Area         districtRow // the district drilled into
	Communes     []communeRow
	Coverage     chart
	Commune      string // the unreached list is of this commune, when set
	CommuneName  string
	Unreached    []distribution.Member
	CommuneNames map[string]string
	First, Next  string
	Errors       []string
}

func (s *Server) consoleFairnessDistrict(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, fairnessRoute)
	if !ok {
		return
	}
	ctx, l, q := r.Context(), lang(r), r.URL.Query()
	code := r.PathValue("code")
	// Another district than a district officer's own answers as a missing
	// one, as the API's scope does.
	if sc := districtScope(u); sc != "" && code != sc {
		s.notFound(w, r)
		return
	}
	page := fairnessDistrictPage{consoleFrame: s.frame(u), Commune: q.Get("commune"), CommuneNames: map[string]string{}}
	sc, asked, err := s.fairnessScope(r, &page.fairnessForm, &page.Errors)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !asked {
		s.notFound(w, r)
		return
	}
	limit := pageLimit(l, q.Get("limit"), &page.Errors)
	after := formCursor(l, q, &page.Errors)
	if len(page.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "console_fairness_district", page)
		return
	}
	rep, err := s.fairnessReport(r, u, sc, &page.Errors)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	i := -1
	if rep != nil {
		i = slices.IndexFunc(rep.Districts, func(d distribution.DistrictFairness) bool { return d.District == code })
	}
	if i < 0 {
		s.notFound(w, r)
		return
	}
	d := rep.Districts[i]
	page.Area = districtRow{DistrictFairness: d, Name: orElse(s.Households.DistrictNames()[code], code)}
	tree := s.Households.Tree()
	name := func(c string) string {
		if u, ok := tree.Unit(c); ok {
			return u.Name
		}
		return c
	}
	var cov []pctBar
	for _, c := range d.Communes {
		row := communeRow{CommuneFairness: c, Name: name(c.Commune)}
		page.Communes = append(page.Communes, row)
		cov = append(cov, pctBar{Label: row.Name, Value: c.Coverage})
		if c.Commune == page.Commune {
			page.CommuneName = row.Name
		}
	}
	page.Coverage = percentChart(l, cov, i18n.T(l, i18n.ConsoleApproveCoverage), "", i18n.F(l, i18n.ConsoleApproveCommuneChart, page.Area.Name), "commune-chart")
	if page.Commune != "" && page.CommuneName == "" {
		s.notFound(w, r)
		return
	}
	// The unreached households of the district (or of one commune), paged
	// by household ID like the API's list.
	sc.District = code
	all, err := s.Distribution.Unreached(ctx, sc, after, 0)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var hs []distribution.Member
	for _, h := range all {
		if page.Commune == "" || h.Commune == page.Commune {
			hs = append(hs, h)
		}
		if len(hs) > limit {
			break
		}
	}
	page.Unreached, page.First, page.Next = pageLinks(r, hs, limit, func(h distribution.Member) int64 { return h.ID })
	for _, h := range page.Unreached {
		page.CommuneNames[h.Commune] = name(h.Commune)
	}
	s.render(w, r, http.StatusOK, "console_fairness_district", page)
}
