package api

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"reliefledger/access"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// The API tests run on the real clock: the closed period is last month.
func closeDates() (inside, through, after string) {
	today := ledger.DateOf(time.Now())
	y, m, _ := today.Date()
	first := ledger.NewDate(y, m, 1)
	return first.AddDays(-10).String(), first.AddDays(-1).String(), first.String()
}

func (ts *testServer) closePeriod(fund, date string) response {
	ts.t.Helper()
	r := ts.do(req{Method: "POST", Path: "/api/v1/periods/close", Key: "auto", Body: map[string]any{"fund": fund, "date": date, "note": "báo cáo gửi tỉnh"}})
	if r.Status != 201 {
		ts.t.Fatalf("close %s through %s: %d %s", fund, date, r.Status, r.Body)
	}
	return r
}

// wantPeriodClosed checks a refusal of an entry dated in a closed period.
func wantPeriodClosed(t *testing.T, r response, fund, through string) {
	t.Helper()
	p := r.problem()
	if r.Status != 409 || p.Type != ProblemTypePrefix+"period-closed" || r.Header.Get("Content-Type") != "application/problem+json" ||
		!strings.HasPrefix(p.Detail, "fund "+fund+" is closed through "+through+";") {
		t.Errorf("want 409 period-closed naming %s and %s, got %d %s", fund, through, r.Status, r.Body)
	}
}

// TestPeriodCloseAPI: the close route, its list, its refusals; after it
// every path into the journal refuses an entry dated inside the period.
func TestPeriodCloseAPI(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		inside, through, after := closeDates()
		man := ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: withDate(entry("opening", posting("POOR:1110", "5000000"), posting("POOR:4100", "-5000000")), inside)})
		don := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: donation("POOR", "bank", "2000000", inside)})
		ts.receiveGoods("POOR", "PROV", inside, goodsLine("RICE", "100", "12000"))
		if man.Status != 201 || don.Status != 201 {
			t.Fatalf("setup: %d %s; %d %s", man.Status, man.Body, don.Status, don.Body)
		}

		// Who may close, and bad input: clean 4xx, nothing stored.
		officer := ts.userToken(access.FundOfficer, "")
		district := ts.userToken(access.DistrictOfficer, "943")
		if r := ts.do(req{Method: "POST", Path: "/api/v1/periods/close", Token: officer, Key: "auto", Body: map[string]any{"fund": "POOR", "date": through}}); r.Status != 403 {
			t.Errorf("a fund officer closing: %d %s", r.Status, r.Body)
		}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/periods/close", Body: map[string]any{"fund": "POOR", "date": through}}); r.Status != 400 {
			t.Errorf("a close without Idempotency-Key: %d %s", r.Status, r.Body)
		}
		tomorrow := ledger.DateOf(time.Now()).AddDays(1).String()
		for _, tc := range []struct {
			name  string
			body  any
			field string
		}{
			{"bad date", map[string]any{"fund": "POOR", "date": "2021-02-30"}, "date"},
			{"no date", map[string]any{"fund": "POOR"}, "date"},
			{"year 0", map[string]any{"fund": "POOR", "date": "0000-06-30"}, "date"},
			{"future", map[string]any{"fund": "POOR", "date": tomorrow}, "date"},
			{"unknown fund", map[string]any{"fund": "NOPE", "date": through}, "fund"},
			{"NUL in note", map[string]any{"fund": "POOR", "date": through, "note": "a\x00b"}, "note"},
			{"unknown field", map[string]any{"fund": "POOR", "date": through, "reopen": true}, "reopen"},
			{"not an object", "[1]", "body"},
		} {
			r := ts.do(req{Method: "POST", Path: "/api/v1/periods/close", Key: "auto", Body: tc.body})
			if r.Status != 400 || !strings.Contains(string(r.Body), `"field":"`+tc.field+`"`) {
				t.Errorf("%s: %d %s", tc.name, r.Status, r.Body)
			}
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/periods", Token: district}); r.Status != 200 || len(r.JSON["data"].([]any)) != 0 {
			t.Fatalf("closes after refusals: %d %s", r.Status, r.Body)
		}

		// The close, retried with its key: the same answer (do replays
		// every created request and compares the bytes).
		body := map[string]any{"fund": "POOR", "date": through, "note": "báo cáo gửi tỉnh"}
		first := ts.do(req{Method: "POST", Path: "/api/v1/periods/close", Key: "close-1", Body: body})
		if first.Status != 201 || first.JSON["fund"] != "POOR" || first.JSON["closed_through"] != through || first.JSON["note"] != "báo cáo gửi tỉnh" {
			t.Fatalf("close: %d %s", first.Status, first.Body)
		}
		if r := ts.do(req{Method: "POST", Path: "/api/v1/periods/close", Key: "close-1", Body: map[string]any{"fund": "POOR", "date": after}}); r.Status != 409 ||
			r.problem().Type != ProblemTypePrefix+"idempotency-mismatch" {
			t.Errorf("the key with another body: %d %s", r.Status, r.Body)
		}
		again := ts.do(req{Method: "POST", Path: "/api/v1/periods/close", Key: "auto", Body: body})
		if again.Status != 409 || again.problem().Type != ProblemTypePrefix+"already-closed" ||
			!strings.HasPrefix(again.problem().Detail, "fund POOR is already closed through "+through) {
			t.Errorf("closing again: %d %s", again.Status, again.Body)
		}
		list := ts.do(req{Method: "GET", Path: "/api/v1/periods?fund=POOR", Token: district})
		if data := list.JSON["data"].([]any); list.Status != 200 || len(data) != 1 || !bytes.Contains(first.Body, []byte(fmt.Sprintf(`"id":%v`, data[0].(map[string]any)["id"]))) {
			t.Errorf("list: %d %s", list.Status, list.Body)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/periods?fund=COVID"}); len(r.JSON["data"].([]any)) != 0 {
			t.Errorf("COVID closes: %s", r.Body)
		}
		if r := ts.do(req{Method: "GET", Path: "/api/v1/periods?fund=NOPE"}); r.Status != 404 {
			t.Errorf("closes of an unknown fund: %d", r.Status)
		}
		audits := ts.do(req{Method: "GET", Path: "/api/v1/audit?route=/api/v1/periods/close"})
		targets := map[string]int{}
		for _, a := range audits.JSON["data"].([]any) {
			m := a.(map[string]any)
			targets[fmt.Sprint(m["status"], " ", m["target"])]++
		}
		if want := fmt.Sprintf("201 period-close:%v", first.JSON["id"]); targets[want] != 1 {
			t.Errorf("audit of the close: want one %q in %v", want, targets)
		}

		// Every path into the journal, dated inside: refused.
		entryID := int64(man.JSON["id"].(float64))
		for _, tc := range []struct {
			name string
			r    req
		}{
			{"manual entry", req{Method: "POST", Path: "/api/v1/journal", Body: withDate(entry("late", posting("POOR:1110", "1"), posting("POOR:4100", "-1")), through)}},
			{"reversal", req{Method: "POST", Path: fmt.Sprintf("/api/v1/journal/%d/reverse", entryID), Body: map[string]any{"reason": "sai", "date": through}}},
			{"donation", req{Method: "POST", Path: "/api/v1/donations", Body: donation("POOR", "cash", "300000", inside)}},
			{"donation void", req{Method: "POST", Path: fmt.Sprintf("/api/v1/donations/%v/void", don.JSON["id"]), Body: map[string]any{"reason": "trùng", "date": through}}},
			{"goods receipt", req{Method: "POST", Path: "/api/v1/donations", Body: map[string]any{"fund": "POOR", "channel": "in_kind", "received_date": inside,
				"donor_name": "Nhà hảo tâm", "warehouse": "PROV", "lines": []any{goodsLine("RICE", "5", "12000")}}}},
			{"goods transfer", req{Method: "POST", Path: "/api/v1/stock/transfers", Body: map[string]any{"fund": "POOR", "from": "PROV", "to": "D943",
				"item": "RICE", "quantity": "10", "unit": "kg", "date": through}}},
			{"goods issue", req{Method: "POST", Path: "/api/v1/stock/issues", Body: map[string]any{"fund": "POOR", "warehouse": "PROV",
				"item": "RICE", "quantity": "10", "unit": "kg", "date": through, "recipient": "Chốt số 1"}}},
		} {
			tc.r.Key = "auto"
			r := ts.do(tc.r)
			if r.Status != 409 {
				t.Errorf("%s dated inside: %d %s", tc.name, r.Status, r.Body)
				continue
			}
			wantPeriodClosed(t, r, "POOR", through)
		}
		// COVID is open; POOR's open period too; reversals post there.
		for _, tc := range []struct {
			name string
			r    req
		}{
			{"COVID entry", req{Method: "POST", Path: "/api/v1/journal", Body: withDate(entry("covid", posting("COVID:1110", "7"), posting("COVID:4100", "-7")), inside)}},
			{"manual entry", req{Method: "POST", Path: "/api/v1/journal", Body: withDate(entry("july", posting("POOR:1110", "1"), posting("POOR:4100", "-1")), after)}},
			{"reversal", req{Method: "POST", Path: fmt.Sprintf("/api/v1/journal/%d/reverse", entryID), Body: map[string]any{"reason": "sai"}}},
			{"donation void", req{Method: "POST", Path: fmt.Sprintf("/api/v1/donations/%v/void", don.JSON["id"]), Body: map[string]any{"reason": "trùng"}}},
			{"goods transfer", req{Method: "POST", Path: "/api/v1/stock/transfers", Body: map[string]any{"fund": "POOR", "from": "PROV", "to": "D943",
				"item": "RICE", "quantity": "10", "unit": "kg", "date": after}}},
		} {
			tc.r.Key = "auto"
			if r := ts.do(tc.r); r.Status != 201 && r.Status != 200 {
				t.Errorf("%s in the open period: %d %s", tc.name, r.Status, r.Body)
			}
		}
		ts.mustVerifyClean()
		ts.mustTrialBalanceZero("POOR")
	})
}

func withDate(e map[string]any, date string) map[string]any {
	e["date"] = date
	return e
}

// TestClosedReportIsFinal is issue 17, acceptance 4: the trial balance
// and the reconciliation of a closed period are the same when produced
// again after more entries are posted and a back-dated one is refused.
func TestClosedReportIsFinal(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		inside, through, after := closeDates()
		ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: donation("POOR", "bank", "2000000", inside)})
		ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: withDate(entry("cash", posting("POOR:1110", "300000"), posting("POOR:1120", "-300000")), inside)})
		ts.closePeriod("POOR", through)
		from := inside[:8] + "01"
		trial := "/api/v1/trial-balance?fund=POOR&as_of=" + through
		recon := "/api/v1/exports/reconciliation.xlsx?fund=POOR&from=" + from + "&to=" + through
		trialBefore, reconBefore := ts.do(req{Method: "GET", Path: trial}), ts.workbookCells(recon)
		summary := "/api/v1/reports/summary?fund=POOR&from=" + from + "&to=" + through
		summaryBook := "/api/v1/exports/summary.xlsx?fund=POOR&from=" + from + "&to=" + through
		summaryBefore, summaryBookBefore := ts.do(req{Method: "GET", Path: summary}), ts.workbookCells(summaryBook)
		if summaryBefore.Status != 200 || summaryBefore.JSON["period_closed"] != true || summaryBefore.JSON["closed_through"] != through {
			t.Fatalf("the summary of the closed period does not say it is closed: %d %s", summaryBefore.Status, summaryBefore.Body)
		}

		ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: donation("POOR", "cash", "500000", after)})
		ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: withDate(entry("more", posting("POOR:1110", "100000"), posting("POOR:1120", "-100000")), after)})
		wantPeriodClosed(t, ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto",
			Body: withDate(entry("back-dated", posting("POOR:1110", "1"), posting("POOR:4100", "-1")), through)}), "POOR", through)
		wantPeriodClosed(t, ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: donation("POOR", "cash", "1", through)}), "POOR", through)

		trialAfter, reconAfter := ts.do(req{Method: "GET", Path: trial}), ts.workbookCells(recon)
		if trialBefore.Status != 200 || !bytes.Equal(trialBefore.Body, trialAfter.Body) {
			t.Errorf("the trial balance of the closed period changed:\n before %s\n after  %s", trialBefore.Body, trialAfter.Body)
		}
		summaryAfter := ts.do(req{Method: "GET", Path: summary})
		if diff := cmp.Diff(figures(summaryBefore.JSON["total"]), figures(summaryAfter.JSON["total"])); diff != "" {
			t.Errorf("the summary of the closed period changed (-before +after):\n%s", diff)
		}
		if diff := cmp.Diff(figures(summaryBefore.JSON["parts"]), figures(summaryAfter.JSON["parts"])); diff != "" {
			t.Errorf("the districts' parts of the closed period's summary changed (-before +after):\n%s", diff)
		}
		if diff := cmp.Diff(summaryBookBefore, ts.workbookCells(summaryBook)); diff != "" {
			t.Errorf("the summary workbook of the closed period changed (-before +after):\n%s", diff)
		}
		if diff := cmp.Diff(reconBefore, reconAfter); diff != "" {
			t.Errorf("the reconciliation of the closed period changed (-before +after):\n%s", diff)
		}
		if now := ts.do(req{Method: "GET", Path: "/api/v1/trial-balance?fund=POOR"}); bytes.Equal(now.Body, trialAfter.Body) {
			t.Errorf("the later entries moved nothing: the test proves nothing")
		}
	})
}

// workbookCells reads every sheet of an export, leaving out the lines that
// say when and at which journal head it was made.
func (ts *testServer) workbookCells(path string) map[string][][]string {
	ts.t.Helper()
	r := ts.do(req{Method: "GET", Path: path})
	f, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if r.Status != 200 || err != nil {
		ts.t.Fatalf("%s: %d %v", path, r.Status, err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for _, row := range rows {
			if madeAt(strings.Join(row, "|")) {
				continue
			}
			out[sheet] = append(out[sheet], row)
		}
	}
	return out
}

var madeAtWords = []string{"bút toán số", "up to entry", "Lập lúc", "Made at", "Ngày lập", "mã băm"}

func madeAt(line string) bool {
	for _, w := range madeAtWords {
		if strings.Contains(line, w) {
			return true
		}
	}
	return false
}

// TestPeriodCloseRace: 50 manual entries, half dated inside the period,
// race a close over HTTP: after the close, the journal holds no entry
// dated inside that was appended after it.
func TestPeriodCloseRace(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.noReplayCheck = true
		inside, through, after := closeDates()
		const n = 50
		status := make([]int, n)
		ids := make([]int64, n)
		var closed response
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if i == n/2 {
					closed = ts.do(req{Method: "POST", Path: "/api/v1/periods/close", Key: "auto", Body: map[string]any{"fund": "POOR", "date": through}})
				}
				date := after
				if i%2 == 0 {
					date = inside
				}
				r := ts.do(req{Method: "POST", Path: "/api/v1/journal", Key: "auto", Body: withDate(entry(fmt.Sprint("e", i), posting("POOR:1110", "10"), posting("POOR:4100", "-10")), date)})
				status[i] = r.Status
				if r.Status == 201 {
					ids[i] = int64(r.JSON["id"].(float64))
				} else if i%2 == 0 {
					wantPeriodClosed(t, r, "POOR", through)
				}
			}()
		}
		wg.Wait()
		if closed.Status != 201 {
			t.Fatalf("close: %d %s", closed.Status, closed.Body)
		}
		head := int64(closed.JSON["after_entry_id"].(float64))
		for i := range n {
			switch {
			case i%2 == 1 && status[i] != 201:
				t.Errorf("entry %d in the open period: %d", i, status[i])
			case i%2 == 0 && status[i] == 201 && ids[i] > head:
				t.Errorf("entry %d dated inside committed after the close (after entry %d)", ids[i], head)
			}
		}
		r := ts.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/journal?fund=POOR&to=%s&limit=500", through)})
		for _, e := range r.JSON["data"].([]any) {
			if id := int64(e.(map[string]any)["id"].(float64)); id > head {
				t.Errorf("the journal holds entry %d dated inside, appended after the close", id)
			}
		}
		ts.mustVerifyClean()
	})
}
