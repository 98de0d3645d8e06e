package i18n

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// TestTable: every text has both languages, takes the same arguments in
// both, and a Vietnamese text is not left in English.
func TestTable(t *testing.T) {
	for _, k := range Keys() {
		text, _ := Lookup(k)
		if strings.TrimSpace(text.VI) == "" || strings.TrimSpace(text.EN) == "" {
			t.Errorf("%s: a language is missing: %+v", k, text)
		}
		vi, en := verb.FindAllString(text.VI, -1), verb.FindAllString(text.EN, -1)
		slices.Sort(vi)
		slices.Sort(en)
		if !slices.Equal(vi, en) {
			t.Errorf("%s: Vietnamese takes %v, English %v", k, vi, en)
		}
		if strings.Count(text.VI, "{") != strings.Count(text.EN, "{") {
			t.Errorf("%s: placeholders differ: %+v", k, text)
		}
	}
}

func TestLookups(t *testing.T) {
	if got := T(VI, TitleJournal); got != "Sổ nhật ký chung" {
		t.Errorf("T = %q", got)
	}
	if got := T(EN, Key("no.such.key")); got != "⟦no.such.key⟧" {
		t.Errorf("a missing key reads %q: it must show", got)
	}
	if got := F(VI, PeriodFromTo, "01/07/2021", "31/07/2021"); got != "Kỳ: 01/07/2021 – 31/07/2021" {
		t.Errorf("F = %q", got)
	}
	if got := Value(VI, "account_type", "net_assets"); got != "Nguồn quỹ" {
		t.Errorf("Value = %q", got)
	}
	if got := Value(VI, "source", "made-up"); got != "made-up" {
		t.Errorf("an unknown value reads %q, want itself", got)
	}
	if got := F(EN, RegionFull, "District", "Kế Sách"); got != "Kế Sách District" {
		t.Errorf("English puts the kind after the name: %q", got)
	}
	for in, want := range map[string]Lang{"en": EN, "EN-us": EN, "en_GB": EN, "": VI, "vi": VI, "fr": VI} {
		if ParseLang(in) != want {
			t.Errorf("ParseLang(%q) != %v", in, want)
		}
	}
}

func TestFormats(t *testing.T) {
	d := time.Date(2021, 7, 5, 14, 3, 9, 0, time.UTC)
	if VI.Date(d) != "05/07/2021" || EN.Date(d) != "2021-07-05" || VI.Date(time.Time{}) != "" {
		t.Errorf("dates %q %q", VI.Date(d), EN.Date(d))
	}
	if VI.Time(d) != "05/07/2021 14:03:09" {
		t.Errorf("time %q", VI.Time(d))
	}
	for _, c := range []struct {
		d      string
		places int32
		vi, en string
	}{
		{"1250.5", 2, "1.250,50", "1,250.50"},
		{"1412500000", 0, "1.412.500.000", "1,412,500,000"},
		{"-33.333", -1, "-33,333", "-33.333"},
		{"999", 0, "999", "999"},
		{"0.125", 2, "0,13", "0.13"},
	} {
		n := decimal.RequireFromString(c.d)
		if got := VI.Number(n, c.places); got != c.vi {
			t.Errorf("VI.Number(%s) = %q, want %q", c.d, got, c.vi)
		}
		if got := EN.Number(n, c.places); got != c.en {
			t.Errorf("EN.Number(%s) = %q, want %q", c.d, got, c.en)
		}
	}
	if VI.Count(37654) != "37.654" {
		t.Errorf("count %q", VI.Count(37654))
	}
}
