// Package lograte keeps an outage from flooding the log: a slog.Handler
// that lets through a few records of each kind of trouble per window and
// counts the rest, then says how many it held back. During a database cut
// every request fails the same way; the operator needs the first lines and
// the count, not one line per request.
package lograte

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// Handler limits repeated trouble records: warnings and errors, and
// "request" records of failed requests (status 500 and above). Records of
// the same kind — the same level, message and the values of the key
// attributes (route, status, code) — pass Burst times per Window; the
// others are counted, and the next record of that kind after the window
// is preceded by "log lines held back" with the count. Everything else
// passes untouched.
type Handler struct {
	next   slog.Handler
	burst  int
	window time.Duration
	now    func() time.Time
	state  *state
	attrs  []slog.Attr // from WithAttrs, for the key
}

type state struct {
	mu    sync.Mutex
	kinds map[string]*kind
}

type kind struct {
	start      time.Time
	passed     int
	suppressed int
}

// keyAttrs are the attributes whose values tell one kind of trouble from
// another; request ids, durations and clients do not.
var keyAttrs = map[string]bool{"route": true, "status": true, "code": true, "method": true}

// New wraps next: burst records of a kind per window pass.
func New(next slog.Handler, burst int, window time.Duration) *Handler {
	return &Handler{next: next, burst: burst, window: window, now: time.Now, state: &state{kinds: map[string]*kind{}}}
}

// Enabled is next's.
func (h *Handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

// Handle passes r, or counts it when its kind is over the limit.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	key, limited := h.key(r)
	if !limited {
		return h.next.Handle(ctx, r)
	}
	now := h.now()
	h.state.mu.Lock()
	k := h.state.kinds[key]
	if k == nil {
		if len(h.state.kinds) > 10_000 { // bounded: kinds are few; never grow without end
			h.state.kinds = map[string]*kind{}
		}
		k = &kind{start: now}
		h.state.kinds[key] = k
	}
	held := 0
	if now.Sub(k.start) >= h.window {
		held = k.suppressed
		k.start, k.passed, k.suppressed = now, 0, 0
	}
	pass := k.passed < h.burst
	if pass {
		k.passed++
	} else {
		k.suppressed++
	}
	h.state.mu.Unlock()
	if held > 0 {
		s := slog.NewRecord(now, slog.LevelWarn, "log lines held back", r.PC)
		s.AddAttrs(slog.Int("count", held), slog.String("like", r.Message), slog.Duration("window", h.window))
		r.Attrs(func(a slog.Attr) bool {
			if keyAttrs[a.Key] {
				s.AddAttrs(a)
			}
			return true
		})
		if err := h.next.Handle(ctx, s); err != nil {
			return err
		}
	}
	if !pass {
		return nil
	}
	return h.next.Handle(ctx, r)
}

// key is r's kind, and whether records of it are limited at all.
func (h *Handler) key(r slog.Record) (string, bool) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s", r.Level, r.Message)
	status := 0
	add := func(a slog.Attr) bool {
		if keyAttrs[a.Key] {
			fmt.Fprintf(&b, "|%s=%s", a.Key, a.Value.String())
		}
		if a.Key == "status" && a.Value.Kind() == slog.KindInt64 {
			status = int(a.Value.Int64())
		}
		return true
	}
	for _, a := range h.attrs {
		add(a)
	}
	r.Attrs(add)
	limited := r.Level >= slog.LevelWarn || (r.Message == "request" && status >= 500)
	return b.String(), limited
}

// WithAttrs keeps the limit shared: the same kinds, counted together.
func (h *Handler) WithAttrs(as []slog.Attr) slog.Handler {
	c := *h
	c.next = h.next.WithAttrs(as)
	c.attrs = append(append([]slog.Attr{}, h.attrs...), as...)
	return &c
}

// WithGroup is next's, sharing the limit.
func (h *Handler) WithGroup(name string) slog.Handler {
	c := *h
	c.next = h.next.WithGroup(name)
	return &c
}
