package api

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// clock is a settable time for limiter tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func testLimiter(perSecond float64, burst, max int) (*limiter, *clock) {
	c := &clock{t: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)}
	l := newLimiter(perSecond, burst)
	l.now = c.now
	l.max = max
	return l, c
}

func TestLimiterRates(t *testing.T) {
	type call struct {
		after time.Duration // since the previous call
		ok    bool
		wait  time.Duration
	}
	tests := []struct {
		name      string
		perSecond float64
		burst     int
		calls     []call
	}{
		{"a zero rate disables it", 0, 0, []call{{0, true, 0}, {0, true, 0}, {0, true, 0}, {0, true, 0}}},
		{"burst then one per second", 1, 2, []call{
			{0, true, 0}, {0, true, 0}, {0, false, time.Second},
			{400 * time.Millisecond, false, 600 * time.Millisecond},
			{600 * time.Millisecond, true, 0}, {0, false, time.Second},
		}},
		{"refused writes take nothing", 2, 1, []call{
			{0, true, 0}, {0, false, 500 * time.Millisecond}, {0, false, 500 * time.Millisecond},
			{500 * time.Millisecond, true, 0},
		}},
		{"refills no higher than the burst", 10, 3, []call{
			{0, true, 0}, {time.Hour, true, 0}, {0, true, 0}, {0, true, 0}, {0, false, 100 * time.Millisecond},
		}},
		{"burst defaults to twice the rate", 2, 0, []call{
			{0, true, 0}, {0, true, 0}, {0, true, 0}, {0, true, 0}, {0, false, 500 * time.Millisecond},
		}},
		{"burst defaults to at least one", 0.5, 0, []call{
			{0, true, 0}, {0, false, 2 * time.Second}, {2 * time.Second, true, 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, c := testLimiter(tt.perSecond, tt.burst, maxLimiters)
			var got []call
			for _, want := range tt.calls {
				c.advance(want.after)
				ok, wait := l.allow(7)
				got = append(got, call{want.after, ok, wait})
			}
			if diff := cmp.Diff(tt.calls, got, cmp.AllowUnexported(call{})); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLimiterBoundedMemory: many tokens never hold more than max limiters,
// and limiters that are full again are dropped once time passes.
func TestLimiterBoundedMemory(t *testing.T) {
	l, c := testLimiter(1, 2, 100)
	for key := int64(1); key <= 10000; key++ {
		l.allow(key)
		if n := l.size(); n > 100 {
			t.Fatalf("after %d tokens %d limiters are kept, want at most 100", key, n)
		}
	}
	// One write took one of two tokens: full again after a second.
	c.advance(time.Second)
	l.allow(20000)
	if n := l.size(); n != 1 {
		t.Errorf("after every limiter refilled %d are kept, want 1", n)
	}
}

// TestLimiterNotResetByOthers: a token keeps its empty bucket while far
// more other tokens than the limiter keeps write at the same time.
func TestLimiterNotResetByOthers(t *testing.T) {
	l, c := testLimiter(1, 2, 100)
	const busy = 1
	l.allow(busy)
	l.allow(busy)
	for key := int64(2); key <= 5000; key++ {
		l.allow(key)
		if key%50 == 0 {
			if ok, _ := l.allow(busy); ok {
				t.Fatalf("after %d other tokens the busy token's bucket was reset", key)
			}
		}
	}
	// Its bucket was kept, not made new: one second refills one write.
	c.advance(time.Second)
	if ok, _ := l.allow(busy); !ok {
		t.Errorf("a refilled write was refused")
	}
	if ok, _ := l.allow(busy); ok {
		t.Errorf("the busy token got a second write: its bucket was reset to a full burst")
	}
}
