package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// progress draws a progress bar on a terminal and stays quiet elsewhere
// (logs, pipes, CI).
type progress struct {
	w     io.Writer
	label string
	tty   bool
	start time.Time

	mu   sync.Mutex
	last time.Time
}

func newProgress(w io.Writer, label string) *progress {
	f, ok := w.(*os.File)
	tty := ok && term.IsTerminal(int(f.Fd()))
	return &progress{w: w, label: label, tty: tty, start: time.Now()}
}

// set shows done of total.
func (p *progress) set(done, total int) {
	if !p.tty || total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if done < total && time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	const width = 30
	filled := done * width / total
	fmt.Fprintf(p.w, "\r%s [%s%s] %3d%% %d/%d", p.label, strings.Repeat("#", filled), strings.Repeat(" ", width-filled), done*100/total, done, total)
	if done >= total {
		fmt.Fprintf(p.w, " in %s\n", time.Since(p.start).Round(time.Millisecond))
	}
}
