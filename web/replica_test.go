package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"reliefledger/access"
)

type markKey struct{}

// fakeReplicas records how the pages used the replicas.
type fakeReplicas struct{ began, done []int64 }

func (f *fakeReplicas) MayLag(ctx context.Context, userID int64) context.Context {
	return context.WithValue(ctx, markKey{}, userID)
}

func (f *fakeReplicas) BeginWrite(userID int64) func(context.Context) {
	f.began = append(f.began, userID)
	return func(context.Context) { f.done = append(f.done, userID) }
}

type oneViewer struct{}

func (oneViewer) Viewer(r *http.Request) (Viewer, bool) {
	c, err := r.Cookie(access.SessionCookie)
	return Viewer{ID: 7}, err == nil && c.Value == "live"
}

// TestWithReplicas: the public pages of a visitor who is not signed in
// may read from a replica; the receipt check, the sign-in form, the
// console and every page of a signed-in user read the primary; a
// signed-in user's form is remembered as their write.
func TestWithReplicas(t *testing.T) {
	s := &Server{Sessions: oneViewer{}}
	var marked bool
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, marked = r.Context().Value(markKey{}).(int64)
	})
	f := &fakeReplicas{}
	h := s.WithReplicas(inner, f)
	for _, tc := range []struct {
		method, path, cookie string
		lag                  bool
	}{
		{"GET", "/", "", true},
		{"GET", "/donations?q=lan", "", true},
		{"GET", "/use", "", true},
		{"GET", "/downloads/public-disclosure.xlsx", "", true},
		{"GET", "/r/POOR-2021-000001", "", false},
		{"GET", "/login", "", false},
		{"GET", "/console/donations", "", false},
		{"GET", "/donations", "live", false},
		{"POST", "/console/donations/new", "live", false},
		{"POST", "/login", "", false},
	} {
		r := httptest.NewRequest(tc.method, tc.path, nil)
		if tc.cookie != "" {
			r.AddCookie(&http.Cookie{Name: access.SessionCookie, Value: tc.cookie})
		}
		marked = false
		h.ServeHTTP(httptest.NewRecorder(), r)
		if marked != tc.lag {
			t.Errorf("%s %s (cookie %q): may lag %v, want %v", tc.method, tc.path, tc.cookie, marked, tc.lag)
		}
	}
	if len(f.began) != 1 || f.began[0] != 7 || len(f.done) != 1 {
		t.Errorf("writes remembered: began %v, done %v; want the signed-in user's one form", f.began, f.done)
	}
}
