package xlsxw

import (
	"io"
	"strings"
	"testing"
)

func TestSheetNames(t *testing.T) {
	for in, want := range map[string]string{
		"Nhật ký":               "Nhật ký",
		"a[b]c:d*e?f/g\\h":      "a_b_c_d_e_f_g_h",
		"'quoted'":              "quoted",
		"":                      "Sheet",
		"history":               "history_",
		strings.Repeat("ệ", 40): strings.Repeat("ệ", 31),
		"x\x00y":                "xy",
	} {
		if got := sheetName(in); got != want {
			t.Errorf("sheetName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := suffixed(strings.Repeat("a", 31), 12); got != strings.Repeat("a", 26)+" (12)" {
		t.Errorf("suffixed = %q", got)
	}
	wb := New(io.Discard, nil)
	if a, b, c := wb.unique("Sổ"), wb.unique("sổ"), wb.unique("Sổ"); a != "Sổ" || b != "sổ (2)" || c != "Sổ (3)" {
		t.Errorf("unique names %q %q %q", a, b, c)
	}
}
