package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"reliefledger/internal/i18n"
)

// The workbooks page picks a workbook and its filters and hands the
// download to the API's export route (GET /api/v1/exports/{name}), which
// takes the session cookie: the file is written, checked and audited by
// the same code as an API download, and the API, not this page, decides
// what the role may have.

// workbook is one workbook the page offers.
type workbook struct {
	Name  string
	Title i18n.Key
	// District: a district officer may download it for their district
	// (exports refuses the others; the page only does not offer them).
	District bool
}

var workbooks = []workbook{
	{Name: "reconciliation", Title: i18n.TitleReconciliation},
	{Name: "journal", Title: i18n.TitleJournal},
	{Name: "trial-balance", Title: i18n.TitleTrialBalance},
	{Name: "donations", Title: i18n.TitleDonations},
	{Name: "public-disclosure", Title: i18n.TitlePublicDisclosure},
	{Name: "stock", Title: i18n.TitleStock, District: true},
	{Name: "distribution-list", Title: i18n.TitleDistributionList, District: true},
	{Name: "deliveries", Title: i18n.TitleDeliveries, District: true},
	{Name: "fairness", Title: i18n.TitleFairness},
}

const exportRoute = "GET /api/v1/exports/{name}"

type district struct{ Code, Name string }

type workbooksPage struct {
	// The frame's fields (Name: the user's) must not be shadowed here.
	consoleFrame
	Workbooks                                  []workbook
	Funds                                      []string
	Districts                                  []district
	Workbook, Fund, From, To, AsOf, Dist, Plan string
	Errors                                     []string
}

// offered is the workbooks the page offers u.
func offered(u consoleUser) []workbook {
	var out []workbook
	for _, w := range workbooks {
		if u.User.District == "" || w.District {
			out = append(out, w)
		}
	}
	return out
}

func (s *Server) workbooksPage(r *http.Request, u consoleUser) (workbooksPage, error) {
	q := r.URL.Query()
	page := workbooksPage{consoleFrame: s.frame(u), Workbooks: offered(u), Workbook: q.Get("name"), Fund: q.Get("fund"),
		From: q.Get("from"), To: q.Get("to"), AsOf: q.Get("as_of"), Dist: q.Get("district"), Plan: q.Get("plan")}
	funds, err := s.Ledger.FundSummaries(r.Context())
	if err != nil {
		return page, err
	}
	for _, f := range funds {
		page.Funds = append(page.Funds, f.Code)
	}
	if s.Households != nil {
		for code, name := range s.Households.DistrictNames() {
			if u.User.District == "" || code == u.User.District {
				page.Districts = append(page.Districts, district{code, name})
			}
		}
		sort.Slice(page.Districts, func(i, j int) bool { return page.Districts[i].Code < page.Districts[j].Code })
	}
	return page, nil
}

func (s *Server) consoleWorkbooks(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, exportRoute)
	if !ok {
		return
	}
	page, err := s.workbooksPage(r, u)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "console_workbooks", page)
}

// consoleWorkbookDownload checks the form and sends the browser to the
// API's export with the same filters (a 303: a plain GET form cannot put
// the workbook's name in the path).
func (s *Server) consoleWorkbookDownload(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, exportRoute)
	if !ok {
		return
	}
	page, err := s.workbooksPage(r, u)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	l := lang(r)
	known := false
	for _, wb := range page.Workbooks {
		known = known || wb.Name == page.Workbook
	}
	if !known {
		page.Errors = append(page.Errors, i18n.T(l, i18n.ConsoleWorkbookPick))
	}
	out := url.Values{}
	for _, d := range []struct {
		field string
		label i18n.Key
		value string
	}{{"from", i18n.WebSearchFrom, page.From}, {"to", i18n.WebSearchTo, page.To}, {"as_of", i18n.ConsoleAsOf, page.AsOf}} {
		if v := s.formDate(l, d.value, d.label, &page.Errors); !v.IsZero() {
			out.Set(d.field, v.String())
		}
	}
	if p := strings.TrimSpace(page.Plan); p != "" {
		if n, err := strconv.ParseInt(p, 10, 64); err != nil || n <= 0 {
			page.Errors = append(page.Errors, i18n.F(l, i18n.ConsoleBadPlan, p))
		} else {
			out.Set("plan", p)
		}
	}
	if len(page.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "console_workbooks", page)
		return
	}
	if page.Fund != "" {
		out.Set("fund", page.Fund)
	}
	if page.Dist != "" {
		out.Set("district", page.Dist)
	}
	if l == i18n.EN {
		out.Set("lang", "en")
	}
	http.Redirect(w, r, "/api/v1/exports/"+page.Workbook+".xlsx?"+out.Encode(), http.StatusSeeOther)
}
