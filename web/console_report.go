package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	rl "reliefledger"
	"reliefledger/households"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
	"reliefledger/reports"
)

// The summary report's printable page: the figures of GET
// /api/v1/reports/summary for a fund and period, for the roles that API
// allows; a district officer's is their district's part. Printed, the
// form and the navigation drop away (the print CSS) and the signature
// lines stay.

const summaryRoute = "GET /api/v1/reports/summary"

// summaryReports is the report service the server was given, or one
// over its own services.
func (s *Server) summaryReports() *reports.Service {
	if s.Reports != nil {
		return s.Reports
	}
	rs := &reports.Service{Ledger: s.Ledger, Donations: s.Donations, Goods: s.Goods, Distribution: s.Distribution, Households: s.Households}
	if s.Checkpoints != nil {
		rs.Checkpoints = s.Checkpoints
	}
	return rs
}

type summaryPage struct {
	consoleFrame
	Fund, From, To, Deadline string
	Funds                    []ledger.FundSummary
	Report                   *reports.Summary
	Errors                   []string
	names                    map[string]string
	items                    map[string]ledger.Item
	warehouses               map[string]string
	en                       bool
	// HeadNote says at which entry and checkpoint the figures were
	// computed; ClosedNote whether the period is closed ("" unknown).
	HeadNote, ClosedNote string
}

// Channels are the ways money and goods arrive, in the report's order.
func (p summaryPage) Channels() []string { return []string{"cash", "bank", "in_kind"} }

// summaryLine is one line of a table of goods.
type summaryLine struct {
	Label           string
	Quantity, Value any
}

// PartName is a district's name.
func (p summaryPage) PartName(code string) string { return orElse(p.names[code], code) }

// Item is an item's name and unit.
func (p summaryPage) Item(code string) string {
	it, ok := p.items[code]
	switch {
	case !ok:
		return code
	case p.en:
		return it.NameEN + " (" + it.Unit + ")"
	}
	return it.NameVI + " (" + it.Unit + ")"
}

// Warehouse is a warehouse's name.
func (p summaryPage) Warehouse(code string) string { return orElse(p.warehouses[code], code) }

// Keys lists a map's keys in order, for the templates.
func (p summaryPage) Keys(m any) []string {
	var out []string
	switch x := m.(type) {
	case map[string]reports.Goods:
		for k := range x {
			out = append(out, k)
		}
	case map[string]map[string]reports.Goods:
		for k := range x {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Categories are the household categories in their order.
func (p summaryPage) Categories() []households.Category {
	return []households.Category{households.Poor, households.NearPoor}
}

// Distributed is the total of aid in a part.
func (p summaryPage) Distributed(f reports.Figures) any {
	return f.ToHouseholds.Value.Add(f.ToOrganisations.Value).Add(f.ReliefTrips.Value).Add(f.FrontlineSupport.Value)
}

func (s *Server) consoleSummary(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, summaryRoute)
	if !ok {
		return
	}
	ctx, q, l := r.Context(), r.URL.Query(), lang(r)
	page := summaryPage{consoleFrame: s.frame(u), Fund: strings.TrimSpace(q.Get("fund")), From: q.Get("from"), To: q.Get("to"), Deadline: strings.TrimSpace(q.Get("deadline_days"))}
	var err error
	if page.Funds, err = s.Ledger.FundSummaries(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	if page.Fund == "" {
		s.render(w, r, http.StatusOK, "console_report_summary", page)
		return
	}
	in := reports.Input{Fund: page.Fund, From: s.formDate(l, page.From, i18n.WebSearchFrom, &page.Errors),
		To: s.formDate(l, page.To, i18n.WebSearchTo, &page.Errors), District: districtScope(u)}
	if page.Deadline != "" {
		n, err := strconv.Atoi(page.Deadline)
		if err != nil || n < 0 || n > 3650 {
			page.Errors = append(page.Errors, i18n.F(l, i18n.ConsoleSummaryBadDeadline, page.Deadline))
		}
		in.DeadlineDays = n
	}
	if len(page.Errors) == 0 {
		rep, err := s.summaryReports().Summary(ctx, in)
		switch {
		case err == nil:
			page.Report = &rep
		case rl.ErrorKind(err) == rl.NotFound:
			page.Errors = append(page.Errors, i18n.F(l, i18n.ConsoleUnknownFund, page.Fund))
		case rl.ErrorKind(err) == rl.Invalid:
			fe, _ := errorsOf(err)
			page.Errors = append(page.Errors, fe.General...)
			for _, m := range fe.Fields {
				page.Errors = append(page.Errors, m)
			}
		default:
			s.serverError(w, r, err)
			return
		}
	}
	if page.Report == nil {
		s.render(w, r, http.StatusBadRequest, "console_report_summary", page)
		return
	}
	page.names, page.en = s.Households.DistrictNames(), l == i18n.EN
	page.HeadNote, page.ClosedNote = summaryNotes(l, *page.Report)
	page.items, page.warehouses = map[string]ledger.Item{}, map[string]string{}
	items, err := s.Ledger.Items(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, it := range items {
		page.items[it.Code] = it
	}
	whs, err := s.Goods.Warehouses(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, wh := range whs {
		page.warehouses[wh.Code] = wh.Name
	}
	s.render(w, r, http.StatusOK, "console_report_summary", page)
}

// summaryNotes are the page's notes on the head and checkpoint the
// figures were computed at and on the period's closing.
func summaryNotes(l i18n.Lang, rep reports.Summary) (head, closed string) {
	head = i18n.F(l, i18n.SumNoCheckpoint, rep.Head.LastID)
	if cp := rep.Checkpoint; cp != nil {
		covers := ""
		if cp.Covers {
			covers = i18n.T(l, i18n.SumCovers)
		}
		head = i18n.F(l, i18n.SumCheckpoint, rep.Head.LastID, cp.ID, cp.EntryID, l.Time(cp.MadeAt.In(ledger.Location)), covers)
	}
	switch {
	case rep.PeriodClosed == nil:
	case *rep.PeriodClosed:
		closed = i18n.F(l, i18n.SumClosed, l.Date(*rep.ClosedThrough))
	default:
		closed = i18n.T(l, i18n.SumOpen)
	}
	return head, closed
}
