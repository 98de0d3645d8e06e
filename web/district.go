package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/households"
	"reliefledger/internal/i18n"
)

// The district officer's pages (issue 16): the district's households
// (list, one household with its history and an edit form), the import of
// a commune's list, deliveries of an approved plan on a phone, and the
// unreached households. Province-wide roles may open them too, as the API
// lets them; a district officer is confined to their district exactly as
// api/scope.go confines the API: another district's household, plan or
// commune answers the same 404 page as one that does not exist.

// API routes whose role lists decide who may use the pages.
const (
	householdsRoute       = "GET /api/v1/households"
	householdRoute        = "GET /api/v1/households/{id}"
	householdPatchRoute   = "PATCH /api/v1/households/{id}"
	householdImportRoute  = "POST /api/v1/households/import"
	deliveriesCreateRoute = "POST /api/v1/deliveries"
	deliveriesSignedRoute = "POST /api/v1/deliveries/import"
	unreachedRoute        = "GET /api/v1/households/unreached"
)

// noDistrict confines a district officer without a district to nothing
// (as api/scope.go does).
const noDistrict = "\x00none"

// districtScope is the district u is confined to, or "" for province-wide
// roles: the rule of api/scope.go.
func districtScope(u consoleUser) string {
	if u.User.Role != access.DistrictOfficer {
		return ""
	}
	if u.User.District == "" {
		return noDistrict
	}
	return u.User.District
}

// visibleDistrict reports whether u may see data of district d.
func visibleDistrict(u consoleUser, d string) bool {
	scope := districtScope(u)
	return scope == "" || d == scope
}

// commune is a commune offered in a filter or a picker.
type commune struct{ Code, Name string }

// communesOf lists the communes of district d, by name.
func (s *Server) communesOf(d string) []commune {
	tree := s.Households.Tree()
	var out []commune
	for _, c := range tree.Children(d) {
		if u, ok := tree.Unit(c); ok && u.IsCommune() {
			out = append(out, commune{Code: c, Name: u.FullName()})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// communeName is the name of a commune code, or the code.
func (s *Server) communeName(code string) string {
	if u, ok := s.Households.Tree().Unit(code); ok {
		return u.FullName()
	}
	return code
}

// districtOption is a district a province-wide role may pick.
type districtOption struct{ Code, Name string }

func (s *Server) districtOptions() []districtOption {
	if s.Households == nil {
		return nil
	}
	var out []districtOption
	for code, name := range s.Households.DistrictNames() {
		out = append(out, districtOption{Code: code, Name: name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// pageDistrict is the district a page shows: a district officer's own;
// for others the ?district= asked (may be ""). ok is false when the asked
// district is another's or unknown: the caller answers 404.
func (s *Server) pageDistrict(r *http.Request, u consoleUser, asked string) (string, bool) {
	if scope := districtScope(u); scope != "" {
		return scope, asked == "" || asked == scope
	}
	if asked != "" && !s.Households.DistrictExists(r.Context(), asked) {
		return "", false
	}
	return asked, true
}

// householdRow is a household as the page's viewer may see it.
type householdRow struct {
	households.Household
	CommuneName string
}

// seen masks identity numbers and phones unless u's role sees them.
func (s *Server) seen(u consoleUser, h households.Household) householdRow {
	if !access.SeesIdentity(u.User.Role) {
		h = households.Masked(h)
	}
	return householdRow{Household: h, CommuneName: s.communeName(h.Commune)}
}

// householdChoices are the values a household's selects offer.
type householdChoices struct{}

// Categories are the households' categories, in the order selects offer them.
func (householdChoices) Categories() []string {
	return []string{string(households.Poor), string(households.NearPoor)}
}

// Statuses are the households' statuses, in the order selects offer them.
func (householdChoices) Statuses() []string {
	return []string{string(households.Active), string(households.Graduated), string(households.Moved), string(households.Dissolved)}
}

type householdsPage struct {
	consoleFrame
	householdChoices
	Districts                            []districtOption // province-wide roles pick one
	Communes                             []commune
	Q, Commune, Category, Status, Filter string
	DistrictPick                         string
	Rows                                 []householdRow
	First, Next                          string
	Errors                               []string
	CanImport                            bool
}

func (s *Server) consoleHouseholds(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, householdsRoute)
	if !ok {
		return
	}
	q, l := r.URL.Query(), lang(r)
	district, ok := s.pageDistrict(r, u, q.Get("district"))
	if !ok {
		s.notFound(w, r)
		return
	}
	page := householdsPage{consoleFrame: s.frame(u), Q: q.Get("q"), Commune: q.Get("commune"), Category: q.Get("category"),
		Status: q.Get("status"), DistrictPick: district, CanImport: u.may[householdImportRoute]}
	if districtScope(u) == "" {
		page.Districts = s.districtOptions()
	} else if page.Commune != "" {
		// Another district's commune is the 404 page, as a missing one.
		if d, ok := s.Households.Tree().DistrictOf(page.Commune); !ok || d.Code != district {
			s.notFound(w, r)
			return
		}
	}
	if district != "" {
		page.Communes = s.communesOf(district)
	}
	limit := pageLimit(l, q.Get("limit"), &page.Errors)
	after := formCursor(l, q, &page.Errors)
	f := households.Filter{District: district, Commune: page.Commune, Category: households.Category(page.Category),
		Status: households.Status(page.Status), Query: strings.TrimSpace(page.Q), AfterID: after, Limit: limit + 1}
	if f.Category != "" && !f.Category.Valid() {
		page.Errors = append(page.Errors, i18n.T(l, i18n.ConsoleDistrictBadCategory))
	}
	if f.Status != "" && !f.Status.Valid() {
		page.Errors = append(page.Errors, i18n.T(l, i18n.ConsoleDistrictBadStatus))
	}
	if len(page.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "console_district_households", page)
		return
	}
	hs, err := s.Households.List(r.Context(), f, districtScope(u))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	hs, page.First, page.Next = pageLinks(r, hs, limit, func(h households.Household) int64 { return h.ID })
	for _, h := range hs {
		page.Rows = append(page.Rows, s.seen(u, h))
	}
	s.render(w, r, http.StatusOK, "console_district_households", page)
}

// householdForm is the edit form's values, as posted.
type householdForm struct {
	Category, Status, Members, Hamlet, HeadName, Phone, Reason string
	Flags                                                      map[string]bool
	Version                                                    int
}

func formOfHousehold(h households.Household) householdForm {
	f := householdForm{Category: string(h.Category), Status: string(h.Status), Members: strconv.Itoa(h.Members), Hamlet: h.Hamlet,
		HeadName: h.HeadName, Phone: h.Phone, Version: h.Version, Flags: map[string]bool{}}
	for _, fl := range h.Flags {
		f.Flags[fl] = true
	}
	return f
}

type householdPage struct {
	consoleFrame
	householdChoices
	Household householdRow
	History   []households.Change
	CanEdit   bool
	Form      householdForm
	FlagNames []string
	CSRF      string
	Idem      string
	Errors    formErrors
	Saved     bool
	SeesPhone bool
}

// scopedHousehold is the household of the path as u may see it, or false
// after answering 404 (no such household, or another district's).
func (s *Server) scopedHousehold(w http.ResponseWriter, r *http.Request, u consoleUser) (households.Household, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return households.Household{}, false
	}
	h, err := s.Households.Get(r.Context(), id, districtScope(u))
	if rl.ErrorKind(err) == rl.NotFound {
		s.notFound(w, r)
		return h, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return h, false
	}
	return h, true
}

func (s *Server) householdPageOf(r *http.Request, u consoleUser, h households.Household) (householdPage, error) {
	changes, err := s.Households.History(r.Context(), h.ID, districtScope(u))
	if err != nil {
		return householdPage{}, err
	}
	// Newest first: the last change is what a reader wants to see.
	for i, j := 0, len(changes)-1; i < j; i, j = i+1, j-1 {
		changes[i], changes[j] = changes[j], changes[i]
	}
	p := householdPage{consoleFrame: s.frame(u), Household: s.seen(u, h), History: changes, CanEdit: u.may[householdPatchRoute],
		FlagNames: households.KnownFlags, CSRF: u.CSRF, Idem: newFormKey(), Form: formOfHousehold(h),
		SeesPhone: access.SeesIdentity(u.User.Role)}
	if !access.SeesIdentity(u.User.Role) {
		p.Form.Phone = "" // never put a number the role may not see into a form
	}
	return p, nil
}

func (s *Server) consoleHousehold(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, householdRoute)
	if !ok {
		return
	}
	h, ok := s.scopedHousehold(w, r, u)
	if !ok {
		return
	}
	page, err := s.householdPageOf(r, u, h)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page.Saved = r.URL.Query().Get("saved") == "1"
	s.render(w, r, http.StatusOK, "console_district_household", page)
}

// consoleHouseholdUpdate changes a household with a reason, as PATCH
// /api/v1/households/{id} does. The form carries the version it was shown
// with: a second post of the same form finds the household changed by it
// and is answered as the first was (nothing recorded twice); a change by
// someone else in between is refused with the current values shown.
func (s *Server) consoleHouseholdUpdate(w http.ResponseWriter, r *http.Request) {
	u, ok := s.consoleWrite(w, r, householdPatchRoute, 0)
	if !ok {
		return
	}
	h, ok := s.scopedHousehold(w, r, u)
	if !ok {
		return
	}
	l := lang(r)
	pf := r.PostForm
	form := householdForm{Category: pf.Get("category"), Status: pf.Get("status"), Members: strings.TrimSpace(pf.Get("members")),
		Hamlet: pf.Get("hamlet"), HeadName: pf.Get("head_name"), Phone: pf.Get("phone"), Reason: strings.TrimSpace(pf.Get("reason")),
		Flags: map[string]bool{}}
	form.Version, _ = strconv.Atoi(pf.Get("version"))
	for _, fl := range pf["flags"] {
		form.Flags[fl] = true
	}
	var fe rl.Fields
	if form.Reason == "" {
		fe.Add("reason", "%s", i18n.T(l, i18n.ConsoleDistrictReasonRequired))
	}
	members, err := strconv.Atoi(form.Members)
	if err != nil {
		fe.Add("members", "%s", i18n.T(l, i18n.ConsoleDistrictBadMembers))
	}
	if form.Version <= 0 {
		fe.Add("version", "the form has no version: open the page again")
	}
	cat, st := households.Category(form.Category), households.Status(form.Status)
	flags := []string{}
	for _, k := range households.KnownFlags {
		if form.Flags[k] {
			flags = append(flags, k)
		}
	}
	p := households.Patch{Category: &cat, Status: &st, Members: &members, Flags: &flags, Hamlet: &form.Hamlet, HeadName: &form.HeadName,
		Version: form.Version, Reason: form.Reason}
	if access.SeesIdentity(u.User.Role) {
		p.Phone = &form.Phone
	}
	err = fe.Err()
	var got households.Household
	if err == nil {
		got, err = s.Households.Update(r.Context(), h.ID, p, u.User.ID, districtScope(u))
		if rl.ErrorKind(err) == rl.Conflict && s.sameChange(r, u, h, form) {
			got, err = h, nil // the same form posted again: it was recorded once
		}
	}
	status := http.StatusOK
	if err != nil {
		status = statusOf(err)
	}
	if aerr := s.auditWrite(r, u, "/console/households/{id}", "household:"+strconv.FormatInt(h.ID, 10), status, 0, 0); aerr != nil {
		s.serverError(w, r, aerr)
		return
	}
	if err == nil {
		http.Redirect(w, r, "/console/households/"+strconv.FormatInt(got.ID, 10)+"?saved=1", http.StatusSeeOther)
		return
	}
	errs, ok := errorsOf(err)
	if !ok {
		s.serverError(w, r, err)
		return
	}
	if rl.ErrorKind(err) == rl.Conflict {
		errs.General = []string{i18n.T(l, i18n.ConsoleDistrictStale)}
	}
	page, perr := s.householdPageOf(r, u, h)
	if perr != nil {
		s.serverError(w, r, perr)
		return
	}
	if rl.ErrorKind(err) != rl.Conflict {
		page.Form = form // keep what was typed; a conflict shows the current values
		if !access.SeesIdentity(u.User.Role) {
			page.Form.Phone = ""
		}
	}
	page.Errors = errs
	s.render(w, r, status, "console_district_household", page)
}

// sameChange reports whether the household's last change is the one form
// asks: made by u from the version the form was shown with, with the
// same reason and leaving the household as the form says. Then a post
// refused as stale is the same form posted again.
func (s *Server) sameChange(r *http.Request, u consoleUser, h households.Household, f householdForm) bool {
	if h.Version != f.Version+1 {
		return false
	}
	changes, err := s.Households.History(r.Context(), h.ID, districtScope(u))
	if err != nil || len(changes) == 0 {
		return false
	}
	last := changes[len(changes)-1]
	if last.By != u.User.ID || last.Version != h.Version || last.Reason != f.Reason {
		return false
	}
	now := formOfHousehold(h)
	same := now.Category == f.Category && now.Status == f.Status && now.Members == f.Members &&
		now.Hamlet == strings.Join(strings.Fields(f.Hamlet), " ") && now.HeadName == strings.Join(strings.Fields(f.HeadName), " ")
	for _, k := range households.KnownFlags {
		same = same && now.Flags[k] == f.Flags[k]
	}
	return same
}

// withQuery is path with the query q (none when q is empty).
func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}
