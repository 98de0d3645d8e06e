package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"reliefledger/store"
	"reliefledger/store/storetest"
)

// hostile is one poisoned request: its raw body and the field the 400
// must name.
type hostile struct {
	name  string
	body  []byte
	field string
}

// poison writes good bodies with one field spoiled four ways: a NUL byte,
// a year-0 date, a 40-digit amount and bytes that are not UTF-8. textField
// and each of the others may be "" when the route has no such field.
func poison(good map[string]any, textField, dateField, amountField string) []hostile {
	var out []hostile
	spoil := func(name, field string, v any) {
		if field == "" {
			return
		}
		b := map[string]any{}
		for k, x := range good {
			b[k] = x
		}
		setPath(b, field, v)
		enc, _ := json.Marshal(b)
		out = append(out, hostile{name, enc, field})
	}
	spoil("NUL", textField, "ab\x00cd")
	spoil("year 0", dateField, "0000-01-01")
	spoil("40 digits", amountField, strings.Repeat("9", 40))
	if textField != "" {
		b := map[string]any{}
		for k, x := range good {
			b[k] = x
		}
		setPath(b, textField, "MARK")
		enc, _ := json.Marshal(b)
		out = append(out, hostile{"not UTF-8", []byte(strings.Replace(string(enc), "MARK", "caf\xe9", 1)), textField})
	}
	return out
}

// setPath sets a.b[0].c in nested maps and slices built by tests.
func setPath(m map[string]any, path string, v any) {
	head, rest, _ := strings.Cut(path, ".")
	if i := strings.Index(head, "["); i > 0 {
		var n int
		fmt.Sscanf(head[i:], "[%d]", &n)
		list := m[head[:i]].([]map[string]any)
		cp := make([]map[string]any, len(list))
		for j := range list {
			cp[j] = map[string]any{}
			for k, x := range list[j] {
				cp[j][k] = x
			}
		}
		m[head[:i]] = cp
		setPath(cp[n], rest, v)
		return
	}
	if rest == "" {
		m[head] = v
		return
	}
	setPath(m[head].(map[string]any), rest, v)
}

// TestNoRequestHarmsAnother is issue 13, acceptance 1: 64 good requests
// race 8 poisoned ones on each creating route; every good one succeeds,
// every poisoned one is refused with 400 naming its field, and nothing
// half-written is left (verify is clean).
func TestNoRequestHarmsAnother(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		ts.noReplayCheck = true
		ts.fundBank("POOR", "1000000000", "")
		routes := []struct {
			path string
			good func(i int) map[string]any
			bad  []hostile
		}{
			{"/api/v1/journal", func(i int) map[string]any {
				return entry(fmt.Sprintf("aid %d", i), posting("POOR:5100", "1000"), posting("POOR:1120", "-1000"))
			}, poison(map[string]any{"description": "x", "date": "2021-07-20", "postings": []map[string]any{posting("POOR:5100", "1000"), posting("POOR:1120", "-1000")}},
				"description", "date", "postings[0].amount")},
			{"/api/v1/donations", func(i int) map[string]any {
				return map[string]any{"fund": "COVID", "channel": "cash", "amount": fmt.Sprint(1000 + i), "received_date": "2021-07-20", "donor_name": "Lê Văn Tám"}
			}, poison(map[string]any{"fund": "COVID", "channel": "cash", "amount": "1000", "received_date": "2021-07-20", "donor_name": "Lê Văn Tám"},
				"donor_name", "received_date", "amount")},
			{"/api/v1/households", func(i int) map[string]any {
				return map[string]any{"code": fmt.Sprintf("HOST-%d", i), "head_name": "Thạch Thị Sa", "commune": "31552", "category": "poor", "members": 4}
			}, poison(map[string]any{"code": "HOST-X", "head_name": "Thạch Thị Sa", "commune": "31552", "category": "poor", "members": 4},
				"head_name", "", "")},
			{"/api/v1/allocation-plans", func(i int) map[string]any {
				return budgetPlan("POOR", "1000000", "943")
			}, poison(budgetPlan("POOR", "1000000", "943"), "title", "", "budget")},
		}
		for _, rt := range routes {
			var wg sync.WaitGroup
			good := make([]response, 64)
			bad := make([]response, len(rt.bad)*2)
			for i := range good {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					good[i] = ts.do(req{Method: "POST", Path: rt.path, Key: "auto", Body: rt.good(i)})
				}(i)
			}
			for i := range bad {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					bad[i] = ts.do(req{Method: "POST", Path: rt.path, Key: "auto", Body: rt.bad[i%len(rt.bad)].body})
				}(i)
			}
			wg.Wait()
			for i, r := range good {
				if r.Status != 201 {
					t.Errorf("%s: good request %d answered %d %s", rt.path, i, r.Status, r.Body)
				}
			}
			for i, r := range bad {
				h := rt.bad[i%len(rt.bad)]
				if r.Status != 400 || !strings.Contains(string(r.Body), `"field":"`+h.field+`"`) {
					t.Errorf("%s %s: %d %s, want 400 naming %s", rt.path, h.name, r.Status, r.Body, h.field)
				}
			}
		}
		ts.mustVerifyClean()
	})
}

// TestPoisonedFileLinesFailAlone: a bank statement and a household list
// with one line each carrying a NUL byte, bytes that are not UTF-8 or a
// year-0 date: the statement's good lines are recorded and each bad one
// listed with why; the household list names the bad rows and registers
// nothing (it is all or nothing); verify stays clean on both backends.
func TestPoisonedFileLinesFailAlone(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ts := newTestServer(t, db)
		stmt := "date,reference,amount,description,counterparty_name\n" +
			"2021-07-20,FT1,100000,ung ho,Nguyen Van A\n" +
			"2021-07-20,FT2,200000,ung ho\x00,Tran Thi B\n" +
			"0000-01-01,FT4,400000,ung ho,Pham D\n" +
			"2021-07-21,FT5,500000,ung ho,Vo E\n"
		r := ts.do(req{Method: "POST", Path: "/api/v1/bank-statements?fund=COVID&filename=s.csv", Key: "auto", Body: []byte(stmt), ContentType: "text/csv"})
		if r.Status != 200 || r.JSON["created"] != float64(2) || r.JSON["rejected"] != float64(2) || r.JSON["rejected_total"] != "600000" || r.JSON["file_total"] != "1200000" {
			t.Errorf("statement with 2 poisoned lines: %d %s", r.Status, r.Body)
		}
		// A CSV that is not UTF-8 at all (a legacy code page) is refused
		// whole, saying how to save it.
		legacy := "date,reference,amount,description\n2021-07-20,FT9,100000,caf\xe9\n"
		if r := ts.do(req{Method: "POST", Path: "/api/v1/bank-statements?fund=COVID&filename=s.csv", Key: "auto", Body: []byte(legacy), ContentType: "text/csv"}); r.Status != 400 || !strings.Contains(string(r.Body), "UTF-8") {
			t.Errorf("statement not in UTF-8: %d %s", r.Status, r.Body)
		}
		list := "Mã hộ,Họ tên chủ hộ,Huyện,Xã,Phân loại,Số nhân khẩu\n" +
			"P-1,Nguyễn Văn A,Kế Sách,Xã Kế An,Nghèo,4\n" +
			"P-2,Trần\x00Thị B,Kế Sách,Xã Kế An,Nghèo,3\n" +
			"P-3,Lê Văn C,Kế Sách,Xã Kế An,Cận nghèo,2\n"
		h := ts.upload("/api/v1/households/import", "ds.csv", []byte(list), "")
		if h.Status != 400 || !strings.Contains(string(h.Body), "control character") || !strings.Contains(string(h.Body), `"field":"row 3"`) ||
			!strings.Contains(string(h.Body), "1 of 3 rows") {
			t.Errorf("household list with a NUL: %d %s", h.Status, h.Body)
		}
		ts.mustVerifyClean()
	})
}
