package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"

	"reliefledger/access"
	"reliefledger/internal/proxy"
)

// SignIn is the web's sign-in: it implements the Sessions hook with the
// database sessions of package access, and carries what the sign-in and
// account pages need. Set it as Server.Sessions.
type SignIn struct {
	Sessions *access.Sessions
	Users    *access.Users
	// Proxies are the reverse proxies whose X-Forwarded-Proto and
	// X-Forwarded-For count (RELIEF_TRUSTED_PROXIES); from anyone else
	// those headers are ignored. The zero value trusts nobody.
	Proxies proxy.Trusted
	// Routes lists the API routes a role may call, from the API's route
	// table (the one source of truth), for the account page.
	Routes func(role access.Role) []RouteLink
}

// RouteLink is an API route a role may call.
type RouteLink struct {
	Method, Path, Tag string
}

var _ Sessions = (*SignIn)(nil)

// loginCSRFCookie carries the sign-in form's token before there is a
// session (double submit: the form and the cookie must agree; another
// site can make a browser post the form but can neither read nor set the
// cookie).
const loginCSRFCookie = "reliefd_login_csrf"

// Viewer implements Sessions.
func (si *SignIn) Viewer(r *http.Request) (Viewer, bool) {
	p, _, ok := si.session(r)
	if !ok {
		return Viewer{}, false
	}
	return Viewer{ID: p.User.ID, Name: p.User.Name, Role: string(p.User.Role)}, true
}

// session is the request's live session, if any.
func (si *SignIn) session(r *http.Request) (access.Principal, access.Session, bool) {
	c, err := r.Cookie(access.SessionCookie)
	if err != nil || c.Value == "" {
		return access.Principal{}, access.Session{}, false
	}
	p, sess, err := si.Sessions.Session(r.Context(), c.Value)
	if err != nil {
		return access.Principal{}, access.Session{}, false
	}
	return p, sess, true
}

// secure reports whether the request came over TLS, to the server or,
// when trusted, to the proxy in front of it.
func (si *SignIn) secure(r *http.Request) bool {
	return si.Proxies.Secure(r)
}

// clientIP is the caller's address: the connection's, or behind a trusted
// proxy the address it says it saw (package proxy).
func (si *SignIn) clientIP(r *http.Request) string { return si.Proxies.ClientIP(r) }

// setCookie sets a cookie the way every sign-in cookie is set: for the
// whole site, never readable by script, not sent on cross-site posts, and
// only over TLS when the page came over TLS. maxAge 0 makes it last as
// long as the browser (the server ends the session on its own clock);
// -1 deletes it.
func (si *SignIn) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: si.secure(r)})
}

// loginToken returns the sign-in form's CSRF token, setting its cookie
// when the browser has none yet.
func (si *SignIn) loginToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(loginCSRFCookie); err == nil && len(c.Value) >= 32 && len(c.Value) <= 64 {
		return c.Value
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("web: no randomness: " + err.Error())
	}
	tok := base64.RawURLEncoding.EncodeToString(b)
	si.setCookie(w, r, loginCSRFCookie, tok, 0)
	return tok
}

// checkLoginToken reports whether the posted form carries the token of
// the browser's pre-session cookie.
func checkLoginToken(r *http.Request) bool {
	c, err := r.Cookie(loginCSRFCookie)
	form := r.PostFormValue("csrf")
	return err == nil && c.Value != "" && subtle.ConstantTimeCompare([]byte(c.Value), []byte(form)) == 1
}
