package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"reliefledger/audit"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

type auditPage struct {
	consoleFrame
	UserID, Route, From, To string
	Records                 []audit.Record
	Next, First             string
	Errors                  []string
}

// consoleAudit is the audit log, newest first, with the API's filters
// (user, route, days) and its cursor (the smallest record seen).
func (s *Server) consoleAudit(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, "GET /api/v1/audit")
	if !ok {
		return
	}
	if s.Audit == nil {
		s.notFound(w, r)
		return
	}
	q, l := r.URL.Query(), lang(r)
	page := auditPage{consoleFrame: s.frame(u), UserID: strings.TrimSpace(q.Get("user_id")), Route: strings.TrimSpace(q.Get("route")),
		From: q.Get("from"), To: q.Get("to")}
	limit := pageLimit(l, q.Get("limit"), &page.Errors)
	before, ok := parseCursor(q.Get("cursor"))
	if !ok {
		page.Errors = append(page.Errors, i18n.T(l, i18n.ConsoleBadCursor))
	}
	f := audit.Filter{BeforeID: before, Limit: limit + 1, Route: page.Route}
	if page.UserID != "" {
		n, err := strconv.ParseInt(page.UserID, 10, 64)
		if err != nil || n <= 0 {
			page.Errors = append(page.Errors, i18n.F(l, i18n.ConsoleBadUser, page.UserID))
		}
		f.UserID = n
	}
	// Days are Vietnam's days, as in the API: to= takes the whole day.
	if d := s.formDate(l, page.From, i18n.WebSearchFrom, &page.Errors); !d.IsZero() {
		f.From = dayStart(d)
	}
	if d := s.formDate(l, page.To, i18n.WebSearchTo, &page.Errors); !d.IsZero() {
		f.To = dayStart(d).AddDate(0, 0, 1)
	}
	if len(page.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "console_audit", page)
		return
	}
	rs, err := s.Audit.List(r.Context(), f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rs, page.First, page.Next = pageLinks(r, rs, limit, func(x audit.Record) int64 { return x.ID })
	page.Records = rs
	s.render(w, r, http.StatusOK, "console_audit", page)
}

func dayStart(d ledger.Date) time.Time {
	t, _ := time.ParseInLocation(ledger.DateLayout, d.String(), ledger.Location)
	return t
}
