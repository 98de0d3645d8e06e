package api

import (
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
)

// limiter is a token bucket per API token for writes: rate per second,
// bursts up to burst. A zero rate disables it.
type limiter struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[int64]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate float64, burst int) *limiter {
	if burst < 1 {
		burst = int(math.Max(1, 2*rate))
	}
	return &limiter{rate: rate, burst: float64(burst), now: time.Now, buckets: map[int64]*bucket{}}
}

// allow takes one write from the bucket of key; when empty it says how long
// until the next one.
func (l *limiter) allow(key int64) (bool, time.Duration) {
	if l == nil || l.rate <= 0 {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) > 100000 {
			l.buckets = map[int64]*bucket{}
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// limitWrites refuses writes of a token over its rate with 429.
func (s *Server) limitWrites(rt route) gin.HandlerFunc {
	if rt.Method == http.MethodGet || rt.Method == http.MethodHead {
		return func(*gin.Context) {}
	}
	return func(c *gin.Context) {
		p, ok := principal(c)
		if !ok {
			return
		}
		if ok, wait := s.limiter.allow(p.TokenID); !ok {
			c.Header("Retry-After", fmt.Sprint(int(math.Ceil(wait.Seconds()))))
			s.fail(c, rl.Errorf(rl.RateLimited, "too many writes with this token: at most %.0f per second; retry after %s", s.limiter.rate, wait.Round(time.Millisecond)))
		}
	}
}
