package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// The admin's pages: users (create, role, district, deactivate, password,
// API tokens) and the funds with their accounts. They call the same
// access.Users and ledger services as the API's routes of the same work,
// and each is open to exactly the roles those routes allow.

const (
	routeUsers       = "GET /api/v1/users"
	routeUserCreate  = "POST /api/v1/users"
	routeUser        = "GET /api/v1/users/{id}"
	routeUserPatch   = "PATCH /api/v1/users/{id}"
	routeUserPasswd  = "PUT /api/v1/users/{id}/password"
	routeTokenCreate = "POST /api/v1/users/{id}/tokens"
	routeTokenRevoke = "DELETE /api/v1/users/{id}/tokens/{token_id}"
	// The funds page is for those who may open funds and accounts.
	routeFunds = "POST /api/v1/funds"
)

// userForm is what the new-user form shows again after a refusal (never
// the password).
type userForm struct {
	Name, Username, Role, District string
}

type adminUsersPage struct {
	consoleFrame
	Users       []access.User
	First, Next string
	ListErrors  []string
	Districts   []districtOption
	Roles       []access.Role
	Form        userForm
	Idem        string
	Errors      formErrors
}

// DistrictName is the name of a district code, for the list.
func (p adminUsersPage) DistrictName(code string) string {
	for _, d := range p.Districts {
		if d.Code == code {
			return d.Name
		}
	}
	return code
}

func (s *Server) consoleUsers(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, routeUsers)
	if !ok {
		return
	}
	s.renderUsers(w, r, u, http.StatusOK, userForm{}, formErrors{}, newFormKey())
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, u consoleUser, status int, form userForm, fe formErrors, idem string) {
	l, q := lang(r), r.URL.Query()
	page := adminUsersPage{consoleFrame: s.frame(u), Districts: s.districtOptions(), Roles: access.Roles, Form: form, Idem: idem, Errors: fe}
	limit := pageLimit(l, q.Get("limit"), &page.ListErrors)
	after, ok := parseCursor(q.Get("cursor"))
	if !ok {
		page.ListErrors = append(page.ListErrors, i18n.T(l, i18n.ConsoleBadCursor))
	}
	users, err := s.signIn().Users.List(r.Context(), after, limit+1)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page.Users, page.First, page.Next = pageLinks(r, users, limit, func(x access.User) int64 { return x.ID })
	s.render(w, r, status, "console_admin_users", page)
}

// auditedRequest is formRequest for the admin's forms, which read the
// context rather than the request.
func (s *Server) auditedRequest(r *http.Request, u consoleUser, route string) (context.Context, *rl.Request) {
	r, req := s.formRequest(r, u, route, "")
	return r.Context(), req
}

// finishAudit records a write no transaction recorded (a refusal, a
// replay, a change to nothing) with the status it was answered with.
func (s *Server) finishAudit(r *http.Request, u consoleUser, req *rl.Request, target string, status int) {
	if req.Audited() {
		return
	}
	if err := s.auditWrite(r, u, req.Route, target, status, 0, 0); err != nil {
		s.Log.Error("web: audit record lost", "route", req.Route, "user_id", u.User.ID, "err", err)
	}
}

// consoleCreateUser creates a user, with a username and first password
// when given, and shows the user's page.
func (s *Server) consoleCreateUser(w http.ResponseWriter, r *http.Request) {
	u, ok := s.consoleWrite(w, r, routeUserCreate, 0)
	if !ok {
		return
	}
	form := userForm{Name: r.PostFormValue("name"), Username: r.PostFormValue("username"), Role: r.PostFormValue("role"), District: r.PostFormValue("district")}
	if form.Role != string(access.DistrictOfficer) {
		form.District = "" // the list is there for district officers only
	}
	password := r.PostFormValue("password")
	// The idempotency record keeps a hash of the form: not of the password.
	r.PostForm.Del("password")
	ctx, req := s.auditedRequest(r, u, "/console/users")
	refuse := func(err error) {
		fe, ok := errorsOf(err)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		status := statusOf(err)
		s.finishAudit(r, u, req, "", status)
		s.renderUsers(w, r, u, status, form, s.userErrors(lang(r), fe, err), r.PostFormValue(idemField))
	}
	actor, err := formActor(u, r)
	if err != nil {
		refuse(err)
		return
	}
	if password == "" && strings.TrimSpace(form.Username) != "" {
		refuse(rl.InvalidFields(rl.FieldError{Field: "password", Message: "is required with a username"}))
		return
	}
	created, replayed, err := s.signIn().Users.Create(ctx, access.UserInput{Name: form.Name, Username: form.Username, Role: access.Role(form.Role),
		District: form.District, Password: password}, actor.Idem)
	if err != nil {
		refuse(err)
		return
	}
	target := "user:" + strconv.FormatInt(created.ID, 10)
	if replayed {
		s.finishAudit(r, u, req, target, http.StatusOK)
	}
	http.Redirect(w, r, "/console/users/"+strconv.FormatInt(created.ID, 10)+"?done=created", http.StatusSeeOther)
}

// userErrors turns the domain's refusals of the user forms into the
// page's language; messages it does not know stay as they are.
func (s *Server) userErrors(l i18n.Lang, fe formErrors, err error) formErrors {
	if errors.Is(err, access.ErrLastAdmin) {
		return formErrors{Fields: map[string]string{}, General: []string{i18n.T(l, i18n.ConsoleAdminErrLastAdmin)}}
	}
	if rl.ErrorKind(err) == rl.Conflict && strings.Contains(err.Error(), "username") {
		fe.Fields["username"] = i18n.T(l, i18n.WebUsersUsernameTaken)
		fe.General = nil
	}
	for field, msg := range fe.Fields {
		var k i18n.Key
		switch {
		case field == "name" && strings.HasPrefix(msg, "is required"):
			k = i18n.ConsoleAdminErrName
		case field == "role" && strings.HasPrefix(msg, "you cannot"):
			k = i18n.ConsoleAdminErrSelfRole
		case field == "role":
			k = i18n.ConsoleAdminErrRole
		case field == "district" && strings.HasPrefix(msg, "is required"):
			k = i18n.ConsoleAdminErrDistrictNeed
		case field == "district" && strings.HasPrefix(msg, "no district"):
			k = i18n.ConsoleAdminErrDistrictBad
		case field == "district":
			k = i18n.ConsoleAdminErrDistrictNone
		case field == "username" && strings.HasPrefix(msg, "is required"):
			k = i18n.ConsoleAdminErrUsernameNeed
		case field == "username" && strings.HasPrefix(msg, "must be"):
			k = i18n.WebUsersUsernameRule
		case field == "password" && strings.HasPrefix(msg, "is required"):
			k = i18n.ConsoleAdminErrPasswordNeed
		case field == "password":
			k = i18n.WebUsersPasswordRule
		case field == "active":
			k = i18n.ConsoleAdminErrSelfActive
		case field == "name" && strings.HasPrefix(msg, "is required, at most 100"):
			k = i18n.ConsoleAdminErrTokenName
		case field == "expires_at":
			k = i18n.ConsoleAdminErrExpires
		case field == "user" && msg == "is disabled":
			k = i18n.ConsoleAdminErrDisabled
		}
		if k != "" {
			fe.Fields[field] = i18n.T(l, k)
		}
	}
	return fe
}

// tokenRow is a token as the user's page lists it.
type tokenRow struct {
	access.Token
	Expired bool
}

type adminUserPage struct {
	consoleFrame
	User         access.User
	DistrictName string
	Self         bool
	Districts    []districtOption
	Roles        []access.Role
	// Role and District are the values the role form shows.
	Role, District string
	Tokens         []tokenRow
	Idem           string
	Errors         formErrors
	// Which form Errors belong to: role, active, password, token.
	ErrorsOf string
	Done     string // a message of what was done
	// Secret is a token's secret, shown once after it was issued.
	Secret, SecretName string
	TokenName          string
	TokenExpires       string
	Username           string
	revoked            int64 // the token just revoked, to name it
}

func (s *Server) consoleUser(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, routeUser)
	if !ok {
		return
	}
	target, ok := s.accountUser(w, r)
	if !ok {
		return
	}
	page := s.userPage(u, target)
	l := lang(r)
	switch r.URL.Query().Get("done") {
	case "created":
		page.Done = i18n.F(l, "console.admin.created", target.Name)
	case "saved":
		page.Done = i18n.F(l, "console.admin.saved", target.Name)
	case "deactivated":
		page.Done = i18n.F(l, "console.admin.deactivated", target.Name)
	case "reactivated":
		page.Done = i18n.F(l, "console.admin.reactivated", target.Name)
	case "password":
		page.Done = i18n.F(l, i18n.WebUsersSaved, target.Name)
	case "revoked":
		page.revoked, _ = strconv.ParseInt(r.URL.Query().Get("token"), 10, 64)
	}
	s.renderUser(w, r, http.StatusOK, page)
}

func (s *Server) userPage(u consoleUser, target access.User) adminUserPage {
	page := adminUserPage{consoleFrame: s.frame(u), User: target, Self: target.ID == u.User.ID, Districts: s.districtOptions(),
		Roles: access.Roles, Role: string(target.Role), District: target.District, Idem: newFormKey(), Username: target.Username}
	for _, d := range page.Districts {
		if d.Code == target.District {
			page.DistrictName = d.Name
		}
	}
	return page
}

// renderUser reads the user's tokens and shows the page.
func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, page adminUserPage) {
	toks, err := s.signIn().Users.Tokens(r.Context(), page.User.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	now := time.Now()
	page.Tokens = page.Tokens[:0]
	for _, t := range toks {
		page.Tokens = append(page.Tokens, tokenRow{Token: t, Expired: t.ExpiresAt != nil && !now.Before(*t.ExpiresAt)})
		if t.ID == page.revoked && t.RevokedAt != nil {
			page.Done = i18n.F(lang(r), "console.admin.revoked", t.Name)
		}
	}
	if page.Errors.Fields == nil {
		page.Errors.Fields = map[string]string{}
	}
	s.render(w, r, status, "console_admin_user", page)
}

// userWrite starts a write on the user of the path: the role check, the
// CSRF token, the user. On false it has answered.
func (s *Server) userWrite(w http.ResponseWriter, r *http.Request, route string) (consoleUser, access.User, bool) {
	u, ok := s.consoleWrite(w, r, route, 0)
	if !ok {
		return u, access.User{}, false
	}
	target, ok := s.accountUser(w, r)
	return u, target, ok
}

// refuseUser shows the user's page again with a form's errors.
func (s *Server) refuseUser(w http.ResponseWriter, r *http.Request, u consoleUser, req *rl.Request, target access.User, page adminUserPage, form string, err error) {
	fe, ok := errorsOf(err)
	if !ok {
		s.serverError(w, r, err)
		return
	}
	status := statusOf(err)
	s.finishAudit(r, u, req, "user:"+strconv.FormatInt(target.ID, 10), status)
	page.Errors, page.ErrorsOf = s.userErrors(lang(r), fe, err), form
	s.renderUser(w, r, status, page)
}

// consoleUpdateUser changes a user's role and district.
func (s *Server) consoleUpdateUser(w http.ResponseWriter, r *http.Request) {
	u, target, ok := s.userWrite(w, r, routeUserPatch)
	if !ok {
		return
	}
	role, district := access.Role(r.PostFormValue("role")), r.PostFormValue("district")
	if role != access.DistrictOfficer {
		district = ""
	}
	ctx, req := s.auditedRequest(r, u, "/console/users/{id}")
	got, err := s.signIn().Users.Update(ctx, u.User.ID, target.ID, access.UserUpdate{Role: &role, District: &district})
	if err != nil {
		page := s.userPage(u, target)
		page.Role, page.District = string(role), district
		s.refuseUser(w, r, u, req, target, page, "role", err)
		return
	}
	http.Redirect(w, r, "/console/users/"+strconv.FormatInt(got.ID, 10)+"?done=saved", http.StatusSeeOther)
}

// consoleUserActive deactivates (active=false) or reactivates a user.
func (s *Server) consoleUserActive(w http.ResponseWriter, r *http.Request) {
	u, target, ok := s.userWrite(w, r, routeUserPatch)
	if !ok {
		return
	}
	active := r.PostFormValue("active") == "true"
	ctx, req := s.auditedRequest(r, u, "/console/users/{id}/active")
	got, err := s.signIn().Users.Update(ctx, u.User.ID, target.ID, access.UserUpdate{Active: &active})
	if err != nil {
		s.refuseUser(w, r, u, req, target, s.userPage(u, target), "active", err)
		return
	}
	done := "reactivated"
	if !active {
		done = "deactivated"
	}
	http.Redirect(w, r, "/console/users/"+strconv.FormatInt(got.ID, 10)+"?done="+done, http.StatusSeeOther)
}

// consoleUserPassword sets a user's username and password and ends every
// session of the user.
func (s *Server) consoleUserPassword(w http.ResponseWriter, r *http.Request) {
	u, target, ok := s.userWrite(w, r, routeUserPasswd)
	if !ok {
		return
	}
	username := r.PostFormValue("username")
	change := username
	if access.NormalizeUsername(username) == target.Username {
		change = "" // unchanged
	}
	ctx, req := s.auditedRequest(r, u, "/console/users/{id}/password")
	got, err := s.signIn().Users.SetPassword(ctx, target.ID, change, r.PostFormValue("password"))
	if err != nil {
		page := s.userPage(u, target)
		page.Username = username
		s.refuseUser(w, r, u, req, target, page, "password", err)
		return
	}
	http.Redirect(w, r, "/console/users/"+strconv.FormatInt(got.ID, 10)+"?done=password", http.StatusSeeOther)
}

// consoleIssueToken issues an API token and shows its secret, once: the
// page is the answer to the POST (the secret is not kept anywhere to
// redirect to); the form's idempotency key makes a reload replay the
// issue, which shows no secret and issues nothing.
func (s *Server) consoleIssueToken(w http.ResponseWriter, r *http.Request) {
	u, target, ok := s.userWrite(w, r, routeTokenCreate)
	if !ok {
		return
	}
	l := lang(r)
	page := s.userPage(u, target)
	page.TokenName, page.TokenExpires = r.PostFormValue("name"), r.PostFormValue("expires")
	ctx, req := s.auditedRequest(r, u, "/console/users/{id}/tokens")
	actor, err := formActor(u, r)
	if err != nil {
		s.refuseUser(w, r, u, req, target, page, "token", err)
		return
	}
	var expires *time.Time
	if v := strings.TrimSpace(page.TokenExpires); v != "" {
		d, err := ledger.ParseDate(v)
		if err != nil {
			s.refuseUser(w, r, u, req, target, page, "token", rl.InvalidFields(rl.FieldError{Field: "expires_at", Message: "must be a date"}))
			return
		}
		y, m, dd := d.Date()
		t := time.Date(y, m, dd+1, 0, 0, 0, 0, ledger.Location) // the end of that day in Vietnam
		expires = &t
	}
	tok, secret, replayed, err := s.signIn().Users.CreateToken(ctx, target.ID, page.TokenName, expires, actor.Idem)
	if err != nil {
		s.refuseUser(w, r, u, req, target, page, "token", err)
		return
	}
	if replayed {
		s.finishAudit(r, u, req, "token:"+strconv.FormatInt(tok.ID, 10), http.StatusOK)
		page.Done = i18n.F(l, "console.admin.replayed", tok.Name)
	} else {
		page.Secret, page.SecretName = secret, tok.Name
	}
	page.TokenName, page.TokenExpires = "", ""
	w.Header().Set("Cache-Control", "no-store")
	s.renderUser(w, r, http.StatusOK, page)
}

// consoleRevokeToken revokes one of the user's tokens.
func (s *Server) consoleRevokeToken(w http.ResponseWriter, r *http.Request) {
	u, target, ok := s.userWrite(w, r, routeTokenRevoke)
	if !ok {
		return
	}
	tokenID, err := strconv.ParseInt(r.PathValue("token_id"), 10, 64)
	if err != nil || tokenID <= 0 {
		s.notFound(w, r)
		return
	}
	ctx, req := s.auditedRequest(r, u, "/console/users/{id}/tokens/{token_id}/revoke")
	tok, err := s.signIn().Users.RevokeToken(ctx, target.ID, tokenID)
	if rl.ErrorKind(err) == rl.NotFound {
		s.finishAudit(r, u, req, "token:"+strconv.FormatInt(tokenID, 10), http.StatusNotFound)
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/users/"+strconv.FormatInt(target.ID, 10)+"?done=revoked&token="+url.QueryEscape(strconv.FormatInt(tok.ID, 10)), http.StatusSeeOther)
}

// The funds page.

type fundRow struct {
	ledger.FundSummary
}

// Amount is the fund's đồng in accounts of type t, on the type's normal
// side: debits for assets and expenses, credits for the others, so that
// a fund's revenue shows as a positive amount.
func (f fundRow) Amount(t string) decimal.Decimal {
	return normalSide(ledger.AccountType(t), f.ByType[ledger.AccountType(t)])
}

// normalSide is a signed balance (debits positive) as the account type
// reads it.
func normalSide(t ledger.AccountType, d decimal.Decimal) decimal.Decimal {
	if t.DebitNormal() {
		return d
	}
	return d.Neg()
}

type accountRow struct {
	ledger.Account
	Balances []ledger.Balance
}

type adminFundsPage struct {
	consoleFrame
	Funds       []fundRow
	Types       []string
	Fund        *ledger.Fund
	Accounts    []accountRow
	First, Next string
	Errors      []string
	Close       closeSection
}

func (s *Server) consoleFunds(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, routeFunds)
	if !ok {
		return
	}
	s.renderFunds(w, r, u, http.StatusOK, closeSection{})
}

// renderFunds shows the funds page, with the close form as cs holds it.
func (s *Server) renderFunds(w http.ResponseWriter, r *http.Request, u consoleUser, status int, cs closeSection) {
	ctx, q, l := r.Context(), r.URL.Query(), lang(r)
	page := adminFundsPage{consoleFrame: s.frame(u), Types: []string{string(ledger.Asset), string(ledger.Liability), string(ledger.NetAssets), string(ledger.Revenue), string(ledger.Expense)}}
	var err error
	if page.Close, err = s.closeSectionOf(r, u, cs); err != nil {
		s.serverError(w, r, err)
		return
	}
	funds, err := s.Ledger.FundSummaries(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, f := range funds {
		page.Funds = append(page.Funds, fundRow{f})
	}
	code := q.Get("fund")
	if code == "" && len(funds) > 0 {
		code = funds[0].Code
	}
	for i := range funds {
		if funds[i].Code == code {
			page.Fund = &funds[i].Fund
		}
	}
	if page.Fund == nil {
		if code != "" {
			page.Errors = append(page.Errors, i18n.F(l, i18n.ConsoleUnknownFund, code))
		}
		s.render(w, r, status, "console_admin_funds", page)
		return
	}
	limit := pageLimit(l, q.Get("limit"), &page.Errors)
	after := formCursor(l, q, &page.Errors)
	accs, err := s.Ledger.Accounts(ctx, ledger.AccountFilter{FundID: page.Fund.ID, AfterID: after, Limit: limit + 1})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	accs, page.First, page.Next = pageLinks(r, accs, limit, func(a ledger.Account) int64 { return a.ID })
	ids := make([]int64, len(accs))
	for i, a := range accs {
		ids[i] = a.ID
	}
	bals, err := s.Ledger.Balances(ctx, ledger.Date{}, ids...)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	byAcc := map[int64][]ledger.Balance{}
	for _, b := range bals {
		if !b.Amount.IsZero() {
			byAcc[b.AccountID] = append(byAcc[b.AccountID], b)
		}
	}
	for _, a := range accs {
		bs := byAcc[a.ID]
		for i := range bs {
			bs[i].Amount = normalSide(a.Type, bs[i].Amount)
		}
		sort.Slice(bs, func(i, j int) bool {
			if vi, vj := bs[i].Asset == ledger.AssetVND, bs[j].Asset == ledger.AssetVND; vi != vj {
				return vi // đồng first, then goods by item
			}
			return bs[i].Asset < bs[j].Asset
		})
		page.Accounts = append(page.Accounts, accountRow{Account: a, Balances: bs})
	}
	s.render(w, r, status, "console_admin_funds", page)
}
