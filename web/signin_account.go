package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/internal/i18n"
)

type accountPage struct {
	User                 access.User
	DistrictName         string
	CSRF                 string
	IdleEnds, AbsoluteAt time.Time
	Areas                []roleArea
}

// roleArea is a group of API routes the role may call (a tag of the route
// table).
type roleArea struct {
	Tag    string
	Routes []areaRoute
}

// areaRoute is a route on the account page; a GET without parameters in
// its path is a link, which the session opens in the browser (the API
// takes the session cookie).
type areaRoute struct {
	RouteLink
	Link bool
}

func groupRoutes(rs []RouteLink) []roleArea {
	var out []roleArea
	at := map[string]int{}
	for _, r := range rs {
		i, ok := at[r.Tag]
		if !ok {
			i = len(out)
			at[r.Tag] = i
			out = append(out, roleArea{Tag: r.Tag})
		}
		out[i].Routes = append(out[i].Routes, areaRoute{RouteLink: r, Link: r.Method == http.MethodGet && !strings.Contains(r.Path, "{")})
	}
	return out
}

// account shows who is signed in, what their role may do and the
// sign-out buttons.
func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	si := s.signIn()
	p, sess, ok := si.session(r)
	if !ok {
		http.Redirect(w, r, "/login?next=%2Faccount", http.StatusSeeOther)
		return
	}
	page := accountPage{User: p.User, CSRF: sess.CSRF, IdleEnds: sess.IdleExpiresAt, AbsoluteAt: sess.ExpiresAt}
	if p.User.District != "" && s.Households != nil {
		page.DistrictName = s.Households.DistrictNames()[p.User.District]
	}
	if si.Routes != nil {
		page.Areas = groupRoutes(si.Routes(p.User.Role))
	}
	s.render(w, r, http.StatusOK, "account", page)
}

// signOutEverywhere ends every session of the signed-in user, this one
// included.
func (s *Server) signOutEverywhere(w http.ResponseWriter, r *http.Request) {
	si := s.signIn()
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	p, sess, ok := si.session(r)
	if !ok {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	if !access.CheckCSRF(sess, r.PostFormValue("csrf")) {
		s.forbidden(w, r, i18n.WebCSRFText)
		return
	}
	if _, err := si.Sessions.SignOutEverywhere(r.Context(), p.User, si.clientIP(r)); err != nil {
		s.serverError(w, r, err)
		return
	}
	si.setCookie(w, r, access.SessionCookie, "", -1)
	http.Redirect(w, r, "/login?signed_out=all", http.StatusSeeOther)
}

type usersPage struct {
	Users []access.User
}

type userPage struct {
	User     access.User
	CSRF     string
	Username string
	Errors   []string
	Saved    string
}

// signedInAdmin is the signed-in admin and the session, or false after answering
// with a 403 page.
func (s *Server) signedInAdmin(w http.ResponseWriter, r *http.Request) (access.Principal, access.Session, bool) {
	p, sess, ok := s.signIn().session(r)
	if !ok {
		http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return p, sess, false
	}
	if p.User.Role != access.Admin {
		s.forbidden(w, r, i18n.WebAdminOnlyText)
		return p, sess, false
	}
	return p, sess, true
}

func (s *Server) accountUsers(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := s.signedInAdmin(w, r); !ok {
		return
	}
	users, err := s.signIn().Users.List(r.Context(), 0, 500)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "account_users", usersPage{Users: users})
}

// accountUser finds the user of the path, or answers 404.
func (s *Server) accountUser(w http.ResponseWriter, r *http.Request) (access.User, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return access.User{}, false
	}
	u, err := s.signIn().Users.Get(r.Context(), id)
	if rl.ErrorKind(err) == rl.NotFound {
		s.notFound(w, r)
		return access.User{}, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return access.User{}, false
	}
	return u, true
}

func (s *Server) accountUserForm(w http.ResponseWriter, r *http.Request) {
	_, sess, ok := s.signedInAdmin(w, r)
	if !ok {
		return
	}
	u, ok := s.accountUser(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "account_user", userPage{User: u, CSRF: sess.CSRF, Username: u.Username})
}

// setUserPassword sets a user's username and password. The change is
// audited like the API's writes: the request goes into the store's
// transaction with it.
func (s *Server) setUserPassword(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	p, sess, ok := s.signedInAdmin(w, r)
	if !ok {
		return
	}
	if !access.CheckCSRF(sess, r.PostFormValue("csrf")) {
		s.forbidden(w, r, i18n.WebCSRFText)
		return
	}
	u, ok := s.accountUser(w, r)
	if !ok {
		return
	}
	si := s.signIn()
	req := &rl.Request{UserID: p.User.ID, Role: string(p.User.Role), Method: r.Method, Route: "/account/users/{id}", Path: r.URL.Path,
		ClientIP: si.clientIP(r), Status: http.StatusOK, Target: "user:" + strconv.FormatInt(u.ID, 10)}
	ctx := rl.WithRequest(r.Context(), req)
	page := userPage{User: u, CSRF: sess.CSRF, Username: r.PostFormValue("username")}
	username := page.Username
	if username == u.Username {
		username = "" // unchanged
	}
	got, err := si.Users.SetPassword(ctx, u.ID, username, r.PostFormValue("password"))
	l := lang(r)
	if err != nil {
		var e *rl.Error
		if !errors.As(err, &e) || (e.Kind != rl.Invalid && e.Kind != rl.Conflict) {
			s.serverError(w, r, err)
			return
		}
		page.Errors = passwordErrors(l, e, u)
		s.render(w, r, http.StatusBadRequest, "account_user", page)
		return
	}
	page.User, page.Username = got, got.Username
	page.Saved = i18n.F(l, i18n.WebUsersSaved, got.Name)
	s.render(w, r, http.StatusOK, "account_user", page)
}

// passwordErrors says in the page's language what the domain refused.
func passwordErrors(l i18n.Lang, e *rl.Error, u access.User) []string {
	if e.Kind == rl.Conflict {
		return []string{i18n.T(l, i18n.WebUsersUsernameTaken)}
	}
	var out []string
	for _, f := range e.Fields {
		switch {
		case f.Field == "password":
			out = append(out, i18n.T(l, i18n.WebUsersPasswordRule))
		case f.Field == "username" && u.Username == "" && f.Message == "is required: the user has none yet":
			out = append(out, i18n.T(l, i18n.WebUsersUsernameNeeded))
		case f.Field == "username":
			out = append(out, i18n.T(l, i18n.WebUsersUsernameRule))
		}
	}
	return out
}
