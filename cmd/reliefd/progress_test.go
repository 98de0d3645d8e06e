package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestProgressQuietOffTerminal: a bar is drawn on terminals only. /dev/null
// is the case that telling terminals by a character-device mode got wrong.
func TestProgressQuietOffTerminal(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pr.Close(); pw.Close() })
	file, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { file.Close() })
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { devNull.Close() })
	for _, tt := range []struct {
		name string
		w    io.Writer
	}{
		{"buffer", &bytes.Buffer{}},
		{"pipe", pw},
		{"file", file},
		{"null device", devNull},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := newProgress(tt.w, "load")
			if p.tty {
				t.Errorf("%s is taken for a terminal", tt.name)
			}
			p.set(1, 1)
			if b, ok := tt.w.(*bytes.Buffer); ok && b.Len() > 0 {
				t.Errorf("drew %q off a terminal", b.String())
			}
		})
	}
}
