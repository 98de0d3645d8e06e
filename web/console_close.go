package web

import (
	"net/http"
	"net/url"
	"strings"

	rl "reliefledger"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// Closing a period from the admin's funds page (PRODUCT.md §4.10): the
// same ledger call as POST /api/v1/periods/close, with the form's CSRF
// token, idempotency key and audit record.

const routeClose = "POST /api/v1/periods/close"

// closeSection is the funds page's part about closed periods: each fund's
// closing date and the close form.
type closeSection struct {
	May    bool              // the user may close periods
	Closed map[string]string // fund code → closed through (YYYY-MM-DD)
	Fund   string            // the form's values
	Date   string
	Note   string
	Idem   string
	CSRF   string
	Errors formErrors
	Done   string
}

// closeSectionOf reads the funds' closing dates for the funds page.
func (s *Server) closeSectionOf(r *http.Request, u consoleUser, cs closeSection) (closeSection, error) {
	cs.May, cs.CSRF = u.may[routeClose], u.CSRF
	if cs.Idem == "" {
		cs.Idem = newFormKey()
	}
	closes, err := s.Ledger.PeriodCloses(r.Context(), "")
	if err != nil {
		return cs, err
	}
	cs.Closed = map[string]string{}
	for _, c := range closes {
		if cur, ok := cs.Closed[c.FundCode]; !ok || c.ClosedThrough.String() > cur {
			cs.Closed[c.FundCode] = c.ClosedThrough.String()
		}
	}
	if q := r.URL.Query(); q.Get("closed") != "" && cs.Done == "" {
		if through, ok := cs.Closed[q.Get("closed")]; ok {
			cs.Done = i18n.F(lang(r), i18n.ConsoleCloseDone, q.Get("closed"), through)
		}
	}
	return cs, nil
}

// consoleClosePeriod closes a fund's books through the posted date.
func (s *Server) consoleClosePeriod(w http.ResponseWriter, r *http.Request) {
	u, ok := s.consoleWrite(w, r, routeClose, 0)
	if !ok {
		return
	}
	cs := closeSection{Fund: strings.TrimSpace(r.PostFormValue("fund")), Date: strings.TrimSpace(r.PostFormValue("date")),
		Note: r.PostFormValue("note"), Idem: r.PostFormValue(idemField)}
	refuse := func(err error) {
		errs, ok := errorsOf(err)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		cs.Errors = s.translateErrors(lang(r), errs)
		s.renderFunds(w, r, u, statusOf(err), cs)
	}
	var date ledger.Date
	if cs.Date != "" {
		var err error
		if date, err = ledger.ParseDate(cs.Date); err != nil {
			refuse(rl.InvalidFields(rl.FieldError{Field: "date", Message: "\"" + cs.Date + "\" is not a date (YYYY-MM-DD)"}))
			return
		}
	}
	a, err := formActor(u, r)
	if err != nil {
		refuse(err)
		return
	}
	ctx, audited := s.inAudit(r, u, "/console/funds/close", "", http.StatusCreated)
	c, replayed, err := s.Ledger.ClosePeriod(ctx, a, ledger.CloseInput{Fund: cs.Fund, Date: date, Note: cs.Note})
	if err != nil {
		refuse(err)
		return
	}
	if replayed { // the form posted twice: recorded as what it is, naming the close
		err = s.auditWrite(r, u, "/console/funds/close", ledger.CloseResultRef(c.ID), http.StatusOK, 0, 0)
	} else {
		err = audited()
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/funds?fund="+url.QueryEscape(c.FundCode)+"&closed="+url.QueryEscape(c.FundCode)+"#close", http.StatusSeeOther)
}
