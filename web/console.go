package web

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/internal/i18n"
)

// The staff console: the pages each role works in, under /console. Who
// may open a page is not decided here: each page names the API route it
// shows (consoleArea.Route), and the role may open the page exactly when
// the API's route table lets the role call that route (SignIn.Routes,
// which cmd/reliefd fills from api.RoutesFor). web does not import api;
// the table reaches it through that hook, so there is one list of roles.

// consoleArea is one area of the console: its page and the API route
// whose role list decides who may use it.
type consoleArea struct {
	Path  string
	Title i18n.Key
	Intro i18n.Key
	Route string // "METHOD /api/v1/path", as api.RoutesFor writes it
}

// consoleAreas are the console's areas, in the navigation's order.
var consoleAreas = []consoleArea{
	{Path: "/console/workbooks", Title: i18n.ConsoleWorkbooksTitle, Intro: i18n.ConsoleWorkbooksIntro, Route: exportRoute},
	{Path: "/console/journal", Title: i18n.ConsoleJournalTitle, Intro: i18n.ConsoleJournalIntro, Route: "GET /api/v1/journal"},
	{Path: "/console/trial-balance", Title: i18n.ConsoleTrialTitle, Intro: i18n.ConsoleTrialIntro, Route: "GET /api/v1/trial-balance"},
	{Path: "/console/verify", Title: i18n.ConsoleVerifyTitle, Intro: i18n.ConsoleVerifyIntro, Route: "POST /api/v1/ledger/verify"},
	// Listing checkpoints is public in the API; the console's page is for
	// those who may sign one (the auditors), as the issue asks.
	{Path: "/console/checkpoints", Title: i18n.ConsoleCheckpointsTitle, Intro: i18n.ConsoleCheckpointsIntro, Route: "POST /api/v1/checkpoints"},
	{Path: "/console/audit", Title: i18n.ConsoleAuditTitle, Intro: i18n.ConsoleAuditIntro, Route: "GET /api/v1/audit"},
	{Path: "/console/approvals", Title: i18n.ConsoleApproveQueueTitle, Intro: i18n.ConsoleApproveQueueIntro, Route: approvePlanRoute},
	{Path: "/console/fairness", Title: i18n.ConsoleApproveFairnessTitle, Intro: i18n.ConsoleApproveFairnessIntro, Route: fairnessRoute},
	// Lane district (web/district*.go).
	{Path: "/console/households", Title: i18n.ConsoleDistrictHouseholdsTitle, Intro: i18n.ConsoleDistrictHouseholdsIntro, Route: householdsRoute},
	{Path: "/console/households/import", Title: i18n.ConsoleDistrictImportTitle, Intro: i18n.ConsoleDistrictImportIntro, Route: householdImportRoute},
	{Path: "/console/deliveries", Title: i18n.ConsoleDistrictDeliveriesTitle, Intro: i18n.ConsoleDistrictDeliveriesIntro, Route: deliveriesCreateRoute},
	{Path: "/console/unreached", Title: i18n.ConsoleDistrictUnreachedTitle, Intro: i18n.ConsoleDistrictUnreachedIntro, Route: unreachedRoute},
	{Path: "/console/requests", Title: i18n.ConsoleDistrictRequestsTitle, Intro: i18n.ConsoleDistrictRequestsIntro, Route: requestsRoute},
	// admin lane
	{Path: "/console/users", Title: i18n.ConsoleAdminUsersTitle, Intro: i18n.ConsoleAdminUsersIntro, Route: routeUsers},
	{Path: "/console/funds", Title: i18n.ConsoleAdminFundsTitle, Intro: i18n.ConsoleAdminFundsIntro, Route: routeFunds},
	// fund lane: the fund officer's areas (web/console_fund*.go).
	{Path: "/console/donations", Title: i18n.ConsoleFundDonationsTitle, Intro: i18n.ConsoleFundDonationsIntro, Route: routeDonations},
	{Path: "/console/donations/new", Title: i18n.ConsoleFundNewTitle, Intro: i18n.ConsoleFundNewIntro, Route: routeRecordDonation},
	{Path: "/console/statements", Title: i18n.ConsoleFundStatementsTitle, Intro: i18n.ConsoleFundStatementsIntro, Route: routeImportStatement},
	{Path: "/console/goods", Title: i18n.ConsoleFundGoodsTitle, Intro: i18n.ConsoleFundGoodsIntro, Route: routeCreateItem},
	{Path: "/console/stock", Title: i18n.ConsoleFundStockTitle, Intro: i18n.ConsoleFundStockIntro, Route: routeStock},
	{Path: "/console/stock/moves", Title: i18n.ConsoleFundMovesTitle, Intro: i18n.ConsoleFundMovesIntro, Route: routeTransfer},
	{Path: "/console/plans", Title: i18n.ConsoleFundPlansTitle, Intro: i18n.ConsoleFundPlansIntro, Route: routePlans},
	{Path: "/console/rules", Title: i18n.ConsoleRulesTitle, Intro: i18n.ConsoleRulesIntro, Route: rulesRoute},
	{Path: "/console/reports/summary", Title: i18n.ConsoleSummaryTitle, Intro: i18n.ConsoleSummaryIntro, Route: summaryRoute},
	{Path: "/console/trips", Title: i18n.ConsoleTripsTitle, Intro: i18n.ConsoleTripsIntro, Route: routeTrips},
}

// consoleUser is the signed-in staff member of a console request.
type consoleUser struct {
	access.Principal
	CSRF string
	// may is the set of API routes the role may call.
	may map[string]bool
}

// consoleFrame is what every console page shows around its content: the
// navigation of the role's areas, who is signed in, the sign-out button.
type consoleFrame struct {
	Name, Role, District, DistrictName, CSRF string
	Nav                                      []navLink
}

type navLink struct {
	Path  string
	Title i18n.Key
	Intro i18n.Key
}

// console finds the signed-in user and checks that the role may call the
// API route the page shows; otherwise it answers (sign-in redirect or the
// 403 page) and returns false.
func (s *Server) console(w http.ResponseWriter, r *http.Request, route string) (consoleUser, bool) {
	si := s.signIn()
	if si == nil {
		s.notFound(w, r)
		return consoleUser{}, false
	}
	p, sess, ok := si.session(r)
	if !ok {
		http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return consoleUser{}, false
	}
	u := consoleUser{Principal: p, CSRF: sess.CSRF, may: map[string]bool{}}
	// Without the route table nobody may do anything: fail closed.
	if si.Routes != nil {
		for _, rt := range si.Routes(p.User.Role) {
			u.may[rt.Method+" "+rt.Path] = true
		}
	}
	if route != "" && !u.may[route] {
		s.forbidden(w, r, i18n.ConsoleForbiddenText)
		return consoleUser{}, false
	}
	return u, true
}

// frame is the console's frame for u.
func (s *Server) frame(u consoleUser) consoleFrame {
	f := consoleFrame{Name: u.User.Name, Role: string(u.User.Role), District: u.User.District, CSRF: u.CSRF}
	if f.District != "" && s.Households != nil {
		f.DistrictName = s.Households.DistrictNames()[f.District]
	}
	for _, a := range consoleAreas {
		if u.may[a.Route] {
			f.Nav = append(f.Nav, navLink{Path: a.Path, Title: a.Title, Intro: a.Intro})
		}
	}
	return f
}

type consoleHome struct {
	consoleFrame
}

// consoleHome lists the areas the role may use.
func (s *Server) consoleHome(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, "")
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "console", consoleHome{consoleFrame: s.frame(u)})
}

// consolePageSize is how many rows a console list shows unless the link
// says otherwise (limit=, 1–500, as in the API).
const consolePageSize = 50

// pageLimit reads a list's limit=, as the API does; a bad one adds a message.
func pageLimit(l i18n.Lang, v string, errs *[]string) int {
	if v == "" {
		return consolePageSize
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 500 {
		*errs = append(*errs, i18n.F(l, i18n.ConsoleBadLimit, v))
		return consolePageSize
	}
	return n
}

// Cursors are the API's: an opaque "after:ID", so that a page link and an
// API call can be compared and neither depends on an offset that moves
// when rows are added.
// pageLinks cuts a list read with limit+1 rows to limit and returns the
// query strings of the first page (when this one is not) and of the next
// page (when there is one, continuing after the last row's ID).
func pageLinks[T any](r *http.Request, rows []T, limit int, id func(T) int64) (kept []T, first, next string) {
	if r.URL.Query().Get("cursor") != "" {
		q := r.URL.Query()
		q.Del("cursor")
		first = "?" + q.Encode()
	}
	if len(rows) > limit {
		rows = rows[:limit]
		q := r.URL.Query()
		q.Set("cursor", cursorAfter(id(rows[len(rows)-1])))
		next = "?" + q.Encode()
	}
	return rows, first, next
}

func cursorAfter(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("after:" + strconv.FormatInt(id, 10)))
}

// parseCursor reads a cursor; false for one this site did not give out.
func parseCursor(v string) (int64, bool) {
	if v == "" {
		return 0, true
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	id, ok := strings.CutPrefix(string(b), "after:")
	n, perr := strconv.ParseInt(id, 10, 64)
	if err != nil || !ok || perr != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// formCursor is the list's ?cursor= (0 on the first page); a bad one adds
// the page's message to errs.
func formCursor(l i18n.Lang, q url.Values, errs *[]string) int64 {
	after, ok := parseCursor(q.Get("cursor"))
	if !ok {
		*errs = append(*errs, i18n.T(l, i18n.ConsoleBadCursor))
	}
	return after
}

// formFund is the ID of the fund a filter names by code (0 for none); an
// unknown code adds the page's message to errs. err is an internal error.
func (s *Server) formFund(ctx context.Context, l i18n.Lang, code string, errs *[]string) (int64, error) {
	if code == "" {
		return 0, nil
	}
	fund, err := s.Ledger.Fund(ctx, code)
	if rl.ErrorKind(err) == rl.NotFound {
		*errs = append(*errs, i18n.F(l, i18n.ConsoleUnknownFund, code))
		return 0, nil
	}
	return fund.ID, err
}
