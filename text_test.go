package reliefledger_test

import (
	"strings"
	"testing"

	rl "reliefledger"
)

func TestCheckText(t *testing.T) {
	tests := []struct {
		name, in string
		problem  string // "" when the text is fine
	}{
		{"plain", "Nguyễn Văn A", ""},
		{"tab and newlines", "dòng 1\r\ndòng\t2", ""},
		{"zero-width space is text", "Nguyễn\u200bVăn", ""},
		{"NUL", "abc\x00def", "control character (U+0000)"},
		{"bell", "a\x07", "control character (U+0007)"},
		{"escape", "\x1b[31m", "control character (U+001B)"},
		{"DEL", "a\x7fb", "control character (U+007F)"},
		{"invalid UTF-8", "caf\xe9", "not valid UTF-8"},
		{"truncated sequence", "\xe1\xbb", "not valid UTF-8"},
		{"replacement character", "caf\uFFFD", "U+FFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := rl.CheckText(tt.in)
			switch {
			case tt.problem == "" && err != nil:
				t.Errorf("CheckText(%q) = %v, want nil", tt.in, err)
			case tt.problem != "" && (err == nil || !strings.Contains(err.Error(), tt.problem)):
				t.Errorf("CheckText(%q) = %v, want …%s…", tt.in, err, tt.problem)
			}
		})
	}
}

func FuzzCheckText(f *testing.F) {
	for _, s := range []string{"", "Nguyễn Văn A", "a\x00b", "caf\xe9", "\uFFFD"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := rl.CheckText(s)
		clean := true
		for _, r := range s {
			if r == '\uFFFD' || (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
				clean = false
			}
		}
		if (err == nil) != clean {
			t.Errorf("CheckText(%q) = %v, but the text is clean=%v", s, err, clean)
		}
	})
}
