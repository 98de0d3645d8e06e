package web

import (
	"net/http"
	"strconv"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/audit"
	"reliefledger/checkpoint"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// The auditor's pages: the journal, an entry, the trial balance, verify
// and the checkpoints. They read through the same ledger service as the
// API's routes of the same names.

type journalPage struct {
	consoleFrame
	Funds          []ledger.FundSummary
	Fund, From, To string
	Cursor         string
	First          string // the list's first page, when this is not it
	Entries        []entryRow
	Next           string // the next page's query, or empty
	Errors         []string
}

// entryRow is an entry with its postings' accounts resolved.
type entryRow struct {
	ledger.Entry
	// Total and TotalCredit are the đồng debited and credited (equal in
	// a sound journal; shown apart so that a tampered entry shows).
	Total, TotalCredit decimal.Decimal
	Postings           []postingRow
}

// PrevID is the entry before this one in the chain.
func (e entryRow) PrevID() int64 { return e.ID - 1 }

type postingRow struct {
	ledger.Posting
	Account ledger.Account
}

// Debit is the posting's đồng on the debit side (a positive amount), or zero.
func (p postingRow) Debit() decimal.Decimal { return decimal.Max(p.Amount, decimal.Zero) }

// Credit is the posting's đồng on the credit side (a negative amount), or zero.
func (p postingRow) Credit() decimal.Decimal { return decimal.Max(p.Amount.Neg(), decimal.Zero) }

func (s *Server) consoleJournal(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, "GET /api/v1/journal")
	if !ok {
		return
	}
	ctx, q, l := r.Context(), r.URL.Query(), lang(r)
	page := journalPage{consoleFrame: s.frame(u), Fund: q.Get("fund"), From: q.Get("from"), To: q.Get("to"), Cursor: q.Get("cursor")}
	funds, err := s.Ledger.FundSummaries(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page.Funds = funds
	limit := pageLimit(l, q.Get("limit"), &page.Errors)
	f := ledger.EntryFilter{Limit: limit + 1, Newest: true,
		From: s.formDate(l, page.From, i18n.WebSearchFrom, &page.Errors), To: s.formDate(l, page.To, i18n.WebSearchTo, &page.Errors)}
	after := formCursor(l, q, &page.Errors)
	f.BeforeID = after // the cursor is the oldest entry shown so far
	fundID, err := s.formFund(ctx, l, page.Fund, &page.Errors)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f.FundID = fundID
	if len(page.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "console_journal", page)
		return
	}
	es, err := s.Ledger.Entries(ctx, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	es, page.First, page.Next = pageLinks(r, es, limit, func(e ledger.Entry) int64 { return e.ID })
	accs, err := s.Ledger.AccountsByID(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, e := range es {
		page.Entries = append(page.Entries, entryOf(e, accs))
	}
	s.render(w, r, http.StatusOK, "console_journal", page)
}

// entryOf resolves an entry's accounts; its total is the đồng debited.
func entryOf(e ledger.Entry, accs map[int64]ledger.Account) entryRow {
	row := entryRow{Entry: e}
	var total decimal.Decimal
	for _, p := range e.Postings {
		row.Postings = append(row.Postings, postingRow{Posting: p, Account: accs[p.AccountID]})
		if p.Amount.IsPositive() {
			total = total.Add(p.Amount)
		} else {
			row.TotalCredit = row.TotalCredit.Sub(p.Amount)
		}
	}
	row.Total = total
	return row
}

type entryPage struct {
	consoleFrame
	Entry entryRow
}

func (s *Server) consoleEntry(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, "GET /api/v1/journal/{id}")
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return
	}
	e, err := s.Ledger.Entry(r.Context(), id)
	if rl.ErrorKind(err) == rl.NotFound {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	accs, err := s.Ledger.AccountsByID(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "console_entry", entryPage{consoleFrame: s.frame(u), Entry: entryOf(e, accs)})
}

type trialPage struct {
	consoleFrame
	Funds      []ledger.FundSummary
	Fund, AsOf string
	TB         *ledger.TrialBalance
	Errors     []string
}

func (s *Server) consoleTrialBalance(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, "GET /api/v1/trial-balance")
	if !ok {
		return
	}
	ctx, q, l := r.Context(), r.URL.Query(), lang(r)
	page := trialPage{consoleFrame: s.frame(u), Fund: q.Get("fund"), AsOf: q.Get("as_of")}
	funds, err := s.Ledger.FundSummaries(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page.Funds = funds
	if page.Fund == "" {
		// The form alone, until a fund is picked.
		s.render(w, r, http.StatusOK, "console_trial", page)
		return
	}
	asOf := s.formDate(l, page.AsOf, i18n.ConsoleAsOf, &page.Errors)
	if len(page.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "console_trial", page)
		return
	}
	tb, err := s.Ledger.TrialBalanceOf(ctx, page.Fund, asOf)
	if rl.ErrorKind(err) == rl.NotFound {
		page.Errors = append(page.Errors, i18n.F(l, i18n.ConsoleUnknownFund, page.Fund))
		s.render(w, r, http.StatusBadRequest, "console_trial", page)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page.TB = &tb
	s.render(w, r, http.StatusOK, "console_trial", page)
}

type verifyPage struct {
	consoleFrame
	Report *ledger.Report
}

func (s *Server) consoleVerifyForm(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, "POST /api/v1/ledger/verify")
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "console_verify", verifyPage{consoleFrame: s.frame(u)})
}

// consoleVerify runs the ledger's verify, as POST /api/v1/ledger/verify
// does: it reads the whole journal, so it is a POST behind the CSRF token
// (no link or crawler can start it).
func (s *Server) consoleVerify(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	u, ok := s.console(w, r, "POST /api/v1/ledger/verify")
	if !ok {
		return
	}
	if !access.CheckCSRF(access.Session{CSRF: u.CSRF}, r.PostFormValue("csrf")) {
		s.forbidden(w, r, i18n.WebCSRFText)
		return
	}
	rep, err := s.Ledger.Verify(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !rep.OK() {
		s.Log.Error("ledger verification found problems", "problems", len(rep.Problems), "user", u.User.ID)
	}
	// The API audits its verify (a POST, as every write); so does the page.
	if s.Audit != nil {
		rec := audit.Record{UserID: u.User.ID, Role: string(u.User.Role), Method: r.Method, Route: "/console/verify", Path: r.URL.Path,
			Target: "ledger", Status: http.StatusOK, ClientIP: s.signIn().clientIP(r)}
		if err := s.Audit.Write(r.Context(), rec); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "console_verify", verifyPage{consoleFrame: s.frame(u), Report: &rep})
}

type checkpointsPage struct {
	consoleFrame
	Checkpoints []checkpoint.Checkpoint
	KeyID       string
	Next        string
	Errors      []string
}

func (s *Server) consoleCheckpoints(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, "POST /api/v1/checkpoints")
	if !ok {
		return
	}
	page := checkpointsPage{consoleFrame: s.frame(u)}
	if s.Checkpoints == nil {
		s.notFound(w, r)
		return
	}
	page.KeyID = s.Checkpoints.KeyID()
	q, l := r.URL.Query(), lang(r)
	limit := pageLimit(l, q.Get("limit"), &page.Errors)
	after := formCursor(l, q, &page.Errors)
	if len(page.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "console_checkpoints", page)
		return
	}
	cps, err := s.Checkpoints.List(r.Context(), after, limit+1)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	cps, _, page.Next = pageLinks(r, cps, limit, func(c checkpoint.Checkpoint) int64 { return c.ID })
	page.Checkpoints = cps
	s.render(w, r, http.StatusOK, "console_checkpoints", page)
}
