package web

import (
	"net/http"
	"strings"
	"testing"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

func TestPagesSmoke(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		h := f.srv.Handler()
		for _, p := range []string{"/", "/donations", "/use", "/downloads", "/r/" + f.hostile.ReceiptNo, "/?lang=en"} {
			res, body := get(t, h, p)
			if res.StatusCode != http.StatusOK {
				t.Errorf("%s: %d\n%s", p, res.StatusCode, body)
			}
			if strings.Contains(body, "⟦") {
				t.Errorf("%s: a text is missing from the table: %s", p, body[strings.Index(body, "⟦"):][:60])
			}
		}
	})
}
