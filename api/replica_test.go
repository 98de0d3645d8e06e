package api

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"reliefledger/access"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

// TestReplicaRouting runs the API over a real streaming replica (issue 18,
// acceptance 6; .ci/run starts it): the public search is served by the
// replica, a caller's write is in that caller's next read, a lagging
// replica is skipped, and a stopped one falls back to the primary with no
// error to the client, then serves again once it is back.
func TestReplicaRouting(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	rep := storetest.OpenReplica(t, dsn)
	ru, err := url.Parse(rep.DSN)
	if err != nil {
		t.Fatal(err)
	}
	proxy := storetest.NewProxy(t, ru.Host) // cut to stop the replica
	ru.Host = proxy.Addr
	ctx := context.Background()
	db := openReplicated(t, dsn, ru.String(), time.Minute)
	ts := newTestServer(t, db)
	ts.srv.Metrics.WatchReplicas(func() ([]ReplicaStat, uint64) {
		var out []ReplicaStat
		st := db.Replicas()
		for _, r := range st.Replicas {
			out = append(out, ReplicaStat{Name: r.Name, Up: r.Up, LagBytes: r.LagBytes, LagSeconds: r.Lag.Seconds(), Reads: r.Reads})
		}
		return out, st.PrimaryReads
	})
	reader := ts.userToken(access.Auditor, "") // reads the register, never writes
	replica := func() store.ReplicaStatus { return db.Replicas().Replicas[0] }
	caughtUp(t, db)

	public := func() []string {
		t.Helper()
		return receipts(t, ts.do(req{Method: "GET", Path: "/api/v1/public/donations?q=replica+marker", Token: "-"}))
	}
	register := func(token string) []string {
		t.Helper()
		return receipts(t, ts.do(req{Method: "GET", Path: "/api/v1/donations?q=replica+marker", Token: token}))
	}
	record := func(ref string) string {
		t.Helper()
		d := donation("COVID", "bank", "250000", "2021-08-03")
		d["donor_name"], d["anonymous"], d["bank_ref"] = "Replica Marker", false, ref
		r := ts.do(req{Method: "POST", Path: "/api/v1/donations", Key: "auto", Body: d})
		if r.Status != 201 {
			t.Fatalf("record a donation: %d %s", r.Status, r.Body)
		}
		return r.JSON["receipt_no"].(string)
	}

	// Served by the replica: with its replay paused, a donation recorded on
	// the primary is not in the public search nor in another caller's
	// register, and is in the register of the caller who recorded it.
	rep.Pause(t)
	first := record("FTREPLICA01")
	if got := public(); len(got) != 0 {
		t.Errorf("public search while the replica is paused: %v, want nothing (it must be served by the replica)", got)
	}
	if got := register(reader); len(got) != 0 {
		t.Errorf("another caller's register while the replica is paused: %v, want nothing (served by the replica)", got)
	}
	if got := register(adminToken); !slices.Equal(got, []string{first}) {
		t.Errorf("the recording caller's own register right after the write: %v, want [%s]", got, first)
	}
	waitFor(t, "the paused replica's lag to show", func() bool { return replica().LagBytes > 0 && replica().Lag > 0 })
	if m := ts.metrics(); metric(m, "reliefledger_replica_up") != 1 || metric(m, "reliefledger_replica_lag_bytes") <= 0 || metric(m, "reliefledger_replica_reads_total") <= 0 {
		t.Errorf("/metrics while the replica is paused (up, lagging within the limit, serving):\n%s", grep(m, "reliefledger_replica_"))
	}

	// A replica lagging beyond the limit is skipped: a server allowing
	// 300 ms reads this donation from the primary.
	strict := openReplicated(t, dsn, ru.String(), 300*time.Millisecond)
	waitFor(t, "the strict server to skip the lagging replica", func() bool {
		r := strict.Replicas().Replicas[0]
		return !r.Up && r.Why == "lagging"
	})
	if _, err := strict.Donations().DonationByReceipt(strict.MayLag(ctx, 0), first); err != nil {
		t.Errorf("a lag-tolerant read past a lagging replica: %v, want the donation from the primary", err)
	}

	rep.Resume(t)
	caughtUp(t, db)
	if got := public(); !slices.Equal(got, []string{first}) {
		t.Errorf("public search once the replica caught up: %v, want [%s]", got, first)
	}
	before := replica().Reads
	if got := register(adminToken); !slices.Equal(got, []string{first}) || replica().Reads == before {
		t.Errorf("the caller's register once the replica has their write: %v (replica reads %d → %d), want [%s] from the replica",
			got, before, replica().Reads, first)
	}

	// A write then a read by the same caller, the replica following.
	second := record("FTREPLICA02")
	if got := register(adminToken); !slices.Contains(got, second) {
		t.Errorf("the caller's register right after their second write: %v, want %s in it", got, second)
	}

	// A stopped replica: every read falls back to the primary, no error.
	caughtUp(t, db)
	proxy.Cut()
	for i := 0; i < 3; i++ {
		if got := public(); len(got) != 2 {
			t.Errorf("public search with the replica stopped: %v, want both donations from the primary", got)
		}
	}
	waitFor(t, "the stopped replica to be skipped", func() bool { return !replica().Up && replica().Why == "unreachable" })
	if m := ts.metrics(); metric(m, "reliefledger_replica_up") != 0 || metric(m, "reliefledger_replica_primary_reads_total") <= 0 {
		t.Errorf("/metrics with the replica stopped (down, the primary serving):\n%s", grep(m, "reliefledger_replica_"))
	}
	if got := register(reader); len(got) != 2 {
		t.Errorf("another caller's register with the replica stopped: %v, want both donations", got)
	}

	// Back: it serves again.
	proxy.Restore()
	waitFor(t, "the replica to serve again", func() bool { return replica().Up })
	before = replica().Reads
	if got := public(); len(got) != 2 || replica().Reads == before {
		t.Errorf("public search with the replica back: %v (replica reads %d → %d), want both from the replica", got, before, replica().Reads)
	}
}

// openReplicated opens the database at dsn (already migrated) with one
// replica, polled every 50 ms.
func openReplicated(t *testing.T, dsn, replica string, maxLag time.Duration) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.UseReplicas(ctx, store.ReplicaOptions{URLs: []string{replica}, MaxLag: maxLag, Poll: 50 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	return db
}

// caughtUp waits until db's replica is up and has replayed all the
// primary has written.
func caughtUp(t *testing.T, db *store.DB) {
	t.Helper()
	lsn, err := db.PrimaryLSN(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the replica to catch up", func() bool {
		r := db.Replicas().Replicas[0]
		return r.Up && r.Replayed >= lsn
	})
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited a minute for %s", what)
		}
	}
}

// receipts are the receipt numbers of a donation list or search answer.
func receipts(t *testing.T, r response) []string {
	t.Helper()
	if r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	out := []string{}
	for _, x := range r.JSON["data"].([]any) {
		out = append(out, x.(map[string]any)["receipt_no"].(string))
	}
	return out
}

func (ts *testServer) metrics() string {
	ts.t.Helper()
	return string(ts.do(req{Method: "GET", Path: "/metrics", Token: "-"}).Body)
}

// metric is the value of the first sample of name in a /metrics text.
func metric(text, name string) float64 {
	m := regexp.MustCompile(`(?m)^` + name + `(\{[^}]*\})? (\S+)$`).FindStringSubmatch(text)
	if m == nil {
		return -1
	}
	v, _ := strconv.ParseFloat(m[2], 64)
	return v
}

// grep is the lines of a /metrics text that start with prefix.
func grep(text, prefix string) string {
	return strings.Join(regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(prefix)+`.*$`).FindAllString(text, -1), "\n")
}

// TestLagTolerantRoutes: every route marked lag-tolerant is a GET of the
// route table (a renamed route cannot leave a dead entry), and no write,
// receipt check, user or audit route is among them.
func TestLagTolerantRoutes(t *testing.T) {
	s := &Server{}
	table := map[string]bool{}
	for _, rt := range s.routes() {
		table[rt.Method+" "+rt.Path] = true
	}
	for key := range lagTolerant {
		if !table[key] || !strings.HasPrefix(key, "GET ") {
			t.Errorf("lagTolerant names %q: not a GET route of the table", key)
		}
	}
	for _, key := range []string{"GET /api/v1/public/receipts/:code", "GET /api/v1/me", "GET /api/v1/users", "GET /api/v1/audit", "GET /api/v1/donations/:id"} {
		if lagTolerant[key] {
			t.Errorf("%s must read the primary", key)
		}
	}
}
