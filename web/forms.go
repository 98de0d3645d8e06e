package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/audit"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// The console's writing forms share four habits with the API's writes:
// the CSRF token of the session (instead of the API's header), an
// idempotency key (a hidden field the page fills when it shows the form,
// so that a double click or a resubmitted page records once), the domain
// error's fields shown next to the inputs, and an audit record.

// Hidden fields every writing form carries.
const (
	csrfField = "csrf"
	idemField = "idem"
)

// maxUploadFormBytes bounds a posted form that carries a file (a bank
// statement, a commune list, a signed delivery list).
const maxUploadFormBytes = 64 << 20

// newFormKey is a fresh idempotency key for a form about to be shown.
func newFormKey() string {
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("web: no randomness for a form key: %v", err))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// consoleWrite is s.console for a posted form: it bounds the body (limit
// bytes; maxFormBytes when 0), checks that the role may call route and
// that the form carries the session's CSRF token. On false it has
// answered.
func (s *Server) consoleWrite(w http.ResponseWriter, r *http.Request, route string, limit int64) (consoleUser, bool) {
	if limit == 0 {
		limit = maxFormBytes
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	u, ok := s.console(w, r, route)
	if !ok {
		return u, false
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			s.forbidden(w, r, i18n.WebCSRFText)
			return u, false
		}
	}
	if !access.CheckCSRF(access.Session{CSRF: u.CSRF}, r.PostFormValue(csrfField)) {
		s.forbidden(w, r, i18n.WebCSRFText)
		return u, false
	}
	return u, true
}

// formActor is the signed-in user as the author of a change, with the
// form's idempotency key and a hash of what the form asks (its fields
// except the CSRF token and the key, plus extra, e.g. an uploaded file's
// hash): posting the same form twice replays the first result; the same
// key with other values is a conflict, as in the API. The key's scope is
// the user's, the same as the API's.
func formActor(u consoleUser, r *http.Request, extra ...string) (ledger.Actor, error) {
	key := r.PostFormValue(idemField)
	if key == "" || len(key) > 200 || strings.ContainsFunc(key, func(c rune) bool { return c < 0x21 || c > 0x7e }) {
		return ledger.Actor{}, rl.Errorf(rl.Invalid, "the form has no valid idempotency key: open the page again")
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s %s\n", r.Method, r.URL.Path)
	form := r.PostForm
	names := make([]string, 0, len(form))
	for k := range form {
		if k != csrfField && k != idemField {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Fprintf(h, "%s=%s\n", url.QueryEscape(k), url.QueryEscape(strings.Join(form[k], "\x1f")))
	}
	for _, e := range extra {
		fmt.Fprintf(h, "+%s\n", e)
	}
	return ledger.Actor{UserID: u.User.ID, Idem: &ledger.IdemRecord{
		IdemKey:     ledger.IdemKey{Scope: fmt.Sprintf("user:%d", u.User.ID), Key: key},
		RequestHash: hex.EncodeToString(h.Sum(nil)),
	}}, nil
}

// auditWrite records a console write in the audit log, as the API's
// middleware records every write: route is the console path's pattern
// (e.g. /console/donations/{id}/void), target what was acted on (e.g.
// donation:42), entries the journal entries it appended (0, 0 if none).
func (s *Server) auditWrite(r *http.Request, u consoleUser, route, target string, status int, entryFirst, entryLast int64) error {
	if s.Audit == nil {
		return nil
	}
	return s.Audit.Write(r.Context(), audit.Record{UserID: u.User.ID, Role: string(u.User.Role), Method: r.Method,
		Route: route, Path: r.URL.Path, Target: target, Status: status, ClientIP: s.signIn().clientIP(r),
		EntryFirst: entryFirst, EntryLast: entryLast})
}

// formErrors is what a refused form shows: messages next to their fields
// (by the domain's field names, e.g. "amount") and the rest above the form.
type formErrors struct {
	Fields  map[string]string
	General []string
}

// Field is the message for the input named name, or "".
func (e formErrors) Field(name string) string { return e.Fields[name] }

// Any reports whether there is anything to show.
func (e formErrors) Any() bool { return len(e.Fields) > 0 || len(e.General) > 0 }

// errorsOf turns a domain error into a form's errors. ok is false for an
// error the user cannot act on (an internal one): the caller answers with
// the error page, which logs it and shows no detail.
func errorsOf(err error) (fe formErrors, ok bool) {
	var e *rl.Error
	if !errors.As(err, &e) || e.Kind == rl.Internal || e.Kind == rl.Unavailable {
		return fe, false
	}
	fe.Fields = map[string]string{}
	for _, f := range e.Fields {
		if _, dup := fe.Fields[f.Field]; dup || f.Field == "" {
			fe.General = append(fe.General, f.Field+": "+f.Message)
			continue
		}
		fe.Fields[f.Field] = f.Message
	}
	if len(e.Fields) == 0 {
		fe.General = append(fe.General, e.Message)
	}
	return fe, true
}

// statusOf is the HTTP status a page answers a refused form with.
func statusOf(err error) int {
	switch rl.ErrorKind(err) {
	case rl.Invalid, rl.TooLarge:
		return http.StatusUnprocessableEntity
	case rl.NotFound:
		return http.StatusNotFound
	case rl.Conflict:
		return http.StatusConflict
	case rl.Forbidden:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// formField is an input's name and its error message, for the
// field_error template: {{template "field_error" ($.Data.Errors.For "amount")}}.
type formField struct{ Name, Message string }

// For is the field named name with its message.
func (e formErrors) For(name string) formField { return formField{Name: name, Message: e.Fields[name]} }

// formRequest puts the form's audit record into the request's context, as
// the API's middleware does: a change the form makes commits its record
// in its own transaction, with the journal entries it appended (so the
// audit log covers every entry, as for the API's writes).
func (s *Server) formRequest(r *http.Request, u consoleUser, route, target string) (*http.Request, *rl.Request) {
	req := s.auditRequest(r, u, route, target, http.StatusSeeOther)
	return r.WithContext(rl.WithRequest(r.Context(), req)), req
}

// auditRequest is the audit record of a console write, before the write.
func (s *Server) auditRequest(r *http.Request, u consoleUser, route, target string, status int) *rl.Request {
	return &rl.Request{UserID: u.User.ID, Role: string(u.User.Role), Method: r.Method, Route: route, Path: r.URL.Path,
		ClientIP: s.signIn().clientIP(r), Status: status, Target: target}
}

// inAudit is r's context carrying the audit record of a console write, as
// the API's middleware gives its handlers: the transaction that appends
// journal entries writes the record with their range before it commits
// (store/audit_tx.go), so entries and their record commit together.
// done writes the record afterwards when no transaction did (a replayed
// form, a write without a journal transaction).
func (s *Server) inAudit(r *http.Request, u consoleUser, route, target string, status int) (ctx context.Context, done func() error) {
	req := s.auditRequest(r, u, route, target, status)
	return rl.WithRequest(r.Context(), req), func() error {
		if req.Audited() {
			return nil
		}
		return s.auditWrite(r, u, route, target, status, 0, 0)
	}
}
