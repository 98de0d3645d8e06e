package web

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	rl "reliefledger"
	"reliefledger/access"
)

// TestFormActor: the same form posted twice has the same key and hash
// (the second replays); the CSRF token does not count; another value does.
func TestFormActor(t *testing.T) {
	u := consoleUser{Principal: access.Principal{User: access.User{ID: 7}}}
	hash := func(v url.Values) (string, string, error) {
		r := httptest.NewRequest("POST", "/console/donations", strings.NewReader(v.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		a, err := formActor(u, r)
		if err != nil {
			return "", "", err
		}
		return a.Idem.Scope + "/" + a.Idem.Key, a.Idem.RequestHash, nil
	}
	base := url.Values{"idem": {"k1"}, "csrf": {"a"}, "amount": {"100000"}, "fund": {"POOR"}}
	k1, h1, err := hash(base)
	if err != nil {
		t.Fatal(err)
	}
	if k1 != "user:7/k1" {
		t.Errorf("key = %q, want user:7/k1", k1)
	}
	other := url.Values{"idem": {"k1"}, "csrf": {"b"}, "amount": {"100000"}, "fund": {"POOR"}}
	if _, h2, _ := hash(other); h2 != h1 {
		t.Errorf("the CSRF token changed the request hash")
	}
	other.Set("amount", "100001")
	if _, h3, _ := hash(other); h3 == h1 {
		t.Errorf("another amount kept the request hash")
	}
	for _, bad := range []string{"", "with space", strings.Repeat("x", 201)} {
		v := url.Values{"idem": {bad}, "amount": {"1"}}
		if _, _, err := hash(v); rl.ErrorKind(err) != rl.Invalid {
			t.Errorf("key %q: err = %v, want Invalid", bad, err)
		}
	}
}

// TestErrorsOf: field errors go next to their fields, the rest above the
// form, and internal errors are not shown at all.
func TestErrorsOf(t *testing.T) {
	fe, ok := errorsOf(rl.InvalidFields(rl.FieldError{Field: "amount", Message: "must be positive"}, rl.FieldError{Field: "amount", Message: "too many places"}))
	if !ok || fe.Field("amount") != "must be positive" || len(fe.General) != 1 || fe.For("amount").Name != "amount" {
		t.Errorf("errorsOf = %+v, %v", fe, ok)
	}
	fe, ok = errorsOf(rl.Errorf(rl.Conflict, "the fund holds less"))
	if !ok || len(fe.General) != 1 || fe.General[0] != "the fund holds less" {
		t.Errorf("errorsOf conflict = %+v, %v", fe, ok)
	}
	if _, ok := errorsOf(rl.Errorf(rl.Internal, "driver said x")); ok {
		t.Errorf("an internal error was shown")
	}
}
