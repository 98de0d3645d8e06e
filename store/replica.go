package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Read replicas (PostgreSQL streaming replicas, DATABASE_REPLICA_URLS).
//
// A read goes to a replica only when its context says it may lag (MayLag):
// the HTTP layer marks the public portal, lists, reports and exports so.
// Everything else — every transaction, every write, every read not marked —
// goes to the primary, so nothing that decides a write ever reads a stale
// row. The routing is in one place: the runner's conn (db.read) and GORM's
// read pool (db.r) are replaced by ones that pick a replica per query.
//
// A monitor polls each replica every Poll: is it a standby, how far has it
// replayed. Its lag is the primary's WAL position minus the replica's
// replayed one (bytes) and how long ago the primary first stood past what
// the replica has replayed (seconds; an idle replica that has replayed
// everything lags 0, however old its last transaction). A replica that does
// not answer, is not in recovery or lags more than MaxLag is skipped until a
// poll finds it well again; a query a replica fails is run on the primary.
//
// Read-your-writes: BeginWrite marks a caller's write under way; when it
// is done the primary's WAL position is remembered for the caller, and the
// caller's lag-tolerant reads go only to a replica that has replayed that
// far (else to the primary). The memory is this process's: several reliefd
// processes behind one address should keep a caller on one process.

// ReplicaOptions configures the read replicas.
type ReplicaOptions struct {
	// URLs are the replicas' postgres:// URLs.
	URLs []string
	// MaxLag is how far behind a replica may be and still serve reads;
	// 5 s when 0.
	MaxLag time.Duration
	// Poll is how often each replica is checked; 500 ms when 0.
	Poll time.Duration
}

// ReplicaStatus is one replica as the last poll found it.
type ReplicaStatus struct {
	Name string // host:port, no credentials
	Up   bool   // serving lag-tolerant reads
	// Why it is skipped: unreachable, not a standby, lagging; "" when up.
	Why string
	// Replayed is the WAL position (bytes) it has replayed.
	Replayed uint64
	// LagBytes and Lag are how far it is behind the primary.
	LagBytes int64
	Lag      time.Duration
	// Reads counts the queries it served.
	Reads uint64
}

// ReplicaStats are the replicas and the lag-tolerant queries the primary
// served because no replica fit (none up, or none had replayed the
// caller's last write).
type ReplicaStats struct {
	Replicas     []ReplicaStatus
	PrimaryReads uint64
}

// UseReplicas sends lag-tolerant reads to the replicas of opts. It is
// called once, right after Open and before db serves anything. Replicas
// need not answer yet: they are skipped until they do. PostgreSQL only.
func (db *DB) UseReplicas(ctx context.Context, opts ReplicaOptions) error {
	if len(opts.URLs) == 0 {
		return nil
	}
	if !db.pg {
		return fmt.Errorf("read replicas need PostgreSQL: the embedded database has none")
	}
	if db.replicas != nil {
		return fmt.Errorf("read replicas are already in use")
	}
	if opts.MaxLag <= 0 {
		opts.MaxLag = 5 * time.Second
	}
	if opts.Poll <= 0 {
		opts.Poll = 500 * time.Millisecond
	}
	s := &replicaSet{primary: db.read.c, maxLag: opts.MaxLag, poll: opts.Poll,
		writes: map[int64]lastWrite{}, writing: map[int64]int{}, done: make(chan struct{})}
	names := map[string]int{}
	for _, u := range opts.URLs {
		r, err := openReplica(ctx, u)
		if err != nil {
			s.close()
			return err
		}
		if names[r.name]++; names[r.name] > 1 {
			r.name = fmt.Sprintf("%s#%d", r.name, names[r.name])
		}
		s.list = append(s.list, r)
	}
	g, err := gorm.Open(postgres.New(postgres.Config{Conn: routedPool{primary: db.r.ConnPool, set: s}}), &gorm.Config{
		Logger: logger.Discard, SkipDefaultTransaction: true, NowFunc: func() time.Time { return time.Now().UTC() }})
	if err != nil {
		s.close()
		return fmt.Errorf("read replicas: %w", err)
	}
	s.check(ctx)
	mctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s.stop = cancel
	go s.monitor(mctx)
	db.replicas, db.r, db.read = s, g, runner{c: routedConn{primary: db.read.c, set: s}, pg: true}
	return nil
}

// MayLag marks ctx: its reads may be served by a replica, one that has
// replayed the last write of userID (0: an anonymous caller) when that
// write is recent. Without replicas ctx is returned as it is.
func (db *DB) MayLag(ctx context.Context, userID int64) context.Context {
	s := db.replicas
	if s == nil {
		return ctx
	}
	var min uint64
	if userID != 0 {
		s.mu.Lock()
		w, ok := s.writes[userID]
		writing := s.writing[userID] > 0
		s.mu.Unlock()
		if writing {
			return ctx // a write of the caller's is under way: the primary
		}
		if ok && time.Since(w.at) < s.remember() {
			min = w.lsn
		}
	}
	return context.WithValue(ctx, lagKey{}, lagRead{min: min})
}

// BeginWrite marks a write of userID under way; done, called once the
// write has answered, remembers the primary's WAL position after it for
// the caller's later reads (see MayLag). Without replicas it does nothing.
func (db *DB) BeginWrite(userID int64) (done func(context.Context)) {
	s := db.replicas
	if s == nil || userID == 0 {
		return func(context.Context) {}
	}
	s.mu.Lock()
	s.writing[userID]++
	s.mu.Unlock()
	return func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		lsn, err := s.primaryLSN(ctx)
		if err != nil {
			lsn = math.MaxUint64 // unknown: the primary until it is forgotten
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if w := s.writes[userID]; w.lsn > lsn && time.Since(w.at) < s.remember() {
			lsn = w.lsn
		}
		s.writes[userID] = lastWrite{lsn: lsn, at: time.Now()}
		if s.writing[userID]--; s.writing[userID] <= 0 {
			delete(s.writing, userID)
		}
	}
}

// Replicas reports the replicas and their use; empty without replicas.
func (db *DB) Replicas() ReplicaStats {
	s := db.replicas
	if s == nil {
		return ReplicaStats{}
	}
	out := ReplicaStats{PrimaryReads: s.primaryReads.Load()}
	for _, r := range s.list {
		st := r.state.Load()
		out.Replicas = append(out.Replicas, ReplicaStatus{Name: r.name, Up: st.up, Why: st.why, Replayed: st.replayed,
			LagBytes: st.lagBytes, Lag: st.lag, Reads: r.reads.Load()})
	}
	return out
}

// PrimaryLSN is the primary's WAL position now (bytes), for tests that
// wait for the replicas to catch up.
func (db *DB) PrimaryLSN(ctx context.Context) (uint64, error) {
	var n int64
	_, err := runner{c: db.primaryConn(), pg: db.pg}.one(ctx, `SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint`, nil, &n)
	return uint64(n), err
}

func (db *DB) primaryConn() conn {
	if db.replicas != nil {
		return db.replicas.primary
	}
	return db.read.c
}

// closeReplicas stops the monitor and closes the replicas' pools.
func (db *DB) closeReplicas() {
	if db.replicas != nil {
		db.replicas.close()
	}
}

type lagKey struct{}

// lagRead is what MayLag puts in a context: the least WAL position a
// replica must have replayed to serve it.
type lagRead struct{ min uint64 }

type lastWrite struct {
	lsn uint64
	at  time.Time
}

// replicaSet is the replicas, their monitor and the callers' last writes.
type replicaSet struct {
	primary      conn
	list         []*replica
	maxLag, poll time.Duration
	next         atomic.Uint64 // round robin
	primaryReads atomic.Uint64

	// history is the primary's WAL position each time a poll found it
	// moved, oldest first (the monitor's own).
	history []lsnSample

	mu      sync.Mutex
	writes  map[int64]lastWrite
	writing map[int64]int

	stop context.CancelFunc
	done chan struct{}
}

type lsnSample struct {
	lsn uint64
	at  time.Time
}

type replica struct {
	name  string
	pool  *pgxpool.Pool
	sql   *sql.DB
	state atomic.Pointer[replicaState]
	reads atomic.Uint64
}

type replicaState struct {
	up       bool
	why      string
	replayed uint64
	lagBytes int64
	lag      time.Duration
}

func openReplica(ctx context.Context, dsn string) (*replica, error) {
	name := dsn
	if u, err := url.Parse(dsn); err == nil && u.Host != "" {
		name = u.Host
	}
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return nil, fmt.Errorf("replica %s: want a postgres:// URL", redact(dsn))
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("replica %s: %w", redact(dsn), err)
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		cfg.MaxConns = 20
	}
	if !strings.Contains(dsn, "connect_timeout") {
		cfg.ConnConfig.ConnectTimeout = 2 * time.Second // a dead replica is found fast
	}
	cfg.MaxConnIdleTime = 5 * time.Minute
	pool, err := pgxpool.NewWithConfig(ctx, cfg) // connects lazily
	if err != nil {
		return nil, fmt.Errorf("replica %s: %w", redact(dsn), err)
	}
	sqlDB := stdlib.OpenDBFromPool(pool)
	sqlDB.SetMaxOpenConns(int(cfg.MaxConns))
	sqlDB.SetMaxIdleConns(4)
	r := &replica{name: name, pool: pool, sql: sqlDB}
	r.state.Store(&replicaState{why: "not checked yet"})
	return r, nil
}

// remember is how long a caller's write is remembered: past it, every
// replica that is not skipped has replayed it (a replica that has not
// lags more than MaxLag behind a position the primary had then).
func (s *replicaSet) remember() time.Duration { return s.maxLag + 4*s.poll + 5*time.Second }

// pick is the replica a query with ctx goes to, or nil for the primary.
func (s *replicaSet) pick(ctx context.Context) *replica {
	lr, ok := ctx.Value(lagKey{}).(lagRead)
	if !ok {
		return nil
	}
	n := uint64(len(s.list))
	start := s.next.Add(1)
	for i := uint64(0); i < n; i++ {
		r := s.list[(start+i)%n]
		if st := r.state.Load(); st.up && st.replayed >= lr.min {
			return r
		}
	}
	s.primaryReads.Add(1)
	return nil
}

// failed handles a query a replica could not start: a broken connection
// takes the replica out until the next poll finds it well. It reports
// whether the query should be run on the primary instead (not when the
// caller gave up).
func (s *replicaSet) failed(ctx context.Context, r *replica, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) { // not an answer of the server: the replica is gone
		st := *r.state.Load()
		st.up, st.why = false, "unreachable"
		r.state.Store(&st)
	}
	s.primaryReads.Add(1)
	return true
}

func (s *replicaSet) monitor(ctx context.Context) {
	defer close(s.done)
	t := time.NewTicker(s.poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.check(ctx)
		}
	}
}

// check polls the primary and every replica once.
func (s *replicaSet) check(ctx context.Context) {
	timeout := max(s.poll, time.Second)
	pctx, cancel := context.WithTimeout(ctx, timeout)
	now := time.Now()
	if lsn, err := s.primaryLSN(pctx); err == nil {
		if n := len(s.history); n == 0 || s.history[n-1].lsn != lsn {
			s.history = append(s.history, lsnSample{lsn: lsn, at: now})
		}
	}
	cancel()
	// Keep the samples that can still make a replica lag past MaxLag (and
	// the newest, what the primary stands at).
	keep := 0
	for keep < len(s.history)-1 && now.Sub(s.history[keep+1].at) > 2*s.maxLag+s.poll {
		keep++
	}
	s.history = s.history[keep:]
	var wg sync.WaitGroup
	for _, r := range s.list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			st := s.measure(rctx, r, now)
			r.state.Store(&st)
		}()
	}
	wg.Wait()
	s.forget(now)
}

// measure is one replica's state at now.
func (s *replicaSet) measure(ctx context.Context, r *replica, now time.Time) replicaState {
	var standby bool
	var replayed sql.NullInt64
	err := r.sql.QueryRowContext(ctx, `SELECT pg_is_in_recovery(), (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint`).Scan(&standby, &replayed)
	switch {
	case err != nil:
		return replicaState{why: "unreachable"}
	case !standby || !replayed.Valid:
		return replicaState{why: "not a standby"}
	}
	st := replicaState{replayed: uint64(replayed.Int64)}
	if n := len(s.history); n > 0 {
		st.lagBytes = max(0, int64(s.history[n-1].lsn)-replayed.Int64)
	}
	for _, h := range s.history {
		if h.lsn > st.replayed {
			st.lag = now.Sub(h.at)
			break
		}
	}
	st.up = st.lag <= s.maxLag
	if !st.up {
		st.why = "lagging"
	}
	return st
}

// forget drops the callers' writes every usable replica has replayed.
func (s *replicaSet) forget(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, w := range s.writes {
		if now.Sub(w.at) >= s.remember() {
			delete(s.writes, id)
		}
	}
}

func (s *replicaSet) primaryLSN(ctx context.Context) (uint64, error) {
	var n int64
	_, err := runner{c: s.primary, pg: true}.one(ctx, `SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint`, nil, &n)
	return uint64(n), err
}

func (s *replicaSet) close() {
	if s.stop != nil {
		s.stop()
		<-s.done
	}
	for _, r := range s.list {
		r.sql.Close()
		r.pool.Close()
	}
}

// routedConn is the runner's conn with replicas: lag-tolerant queries to a
// replica that fits, everything else to the primary.
type routedConn struct {
	primary conn
	set     *replicaSet
}

func (c routedConn) exec(ctx context.Context, query string, args []any) (int64, error) {
	return c.primary.exec(ctx, query, args)
}

func (c routedConn) execEach(ctx context.Context, query string, rs [][]any) error {
	return c.primary.execEach(ctx, query, rs)
}

func (c routedConn) query(ctx context.Context, query string, args []any) (rows, error) {
	if r := c.set.pick(ctx); r != nil {
		rs, err := sqlConn{r.sql}.query(ctx, query, args)
		if err == nil {
			r.reads.Add(1)
			return rs, nil
		}
		if !c.set.failed(ctx, r, err) {
			return nil, err
		}
	}
	return c.primary.query(ctx, query, args)
}

// routedPool is GORM's read pool with replicas, routed as routedConn.
type routedPool struct {
	primary gorm.ConnPool
	set     *replicaSet
}

func (p routedPool) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.primary.PrepareContext(ctx, query)
}

func (p routedPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.primary.ExecContext(ctx, query, args...)
}

func (p routedPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if r := p.set.pick(ctx); r != nil {
		rs, err := r.sql.QueryContext(ctx, query, args...)
		if err == nil {
			r.reads.Add(1)
			return rs, nil
		}
		if !p.set.failed(ctx, r, err) {
			return nil, err
		}
	}
	return p.primary.QueryContext(ctx, query, args...)
}

func (p routedPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if r := p.set.pick(ctx); r != nil {
		row := r.sql.QueryRowContext(ctx, query, args...)
		if row.Err() == nil {
			r.reads.Add(1)
			return row
		}
		if !p.set.failed(ctx, r, row.Err()) {
			return row
		}
	}
	return p.primary.QueryRowContext(ctx, query, args...)
}
