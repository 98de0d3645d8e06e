package demo

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"reliefledger/households"
)

func referenceTree(tb testing.TB) *households.Tree {
	tb.Helper()
	units, maps, err := households.ReferenceUnits()
	if err != nil {
		tb.Fatal(err)
	}
	return households.NewTree(units, maps)
}

// TestSampleHouseholds asks for more households than one demo registry
// holds, so that the sample spans two seeds.
func TestSampleHouseholds(t *testing.T) {
	tree := referenceTree(t)
	const n = PoorCount + NearPoorCount + 100
	hs := SampleHouseholds(tree, n)
	if len(hs) != n {
		t.Fatalf("got %d households, want %d", len(hs), n)
	}
	if again := SampleHouseholds(tree, n); !reflect.DeepEqual(hs, again) {
		t.Error("two samples of the same size differ")
	}
	registry := HouseholdsOf(tree, Seed)
	taken := map[string]bool{}
	for _, h := range registry {
		taken[h.Code] = true
		if h.NationalID != "" {
			taken[h.NationalID] = true
		}
	}
	seen := map[string]bool{}
	for i, h := range hs {
		if want := fmt.Sprintf("SAMPLE-%06d", i+1); h.Code != want {
			t.Fatalf("household %d: code %s, want %s", i, h.Code, want)
		}
		if h.NationalID != "" && !strings.HasPrefix(h.NationalID, "095") {
			t.Errorf("%s: national ID %s does not start with 095", h.Code, h.NationalID)
		}
		for _, k := range []string{h.Code, h.NationalID} {
			if k == "" {
				continue
			}
			if taken[k] {
				t.Errorf("%s: %s is in the demo registry", h.Code, k)
			}
			if seen[k] {
				t.Errorf("%s: %s repeats", h.Code, k)
			}
			seen[k] = true
		}
		if !h.Synthetic {
			t.Errorf("%s is not marked synthetic", h.Code)
		}
	}
	if hs := SampleHouseholds(households.NewTree(nil, nil), 10); hs != nil {
		t.Errorf("a tree without communes gave %d households", len(hs))
	}
	if hs := SampleHouseholds(tree, 0); hs != nil {
		t.Errorf("zero households asked, %d given", len(hs))
	}
}

func TestWriteImportXLSX(t *testing.T) {
	tree := referenceTree(t)
	hs := SampleHouseholds(tree, 20)
	var buf bytes.Buffer
	if err := WriteImportXLSX(&buf, hs, tree); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3+len(hs) {
		t.Fatalf("got %d rows, want %d", len(rows), 3+len(hs))
	}
	if !strings.Contains(rows[0][0], "không có thật") {
		t.Errorf("title %q does not say the data are not real", rows[0][0])
	}
	if diff := cmp.Diff(SampleHeaders, rows[2]); diff != "" {
		t.Errorf("header mismatch (-want +got):\n%s", diff)
	}
	for i, h := range hs {
		got := rows[3+i]
		commune, _ := tree.Unit(h.Commune)
		district, _ := tree.Unit(h.District)
		var notes []string
		for _, fl := range h.Flags {
			notes = append(notes, flagVI[fl])
		}
		want := []string{h.Code, h.HeadName, h.NationalID, h.Phone, district.Name, commune.FullName(), h.Hamlet,
			categoryVI[h.Category], fmt.Sprint(h.Members), strings.Join(notes, ", ")}
		// GetRows drops trailing empty cells.
		for len(want) > 0 && want[len(want)-1] == "" {
			want = want[:len(want)-1]
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("row %d mismatch (-want +got):\n%s", 4+i, diff)
		}
	}
}
