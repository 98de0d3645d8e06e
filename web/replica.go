package web

import (
	"context"
	"net/http"

	"reliefledger/access"
)

// Replicas sends reads that may lag by a moment to read replicas; as
// api.Replicas (*store.DB implements both).
type Replicas interface {
	MayLag(ctx context.Context, userID int64) context.Context
	BeginWrite(userID int64) (done func(context.Context))
}

// WithReplicas wraps h, the pages' handler (Handler): the public portal's
// pages, seen by a visitor who is not signed in, may read from a replica;
// a signed-in user's form (a console write) is remembered, so that the
// user's next lag-tolerant reads, the API's too, see it. The receipt page
// reads the primary: "no such receipt" must never be a replica's lag.
// Console pages always read the primary.
func (s *Server) WithReplicas(h http.Handler, rp Replicas) http.Handler {
	public := http.NewServeMux()
	for _, p := range s.routes() {
		if p.Method == http.MethodGet && !p.SignIn && p.Path != "/login" && p.Path != "/r/{code}" {
			public.Handle(p.Method+" "+p.Path, h)
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			if _, pattern := public.Handler(r); pattern != "" && !signedIn(r) {
				r = r.WithContext(rp.MayLag(r.Context(), 0))
			}
			h.ServeHTTP(w, r)
			return
		}
		v, ok := s.viewer(r)
		if !ok {
			h.ServeHTTP(w, r)
			return
		}
		done := rp.BeginWrite(v.ID)
		h.ServeHTTP(w, r)
		done(r.Context())
	})
}

// signedIn reports whether r carries a session cookie (live or not: a
// signed-in user's pages read the primary).
func signedIn(r *http.Request) bool {
	c, err := r.Cookie(access.SessionCookie)
	return err == nil && c.Value != ""
}
