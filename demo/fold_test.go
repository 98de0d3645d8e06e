package demo

import (
	"os"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"reliefledger/internal/fold"
)

// oldFold is the fold households had before internal/fold, kept to check
// that search columns filled by it still match what fold.String gives.
func oldFold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	out = strings.NewReplacer("đ", "d", "Đ", "D").Replace(out)
	return strings.Join(strings.Fields(strings.ToLower(out)), " ")
}

// foldCorpus returns Vietnamese names: the demo registry's heads and
// hamlets, the units of Sóc Trăng, and each in upper case and in NFD.
func foldCorpus(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open("../households/data/soctrang_2021.csv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	units, err := UnitsFromCSV(f)
	if err != nil {
		tb.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		for _, v := range []string{s, strings.ToUpper(s), norm.NFD.String(s), "  " + s + "\t"} {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	for _, u := range units {
		add(u.CommuneName)
		add(u.DistrictName)
	}
	for _, h := range Households(units, 1) {
		add(h.HeadName)
		add(h.Hamlet)
	}
	return out
}

// TestFoldMatchesOldFold: on every name of the demo registry and the units
// of Sóc Trăng, fold.String folds as the old households.Fold did, so the
// name_folded and search_text columns it filled are still found.
func TestFoldMatchesOldFold(t *testing.T) {
	corpus := foldCorpus(t)
	if len(corpus) < 1000 {
		t.Fatalf("corpus of %d names", len(corpus))
	}
	diffs := 0
	for _, s := range corpus {
		if got, want := fold.String(s), oldFold(s); got != want {
			diffs++
			if diffs <= 10 {
				t.Errorf("fold.String(%q) = %q, the old fold gave %q", s, got, want)
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d of %d names fold differently", diffs, len(corpus))
	}
}

func BenchmarkFold(b *testing.B) {
	corpus := foldCorpus(b)
	for _, bc := range []struct {
		name string
		fold func(string) string
	}{{"table", fold.String}, {"old", oldFold}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range corpus {
					bc.fold(s)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(corpus)), "ns/name")
		})
	}
}
