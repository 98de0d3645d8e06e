package api

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"testing"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestDonationsShareBatches: over HTTP, donations sent at once share the
// ledger's batches. 16 retries of one request with one Idempotency-Key
// record it once and all answer with it (one 201, the others 200
// replayed); a donation whose bank reference has a NUL byte fails alone
// (400: the API refuses control characters; the service's tests send
// one to PostgreSQL, which refuses it in the batch); the others get
// receipts without a gap, each findable by the public search at once; and
// the key sent with another body is a 409.
func TestDonationsShareBatches(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		const good, retries = 96, 16
		body := func(i int) map[string]any {
			return map[string]any{"fund": "COVID", "channel": "bank", "amount": fmt.Sprint(100000 + i), "received_date": "2021-08-02",
				"donor_name": fmt.Sprintf("Nhà hảo tâm số %d", i), "bank_ref": fmt.Sprintf("FT%08d", i)}
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		statuses := map[int]int{}
		receipts := map[string]bool{}
		var retried []response
		send := func(r req, retry bool) {
			defer wg.Done()
			res := ts.do(r)
			mu.Lock()
			defer mu.Unlock()
			if retry {
				retried = append(retried, res)
				return
			}
			statuses[res.Status]++
			if res.Status == 201 {
				receipts[res.JSON["receipt_no"].(string)] = true
			}
		}
		for i := 0; i < good; i++ {
			wg.Add(1)
			go send(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: body(i)}, false)
			if i%6 == 0 {
				wg.Add(1)
				go send(req{Method: "POST", Path: "/api/v1/donations", Key: "same-donation", Body: body(1000)}, true)
			}
		}
		poison := body(2000)
		poison["bank_ref"] = "FT\x00poison"
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: poison})
			if r.Status != 400 {
				t.Errorf("donation with a NUL byte: %d %s, want 400", r.Status, r.Body)
			}
		}()
		wg.Wait()
		if statuses[201] != good {
			t.Fatalf("statuses %v, want %d × 201", statuses, good)
		}
		fresh := 0
		for _, r := range retried {
			switch {
			case r.Status == 201:
				fresh++
			case r.Status != 200 || r.Header.Get("Idempotent-Replayed") != "true":
				t.Errorf("retry: %d %s", r.Status, r.Body)
				continue
			}
			if r.JSON["id"] != retried[0].JSON["id"] || r.JSON["receipt_no"] != retried[0].JSON["receipt_no"] {
				t.Errorf("a retry answered %v, another %v", r.JSON, retried[0].JSON)
			}
		}
		if fresh != 1 || len(retried) != retries {
			t.Errorf("%d of %d retries recorded the donation, want 1", fresh, len(retried))
		}
		receipts[retried[0].JSON["receipt_no"].(string)] = true
		// Receipts 1…n: the good ones and the retried one.
		for i := 1; i <= good+1; i++ {
			if !receipts[fmt.Sprintf("COVID-2021-%06d", i)] {
				t.Errorf("receipt COVID-2021-%06d missing among %v", i, receipts)
			}
		}
		if ps, err := db.CheckIntegrity(context.Background()); err != nil || len(ps) > 0 {
			t.Fatalf("integrity (receipts without gaps, entries linked): %+v %v", ps, err)
		}
		ts.mustTrialBalanceZero("COVID")
		ts.mustVerifyClean()
		// Found by the public search as soon as recorded.
		r := ts.do(req{Method: "GET", Path: "/api/v1/public/donations?q=" + url.QueryEscape("Nhà hảo tâm số 42"), Token: "-"})
		if r.Status != 200 || len(r.JSON["data"].([]any)) != 1 {
			t.Errorf("public search for a donor: %d %s", r.Status, r.Body)
		}
		m := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "same-donation", Body: body(1001)})
		if m.Status != 409 || m.JSON["type"] != "urn:reliefledger:problem:idempotency-mismatch" {
			t.Errorf("the key with another body: %d %s, want 409 idempotency-mismatch", m.Status, m.Body)
		}
	})
}
