package web

import (
	"net/http"
	"strings"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/internal/i18n"
)

// signIn is the sign-in behind the Sessions hook, or nil when the server
// runs without one (the sign-in pages then do not exist).
func (s *Server) signIn() *SignIn {
	si, _ := s.Sessions.(*SignIn)
	return si
}

// maxFormBytes bounds a posted form: a username, a password, a token.
const maxFormBytes = 16 << 10

type signinPage struct {
	CSRF, Username, Next, Error string
	SignedOut, SignedOutAll     bool
}

// safeNext is where to go after signing in: a path on this site only
// (never //host or a scheme, which would send the user elsewhere).
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return ""
	}
	return next
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	si := s.signIn()
	if si == nil {
		s.notFound(w, r)
		return
	}
	q := r.URL.Query()
	next := safeNext(q.Get("next"))
	if _, _, ok := si.session(r); ok {
		http.Redirect(w, r, orElse(next, "/account"), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "signin", signinPage{CSRF: si.loginToken(w, r), Next: next,
		SignedOut: q.Get("signed_out") == "1", SignedOutAll: q.Get("signed_out") == "all"})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	si := s.signIn()
	if si == nil {
		s.notFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if !checkLoginToken(r) {
		s.forbidden(w, r, i18n.WebCSRFText)
		return
	}
	username, password := r.PostFormValue("username"), r.PostFormValue("password")
	page := signinPage{CSRF: si.loginToken(w, r), Username: username, Next: safeNext(r.PostFormValue("next"))}
	l := lang(r)
	if strings.TrimSpace(username) == "" || password == "" {
		page.Error = i18n.T(l, i18n.WebSignInMissing)
		s.render(w, r, http.StatusBadRequest, "signin", page)
		return
	}
	_, secret, _, err := si.Sessions.SignIn(r.Context(), username, password, si.clientIP(r), r.UserAgent())
	if err != nil {
		switch rl.ErrorKind(err) {
		case rl.Unauthenticated:
			page.Error = i18n.T(l, i18n.WebSignInWrong)
			s.render(w, r, http.StatusUnauthorized, "signin", page)
		case rl.RateLimited:
			page.Error = i18n.T(l, i18n.WebSignInTooMany)
			s.render(w, r, http.StatusTooManyRequests, "signin", page)
		default:
			s.serverError(w, r, err)
		}
		return
	}
	// A browser that was signed in as someone else ends that session: one
	// browser, one session.
	if old, err := r.Cookie(access.SessionCookie); err == nil {
		if err := si.Sessions.SignOut(r.Context(), old.Value, si.clientIP(r)); err != nil {
			s.Log.Warn("web: end the previous session", "err", err)
		}
	}
	si.setCookie(w, r, access.SessionCookie, secret, 0)
	si.setCookie(w, r, loginCSRFCookie, "", -1)
	http.Redirect(w, r, orElse(page.Next, "/account"), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	si := s.signIn()
	if si == nil {
		s.notFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	_, sess, ok := si.session(r)
	if !ok {
		si.setCookie(w, r, access.SessionCookie, "", -1)
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	if !access.CheckCSRF(sess, r.PostFormValue("csrf")) {
		s.forbidden(w, r, i18n.WebCSRFText)
		return
	}
	c, _ := r.Cookie(access.SessionCookie)
	if err := si.Sessions.SignOut(r.Context(), c.Value, si.clientIP(r)); err != nil {
		s.serverError(w, r, err)
		return
	}
	si.setCookie(w, r, access.SessionCookie, "", -1)
	http.Redirect(w, r, "/login?signed_out=1", http.StatusSeeOther)
}

// forbidden is the 403 page, saying why.
func (s *Server) forbidden(w http.ResponseWriter, r *http.Request, why i18n.Key) {
	l := lang(r)
	s.render(w, r, http.StatusForbidden, "message", message{Title: i18n.T(l, i18n.WebForbiddenTitle), Text: i18n.T(l, why)})
}

func orElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
