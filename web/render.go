package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages holds each page's template: the layout with that page's blocks.
var pages = parsePages()

func parsePages() map[string]*template.Template {
	// The layout and the shared pieces (files named _*.html) go with
	// every page.
	layout := template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/_*.html"))
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		out[name] = template.Must(template.Must(layout.Clone()).ParseFS(templateFS, n))
	}
	return out
}

func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The files change only with the binary; a day's cache is safe.
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}

// View is what a page template sees as ".": the handler's Data and the
// helpers that write text in the request's language.
type View struct {
	Lang   i18n.Lang
	Data   any
	Viewer *Viewer
	// Path is the page's own path, for the navigation's current page.
	Path string
	// SwitchURL is this page in the other language.
	SwitchURL string
}

// T is the text of key in the page's language.
func (v *View) T(key string) string { return i18n.T(v.Lang, i18n.Key(key)) }

// F formats the text of key with args.
func (v *View) F(key string, args ...any) string { return i18n.F(v.Lang, i18n.Key(key), args...) }

// Value is the text of a value of a group (a channel, a status).
func (v *View) Value(group, value string) string { return i18n.Value(v.Lang, group, value) }

// Money writes an amount of đồng: whole đồng without decimals.
func (v *View) Money(d decimal.Decimal) string {
	if d.IsInteger() {
		return v.Lang.Number(d, 0)
	}
	return v.Lang.Number(d, 2)
}

// Num writes a quantity with its own decimals.
func (v *View) Num(d decimal.Decimal) string { return v.Lang.Number(d, -1) }

// Count writes a whole number.
func (v *View) Count(n int) string { return v.Lang.Count(n) }

// Count64 writes a whole number counted by the database.
func (v *View) Count64(n int64) string { return v.Lang.Number(decimal.NewFromInt(n), 0) }

// Date writes a calendar date as the language does.
func (v *View) Date(d i18n.CalendarDate) string { return v.Lang.Date(d) }

// Time writes a moment with its time of day, in Vietnam's time.
func (v *View) Time(t time.Time) string { return v.Lang.Time(t.In(ledger.Location)) }

// IsEN reports whether the page is in English.
func (v *View) IsEN() bool { return v.Lang == i18n.EN }

// render writes page name with data, in the request's language. A template
// error is a programming error: it is logged and the user gets a plain 500.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := pages[name]
	if !ok {
		s.Log.Error("web: no such page template", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	v := &View{Lang: lang(r), Data: data, Path: r.URL.Path, SwitchURL: switchURL(r)}
	if u, ok := s.viewer(r); ok {
		v.Viewer = &u
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", v); err != nil {
		s.Log.Error("web: render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", v.Lang.Code())
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// message is the data of the 404 and error pages.
type message struct {
	Title, Text string
}

// notFound is the portal's 404 page.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	rememberLang(w, r)
	l := lang(r)
	s.render(w, r, http.StatusNotFound, "message", message{Title: i18n.T(l, i18n.WebNotFoundTitle), Text: i18n.T(l, i18n.WebNotFoundText)})
}

// serverError logs err and shows the user an apology, never err's text.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.Log.Error("web: page failed", "path", r.URL.Path, "err", err)
	l := lang(r)
	s.render(w, r, http.StatusInternalServerError, "message", message{Title: i18n.T(l, i18n.WebErrorTitle), Text: i18n.T(l, i18n.WebErrorText)})
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
