package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	rl "reliefledger"
	"reliefledger/donations"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// The bank statement import, in two steps as the API's dry_run: the
// upload is checked (nothing recorded) and its report shown; confirming
// imports that very file. Between the two the file waits on the server, in
// a temporary file named by a hash of the session's CSRF token and the
// file's sha256: only the session that uploaded it can name it, and the
// confirm checks the content's hash again before importing. Importing the
// same statement again records nothing: its lines are duplicates (the
// service's statement keys). The confirm's form key makes a double submit
// show the first import's report instead of a second, empty one.

const routeImportStatement = "POST /api/v1/bank-statements"

// statementKeep is how long an upload waits for its confirm.
const statementKeep = 24 * time.Hour

// maxStatementProblems is how many problem lines the page lists.
const maxStatementProblems = 2000

var (
	hexName    = regexp.MustCompile(`^[0-9a-f]{64}$`)
	statementX = regexp.MustCompile(`^[a-z0-9]{1,5}$`)
)

type statementPage struct {
	consoleFrame
	CSRF, Idem string
	Funds      []ledger.FundSummary
	Fund       string
	// The uploaded file waiting for its confirm.
	FileName, SHA, Ext string
	Report             *donations.StatementReport
	Problems           []donations.StatementProblem
	ProblemsCut        bool
	Duplicates         []donations.StatementDuplicate
	DuplicatesCut      bool
	Done               bool // the report of a confirmed import
	Errors             formErrors
}

// statementDir is where uploads wait for their confirm.
func statementDir() string { return filepath.Join(os.TempDir(), "reliefledger-statements") }

// statementKey names a session's upload: only that session can name it.
func statementKey(csrf, sha string) string {
	h := sha256.Sum256([]byte("statement\x00" + csrf + "\x00" + sha))
	return hex.EncodeToString(h[:])
}

func (s *Server) consoleStatements(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, routeImportStatement)
	if !ok {
		return
	}
	page := statementPage{consoleFrame: s.frame(u), CSRF: u.CSRF, Idem: newFormKey(), Fund: r.URL.Query().Get("fund")}
	if !s.statementFunds(w, r, &page) {
		return
	}
	s.render(w, r, http.StatusOK, "console_fund_statements", page)
}

func (s *Server) statementFunds(w http.ResponseWriter, r *http.Request, page *statementPage) bool {
	funds, err := s.Ledger.FundSummaries(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return false
	}
	page.Funds = funds
	return true
}

// consolePreviewStatement keeps the uploaded file and shows what
// importing it would do (the service's dry run): nothing is recorded.
func (s *Server) consolePreviewStatement(w http.ResponseWriter, r *http.Request) {
	u, ok := s.consoleWrite(w, r, routeImportStatement, maxUploadFormBytes)
	if !ok {
		return
	}
	l := lang(r)
	page := statementPage{consoleFrame: s.frame(u), CSRF: u.CSRF, Idem: newFormKey(), Fund: r.PostFormValue("fund")}
	if !s.statementFunds(w, r, &page) {
		return
	}
	refuse := func(err error) {
		errs, ok := errorsOf(err)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		page.Errors = errs
		s.render(w, r, statusOf(err), "console_fund_statements", page)
	}
	f, h, err := r.FormFile("file")
	if err != nil {
		refuse(rl.InvalidFields(rl.FieldError{Field: "file", Message: i18n.T(l, i18n.ConsoleFundNoFile)}))
		return
	}
	defer f.Close()
	page.FileName = filepath.Base(h.Filename)
	page.Ext = strings.ToLower(strings.TrimPrefix(filepath.Ext(page.FileName), "."))
	if !statementX.MatchString(page.Ext) {
		page.Ext = "bin"
	}
	page.SHA, err = keepStatement(f, u.CSRF, page.Ext)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rep, err := s.importKept(r.Context(), r, u, page, true)
	if err != nil {
		refuse(err)
		return
	}
	// The API audits its dry runs as every POST; so does the page.
	if err := s.auditWrite(r, u, "/console/statements", "bank-statement:"+page.Fund, http.StatusOK, 0, 0); err != nil {
		s.serverError(w, r, err)
		return
	}
	page.setReport(rep)
	s.render(w, r, http.StatusOK, "console_fund_statements", page)
}

func (p *statementPage) setReport(rep donations.StatementReport) {
	p.Report = &rep
	// In the file's order.
	p.Problems = slices.Clone(rep.Problems)
	slices.SortStableFunc(p.Problems, func(a, b donations.StatementProblem) int { return a.Line - b.Line })
	if len(p.Problems) > maxStatementProblems {
		p.Problems, p.ProblemsCut = p.Problems[:maxStatementProblems], true
	}
	p.Duplicates = rep.DuplicateLines
	if len(p.Duplicates) > maxStatementProblems {
		p.Duplicates, p.DuplicatesCut = p.Duplicates[:maxStatementProblems], true
	}
}

// keepStatement stores an upload for its confirm and returns its sha256.
func keepStatement(f io.Reader, csrf, ext string) (string, error) {
	dir := statementDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	cleanStatements(dir)
	tmp, err := os.CreateTemp(dir, "upload-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(tmp, h), f); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	sha := hex.EncodeToString(h.Sum(nil))
	return sha, os.Rename(tmp.Name(), filepath.Join(dir, statementKey(csrf, sha)+"."+ext))
}

// cleanStatements removes uploads and reports older than statementKeep.
func cleanStatements(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > statementKeep {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// importKept runs the import (or its dry run) on the session's kept file,
// after checking its content's hash.
func (s *Server) importKept(ctx context.Context, r *http.Request, u consoleUser, page statementPage, dry bool) (donations.StatementReport, error) {
	l := lang(r)
	gone := rl.InvalidFields(rl.FieldError{Field: "file", Message: i18n.T(l, i18n.ConsoleFundFileGone)})
	if !hexName.MatchString(page.SHA) || !statementX.MatchString(page.Ext) {
		return donations.StatementReport{}, gone
	}
	path := filepath.Join(statementDir(), statementKey(u.CSRF, page.SHA)+"."+page.Ext)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return donations.StatementReport{}, gone
	}
	if err != nil {
		return donations.StatementReport{}, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return donations.StatementReport{}, err
	}
	if hex.EncodeToString(h.Sum(nil)) != page.SHA {
		return donations.StatementReport{}, gone
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return donations.StatementReport{}, err
	}
	if page.Fund == "" {
		return donations.StatementReport{}, rl.InvalidFields(rl.FieldError{Field: "fund", Message: i18n.T(l, i18n.ConsoleFundPickFund)})
	}
	name := page.FileName
	if name == "" || !strings.EqualFold(strings.TrimPrefix(filepath.Ext(name), "."), page.Ext) {
		name = "statement." + page.Ext
	}
	return s.Donations.ImportStatement(ctx, ledger.Actor{UserID: u.User.ID}, name, f,
		// The sheet's default limits (50 MB, inflation bounded); the body
		// was bounded by maxUploadFormBytes already.
		donations.StatementOptions{Fund: page.Fund, DryRun: dry})
}

// consoleConfirmStatement imports the previewed file, as POST
// /api/v1/bank-statements does, and shows its report (Post/Redirect/Get).
func (s *Server) consoleConfirmStatement(w http.ResponseWriter, r *http.Request) {
	u, ok := s.consoleWrite(w, r, routeImportStatement, 0)
	if !ok {
		return
	}
	page := statementPage{consoleFrame: s.frame(u), CSRF: u.CSRF, Idem: newFormKey(), Fund: r.PostFormValue("fund"),
		FileName: r.PostFormValue("name"), SHA: r.PostFormValue("sha"), Ext: r.PostFormValue("ext")}
	if !s.statementFunds(w, r, &page) {
		return
	}
	refuse := func(err error) {
		errs, ok := errorsOf(err)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		page.Errors = errs
		s.render(w, r, statusOf(err), "console_fund_statements", page)
	}
	a, err := formActor(u, r)
	if err != nil {
		refuse(err)
		return
	}
	// The report of this form's import: a second submit of the same form
	// shows it instead of importing again (which would record nothing
	// anyway, every line being a duplicate by then).
	k := a.Idem.RequestHash[:16] + "-" + keyHash(a.Idem.Key)
	done := "/console/statements/result?sha=" + url.QueryEscape(page.SHA) + "&k=" + k
	reportPath := filepath.Join(statementDir(), statementKey(u.CSRF, page.SHA)+"-"+k+".json")
	if _, err := os.Stat(reportPath); err == nil && hexName.MatchString(page.SHA) {
		http.Redirect(w, r, done, http.StatusSeeOther)
		return
	}
	ctx, audited := s.inAudit(r, u, "/console/statements/confirm", "bank-statement:"+page.Fund, http.StatusOK)
	rep, err := s.importKept(ctx, r, u, page, false)
	if err != nil {
		refuse(err)
		return
	}
	page.Report = &rep
	b, err := json.Marshal(savedReport{Fund: page.Fund, FileName: page.FileName, Report: rep})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := os.WriteFile(reportPath, b, 0o600); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := audited(); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, done, http.StatusSeeOther)
}

func keyHash(k string) string {
	h := sha256.Sum256([]byte(k))
	return hex.EncodeToString(h[:8])
}

type savedReport struct {
	Fund, FileName string
	Report         donations.StatementReport
}

var reportName = regexp.MustCompile(`^[0-9a-f]{16}-[0-9a-f]{16}$`)

// consoleStatementResult shows a confirmed import's report. Its file's
// name starts with the session's key of the statement: another session's
// report is not found.
func (s *Server) consoleStatementResult(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, routeImportStatement)
	if !ok {
		return
	}
	sha, k := r.URL.Query().Get("sha"), r.URL.Query().Get("k")
	if !reportName.MatchString(k) || !hexName.MatchString(sha) {
		s.notFound(w, r)
		return
	}
	b, err := os.ReadFile(filepath.Join(statementDir(), statementKey(u.CSRF, sha)+"-"+k+".json"))
	if errors.Is(err, fs.ErrNotExist) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var saved savedReport
	if err := json.Unmarshal(b, &saved); err != nil {
		s.serverError(w, r, err)
		return
	}
	page := statementPage{consoleFrame: s.frame(u), CSRF: u.CSRF, Idem: newFormKey(), Fund: saved.Fund, FileName: saved.FileName, Done: true}
	if !s.statementFunds(w, r, &page) {
		return
	}
	page.setReport(saved.Report)
	s.render(w, r, http.StatusOK, "console_fund_statements", page)
}
