package storetest

import (
	"context"
	"io"
	"net"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvReplicaURL names the variable that points tests at a streaming
// replica of the RELIEF_TEST_DATABASE_URL cluster (.ci/run starts one).
const EnvReplicaURL = "RELIEF_TEST_REPLICA_URL"

// Replica is the test replica, held by one test at a time.
type Replica struct {
	// DSN reaches the replica with the search_path of the primary's DSN
	// it was made for.
	DSN   string
	admin *pgx.Conn
}

// OpenReplica returns the replica for a test on primaryDSN (from
// PostgresDSN), held by this test alone until cleanup: tests in other
// packages wait, since pausing the replica's replay is seen by all. Its
// replay runs at the start and again at cleanup. It skips when no replica
// is set, unless CI is set.
func OpenReplica(tb testing.TB, primaryDSN string) *Replica {
	tb.Helper()
	base := os.Getenv(EnvReplicaURL)
	if base == "" {
		if os.Getenv("CI") != "" {
			tb.Fatalf("CI is set but %s is not: the read-replica tests must run in CI (.ci/run starts the replica)", EnvReplicaURL)
		}
		tb.Skipf("%s not set; skipping the read-replica test", EnvReplicaURL)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	lock, err := pgx.Connect(ctx, os.Getenv(EnvURL))
	if err != nil {
		tb.Fatalf("%s: %v", EnvURL, err)
	}
	tb.Cleanup(func() { lock.Close(context.Background()) })
	if _, err := lock.Exec(ctx, `SELECT pg_advisory_lock(7242001)`); err != nil {
		tb.Fatalf("hold the test replica: %v", err)
	}
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("the replica at %s is unreachable: %v", EnvReplicaURL, err)
	}
	r := &Replica{admin: admin}
	r.Resume(tb)
	tb.Cleanup(func() {
		r.Resume(tb)
		admin.Close(context.Background())
	})
	var standby bool
	if err := admin.QueryRow(ctx, `SELECT pg_is_in_recovery()`).Scan(&standby); err != nil || !standby {
		tb.Fatalf("%s is not a standby (in recovery): %v", EnvReplicaURL, err)
	}
	p, err := url.Parse(primaryDSN)
	if err != nil {
		tb.Fatal(err)
	}
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvReplicaURL, err)
	}
	q := u.Query()
	q.Set("search_path", p.Query().Get("search_path"))
	u.RawQuery = q.Encode()
	r.DSN = u.String()
	return r
}

// Pause stops the replica replaying the primary's WAL: it goes on
// answering with what it had.
func (r *Replica) Pause(tb testing.TB) {
	tb.Helper()
	if _, err := r.admin.Exec(context.Background(), `SELECT pg_wal_replay_pause()`); err != nil {
		tb.Fatalf("pause the replica's replay: %v", err)
	}
}

// Resume lets the replica replay again.
func (r *Replica) Resume(tb testing.TB) {
	tb.Helper()
	if _, err := r.admin.Exec(context.Background(), `SELECT pg_wal_replay_resume()`); err != nil {
		tb.Fatalf("resume the replica's replay: %v", err)
	}
}

// Proxy forwards TCP to an address and can be cut: every open connection
// dropped and new ones refused until Restore.
type Proxy struct {
	Addr   string // where to connect instead of the target
	l      net.Listener
	target string
	mu     sync.Mutex
	conns  map[net.Conn]bool
	down   bool
}

// NewProxy listens on a free local port and forwards to target (host:port).
func NewProxy(tb testing.TB, target string) *Proxy {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	p := &Proxy{Addr: l.Addr().String(), l: l, target: target, conns: map[net.Conn]bool{}}
	tb.Cleanup(func() { l.Close(); p.Cut() })
	go p.serve()
	return p
}

func (p *Proxy) serve() {
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		down := p.down
		if !down {
			p.conns[c] = true
		}
		p.mu.Unlock()
		if down {
			c.Close()
			continue
		}
		go p.pipe(c)
	}
}

func (p *Proxy) pipe(c net.Conn) {
	d, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	if p.down {
		p.mu.Unlock()
		c.Close()
		d.Close()
		return
	}
	p.conns[d] = true
	p.mu.Unlock()
	go func() { io.Copy(d, c); d.Close() }()
	io.Copy(c, d)
	c.Close()
}

// Cut drops every connection and refuses new ones until Restore.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]bool{}
}

// Restore accepts connections again.
func (p *Proxy) Restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = false
}
