package web

import (
	"net/http"
	"net/url"

	"reliefledger/internal/i18n"
)

// langCookie remembers the language a visitor chose with ?lang=.
const langCookie = "lang"

// lang is the request's language: ?lang= first, then the cookie, then
// Vietnamese. The browser's Accept-Language is not asked: the portal is
// Vietnamese unless a visitor chooses otherwise.
func lang(r *http.Request) i18n.Lang {
	if q := r.URL.Query().Get("lang"); q != "" {
		return i18n.ParseLang(q)
	}
	if c, err := r.Cookie(langCookie); err == nil {
		return i18n.ParseLang(c.Value)
	}
	return i18n.VI
}

// rememberLang keeps a ?lang= choice in a cookie for the next pages.
func rememberLang(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("lang")
	if q == "" {
		return
	}
	v := "vi"
	if i18n.ParseLang(q) == i18n.EN {
		v = "en"
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: v, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
}

// switchURL is the request's page in the other language, keeping its query.
func switchURL(r *http.Request) string {
	q := r.URL.Query()
	if lang(r) == i18n.EN {
		q.Set("lang", "vi")
	} else {
		q.Set("lang", "en")
	}
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	return u.String()
}
