package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	rl "reliefledger"
	"reliefledger/households"
	"reliefledger/internal/i18n"
)

// The import of a commune's list, in two steps as the issue asks: the
// uploaded file is checked (a dry run of the registry's Import, the call
// behind POST /api/v1/households/import?dry_run=true) and every bad row is
// shown with its reason, nothing registered; a list without problems is
// kept on the server under a random token, and the confirm step imports
// exactly that file (the same call without dry_run). The token is the
// confirm form's idempotency key: posting it twice imports once and shows
// the first result again.

// pendingImport is a checked file waiting for its confirmation, then the
// import's result.
type pendingImport struct {
	mu      sync.Mutex // held while importing: a second confirm waits, then sees done
	user    int64
	name    string
	body    []byte
	sum     string // sha256 of body
	at      time.Time
	done    bool
	settled atomic.Bool // done, readable without mu (for the store's bookkeeping)
	size    int64       // len(body) as checked; fixed
	report  households.ImportReport
	problem []households.ImportProblem
}

// pendingImports keeps checked files for an hour: at most maxPending of
// them and maxPendingBytes in all (the oldest go first), one waiting file
// per user (a new check replaces the user's unconfirmed one); a confirmed
// one keeps its result, not its file. They live in the process: a restart
// between the check and the confirmation asks for the file again.
type pendingImports struct {
	mu sync.Mutex
	m  map[string]*pendingImport
}

const (
	maxPending      = 64
	maxPendingBytes = 256 << 20
	pendingTTL      = time.Hour
)

var imports = &pendingImports{m: map[string]*pendingImport{}}

func (p *pendingImports) add(e *pendingImport) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	e.size = int64(len(e.body))
	total := e.size
	for k, v := range p.m {
		if now.Sub(v.at) > pendingTTL || (!v.settled.Load() && v.user == e.user) {
			delete(p.m, k)
			continue
		}
		if !v.settled.Load() {
			total += v.size
		}
	}
	for len(p.m) >= maxPending || total > maxPendingBytes {
		oldest := ""
		for k, v := range p.m {
			if oldest == "" || v.at.Before(p.m[oldest].at) {
				oldest = k
			}
		}
		if oldest == "" {
			break
		}
		if !p.m[oldest].settled.Load() {
			total -= p.m[oldest].size
		}
		delete(p.m, oldest)
	}
	token := newFormKey()
	e.at = now
	p.m[token] = e
	return token
}

// get is user's pending import of token, or nil.
func (p *pendingImports) get(token string, user int64) *pendingImport {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.m[token]
	if e == nil || e.user != user || time.Since(e.at) > pendingTTL {
		return nil
	}
	return e
}

type importPage struct {
	consoleFrame
	CSRF     string
	Token    string
	File     string
	Report   *households.ImportReport
	Problems []households.ImportProblem
	Done     bool
	Errors   formErrors
}

// Poor and NearPoor are the report's valid rows by category.
func (p importPage) Poor() int     { return p.Report.ByCategory[households.Poor] }
func (p importPage) NearPoor() int { return p.Report.ByCategory[households.NearPoor] }

// maxShownProblems caps the problems a page lists, as the API does.
const maxShownProblems = 5000

func (s *Server) consoleImportForm(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, householdImportRoute)
	if !ok {
		return
	}
	page := importPage{consoleFrame: s.frame(u), CSRF: u.CSRF}
	if token := r.URL.Query().Get("done"); token != "" {
		e := imports.get(token, u.User.ID)
		if e == nil {
			s.notFound(w, r)
			return
		}
		e.mu.Lock()
		page.Done, page.File = e.done, e.name
		rep := e.report
		e.mu.Unlock()
		if !page.Done {
			s.notFound(w, r)
			return
		}
		page.Report = &rep
	}
	s.render(w, r, http.StatusOK, "console_district_import", page)
}

// consoleImportCheck checks an uploaded list and registers nothing.
func (s *Server) consoleImportCheck(w http.ResponseWriter, r *http.Request) {
	u, ok := s.consoleWrite(w, r, householdImportRoute, maxUploadFormBytes)
	if !ok {
		return
	}
	l := lang(r)
	page := importPage{consoleFrame: s.frame(u), CSRF: u.CSRF}
	f, fh, err := r.FormFile("file")
	var body []byte
	if err == nil {
		defer f.Close()
		body, err = io.ReadAll(f)
		page.File = fh.Filename
	}
	if err != nil || len(body) == 0 {
		page.Errors = formErrors{Fields: map[string]string{"file": i18n.T(l, i18n.ConsoleDistrictNoFile)}}
		s.render(w, r, http.StatusUnprocessableEntity, "console_district_import", page)
		return
	}
	rep, err := s.Households.Import(r.Context(), page.File, bytes.NewReader(body),
		households.ImportOptions{DryRun: true, Scope: districtScope(u), Limits: defaultLimits})
	status := http.StatusOK
	if err != nil {
		status = statusOf(err)
	} else if rep.Invalid > 0 {
		status = http.StatusUnprocessableEntity
	}
	if aerr := s.auditWrite(r, u, "/console/households/import", "households:0", status, 0, 0); aerr != nil {
		s.serverError(w, r, aerr)
		return
	}
	page.Report, page.Problems = &rep, clipProblems(rep.Problems)
	if err != nil && errorCode(err) != "import-invalid" {
		errs, ok := errorsOf(err)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		page.Report = nil
		page.Errors = errs
		s.render(w, r, status, "console_district_import", page)
		return
	}
	if err == nil && rep.Invalid == 0 && rep.Rows > 0 {
		sum := sha256.Sum256(body)
		page.Token = imports.add(&pendingImport{user: u.User.ID, name: page.File, body: body, sum: hex.EncodeToString(sum[:])})
	}
	s.render(w, r, status, "console_district_import", page)
}

// consoleImportConfirm registers the checked list of the form's token.
func (s *Server) consoleImportConfirm(w http.ResponseWriter, r *http.Request) {
	u, ok := s.consoleWrite(w, r, householdImportRoute, 0)
	if !ok {
		return
	}
	l := lang(r)
	token := r.PostFormValue("token")
	e := imports.get(token, u.User.ID)
	if e == nil {
		page := importPage{consoleFrame: s.frame(u), CSRF: u.CSRF,
			Errors: formErrors{General: []string{i18n.T(l, i18n.ConsoleDistrictImportExpired)}}}
		s.render(w, r, http.StatusNotFound, "console_district_import", page)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	done := "/console/households/import?done=" + token
	if e.done { // the same confirmation again: imported once already
		http.Redirect(w, r, done, http.StatusSeeOther)
		return
	}
	rep, err := s.Households.Import(r.Context(), e.name, bytes.NewReader(e.body),
		households.ImportOptions{Scope: districtScope(u), Limits: defaultLimits})
	status := http.StatusOK
	if err != nil {
		status = statusOf(err)
	}
	if aerr := s.auditWrite(r, u, "/console/households/import/confirm", "households:"+strconv.Itoa(rep.Created), status, 0, 0); aerr != nil {
		s.serverError(w, r, aerr)
		return
	}
	if err == nil {
		e.done, e.report, e.body = true, rep, nil
		e.settled.Store(true)
		http.Redirect(w, r, done, http.StatusSeeOther)
		return
	}
	page := importPage{consoleFrame: s.frame(u), CSRF: u.CSRF, File: e.name}
	if errorCode(err) == "import-invalid" {
		// The registry changed since the check (e.g. a code now taken).
		page.Report, page.Problems = &rep, clipProblems(rep.Problems)
		s.render(w, r, status, "console_district_import", page)
		return
	}
	errs, ok := errorsOf(err)
	if !ok {
		s.serverError(w, r, err)
		return
	}
	page.Errors = errs
	s.render(w, r, status, "console_district_import", page)
}

func clipProblems(ps []households.ImportProblem) []households.ImportProblem {
	if len(ps) > maxShownProblems {
		return ps[:maxShownProblems]
	}
	return ps
}

// errorCode is the domain error's code ("import-invalid"), or "".
func errorCode(err error) string {
	if e, ok := rl.AsError(err); ok {
		return e.Code
	}
	return ""
}

// defaultLimits bound an uploaded list as the sheet package's defaults do
// (50 MB, what an XLSX may inflate to, rows): the zero value, named
// through households so that web need not import the sheet reader. The
// form's own bound is maxUploadFormBytes.
var defaultLimits = households.ImportOptions{}.Limits
