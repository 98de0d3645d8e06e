package web

import (
	"log/slog"
	"net/http"

	"reliefledger/audit"
	"reliefledger/checkpoint"
	"reliefledger/distribution"
	"reliefledger/donations"
	"reliefledger/goods"
	"reliefledger/households"
	"reliefledger/ledger"
	"reliefledger/reports"
)

// Viewer is who is looking at a page: the signed-in user.
type Viewer struct {
	ID   int64
	Name string
	Role string
}

// Sessions finds the signed-in user of a request. The sign-in pages
// implement it (cookie sessions, CSRF); see the package comment.
type Sessions interface {
	// Viewer is the signed-in user of r; ok is false when nobody is
	// signed in (no cookie, expired or unknown session).
	Viewer(r *http.Request) (v Viewer, ok bool)
}

// Server holds what the pages need: the same domain services as the API.
type Server struct {
	Ledger       *ledger.Service
	Donations    *donations.Service
	Distribution *distribution.Service
	Households   *households.Service
	Goods        *goods.Service
	Checkpoints  *checkpoint.Service
	// Audit is the audit log, read by the console's audit page; nil
	// leaves that page out.
	Audit *audit.Log
	// Sessions is the sign-in hook; nil means nobody is ever signed in.
	Sessions Sessions
	// PublicURL is the absolute address the portal is reached at, e.g.
	// https://minhbach.soctrang.gov.vn, for the QR codes of printed
	// receipts; empty means the request's own scheme and host.
	PublicURL string
	Log       *slog.Logger
	// PageSize is how many donations a search page shows; 20 when 0.
	PageSize int

	// Reports computes the summary report; nil: one over
	// the services above.
	Reports *reports.Service

	timelines *timelines
}

// Handler serves the pages and their static files.
func (s *Server) Handler() http.Handler {
	if s.Log == nil {
		s.Log = slog.Default()
	}
	if s.timelines == nil {
		s.timelines = &timelines{funds: map[int64]*dayTotals{}}
	}
	mux := http.NewServeMux()
	mux.Handle("GET /static/", staticHandler())
	for _, p := range s.routes() {
		mux.Handle(p.Method+" "+p.Path, s.wrap(p))
	}
	// Everything else: the portal's own 404 page, in the user's language.
	mux.HandleFunc("/", s.notFound)
	return s.secure(mux)
}

// secure sets the headers every page carries. The content security policy
// is also a promise the pages keep: nothing is loaded from another origin
// and no script runs.
func (s *Server) secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		h.ServeHTTP(w, r)
	})
}

// wrap applies a page's sign-in rule and remembers a language switch.
func (s *Server) wrap(p page) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rememberLang(w, r)
		if p.SignIn {
			if _, ok := s.viewer(r); !ok {
				http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
		}
		p.Handler(w, r)
	})
}

func (s *Server) viewer(r *http.Request) (Viewer, bool) {
	if s.Sessions == nil {
		return Viewer{}, false
	}
	return s.Sessions.Viewer(r)
}
