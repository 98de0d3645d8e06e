package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"reliefledger/store/storetest"
)

// sectionOf is the page's section of one rule set.
func sectionOf(body, code string) string {
	m := regexp.MustCompile(`(?s)<section class="rule-set" id="set-` + regexp.QuoteMeta(code) + `">.*?</section>`).FindString(body)
	return m
}

// TestConsoleRules: every signed-in role sees the rule sets; the date asked
// marks the one in force; every parameter without a clause reads unknown.
func TestConsoleRules(t *testing.T) {
	f := newConsoleFixture(t, storetest.Open(t, storetest.SQLite))
	b := f.as(t, "officer.943")
	if home := b.get("/console"); !strings.Contains(home.Body, `<a href="/console/rules">Quy định theo thời gian</a>`) {
		t.Errorf("the district officer's navigation lacks the rules page")
	}
	r := b.get("/console/rules?date=2021-08-01")
	old, now := sectionOf(r.Body, "ND-64-2008"), sectionOf(r.Body, "ND-93-2021")
	if r.Status != http.StatusOK || old == "" || now == "" {
		t.Fatalf("rules: %d\n%s", r.Status, r.Body)
	}
	if !strings.Contains(old, "Đang áp dụng ngày 01/08/2021") || strings.Contains(now, "Đang áp dụng") ||
		!strings.Contains(old, "Hiệu lực từ 06/06/2008 đến 10/12/2021") || !strings.Contains(now, "Hiệu lực từ 11/12/2021") {
		t.Errorf("on 2021-08-01 Decree 64 is in force:\n%s\n%s", old, now)
	}
	if n := strings.Count(old, `class="unknown"`); n != 5 || strings.Count(old, "<td data-label=\"Giá trị\">chưa rõ</td>") != 5 {
		t.Errorf("Decree 64's parameters: %d unknown, want 5\n%s", n, old)
	}
	if row := rowOf(now, "delivery_deadline"); strings.Contains(row, `class="unknown"`) || !strings.Contains(row, "20") ||
		!strings.Contains(row, "t2hlawyers.vn") || !strings.Contains(row, `<q lang="en">`) {
		t.Errorf("Decree 93's delivery deadline, read from a published summary:\n%s", row)
	}
	if r := b.get("/console/rules?date=2021-12-11"); !strings.Contains(sectionOf(r.Body, "ND-93-2021"), "Đang áp dụng ngày 11/12/2021") {
		t.Errorf("on 2021-12-11 Decree 93 is not marked in force")
	}
	if r := b.get("/console/rules?date=2021-13-40"); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `role="alert"`) {
		t.Errorf("bad date: %d", r.Status)
	}
	if en := b.get("/console/rules?date=2022-01-01&lang=en"); !strings.Contains(sectionOf(en.Body, "ND-93-2021"), "In force on 2022-01-01") ||
		!strings.Contains(en.Body, "<td>Delivery deadline</td>") || !strings.Contains(en.Body, ">unknown</td>") {
		t.Errorf("in English:\n%s", en.Body)
	}
}

// rowOf is the table row of a rule set's parameter.
func rowOf(section, key string) string {
	i := strings.Index(section, `data-param="`+key+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(section[i:], "</tr>")
	if j < 0 {
		return section[i:]
	}
	return section[i : i+j]
}
