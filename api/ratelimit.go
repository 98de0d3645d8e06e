package api

import (
	clist "container/list"
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	rl "reliefledger"
)

// maxLimiters bounds how many tokens' limiters are kept at once.
const maxLimiters = 100000

// limiter limits writes per API token: rate per second, bursts up to burst,
// one rate.Limiter per token. A zero rate disables it.
//
// Memory is bounded without forgetting everyone at once. The limiters sit
// in a list ordered by last use, and every call drops limiters from the
// least recently used end while they are full again: a full limiter is
// exactly a new one, so dropping it loses nothing. What is kept is thus
// the tokens that wrote within the last burst/rate seconds. Only if more
// than max tokens are all mid-refill at once is the least recently used one
// dropped early, which gives that one token a fresh burst a little sooner;
// a token that keeps writing is never the least recently used, so other
// tokens' traffic cannot reset it.
type limiter struct {
	rate  float64
	burst int
	max   int
	now   func() time.Time

	mu    sync.Mutex
	byKey map[int64]*clist.Element // of *keyed
	order *clist.List              // front: most recently used
}

type keyed struct {
	key int64
	lim *rate.Limiter
}

func newLimiter(perSecond float64, burst int) *limiter {
	if burst < 1 {
		burst = int(math.Max(1, 2*perSecond))
	}
	return &limiter{rate: perSecond, burst: burst, max: maxLimiters, now: time.Now,
		byKey: map[int64]*clist.Element{}, order: clist.New()}
}

// allow takes one write from the bucket of key; when empty it says how long
// until the next one.
func (l *limiter) allow(key int64) (bool, time.Duration) {
	if l == nil || l.rate <= 0 {
		return true, 0
	}
	now := l.now()
	lim := l.limiterOf(key, now)
	r := lim.ReserveN(now, 1)
	if wait := r.DelayFrom(now); wait > 0 {
		r.CancelAt(now) // a refused write takes nothing
		return false, wait
	}
	return true, 0
}

// limiterOf returns key's limiter, marked as just used, and drops limiters
// that are full again or over max.
func (l *limiter) limiterOf(key int64, now time.Time) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e, ok := l.byKey[key]; ok {
		l.order.MoveToFront(e)
		return e.Value.(*keyed).lim
	}
	for e := l.order.Back(); e != nil; e = l.order.Back() {
		k := e.Value.(*keyed)
		if l.order.Len() < l.max && k.lim.TokensAt(now) < float64(l.burst) {
			break
		}
		l.order.Remove(e)
		delete(l.byKey, k.key)
	}
	lim := rate.NewLimiter(rate.Limit(l.rate), l.burst)
	l.byKey[key] = l.order.PushFront(&keyed{key: key, lim: lim})
	return lim
}

// size is how many limiters are kept.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.order.Len()
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
		key := p.TokenID
		if p.SessionID != 0 {
			key = -p.SessionID // sessions and tokens are numbered apart
		}
		if ok, wait := s.limiter.allow(key); !ok {
			c.Header("Retry-After", fmt.Sprint(int(math.Ceil(wait.Seconds()))))
			s.fail(c, rl.Errorf(rl.RateLimited, "too many writes with this token: at most %.0f per second; retry after %s", s.limiter.rate, wait.Round(time.Millisecond)))
		}
	}
}
