package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"reliefledger/store"
)

// `reliefd bench` runs the standard workloads against a running reliefd
// and, in the same run, measures a ceiling: this machine serving a bare
// HTTP endpoint that does one INSERT per request into a scratch table of
// the same database, hit by the same load generator. Each workload's
// requests per second over the ceiling's says how much of what the
// machine and database could give the service takes for its own work.
// Every workload and the ceiling run --runs times, interleaved, and the
// table shows the medians beside the load average at each run's start
// (the machine may be shared).

type benchOptions struct {
	url, token, fund, only string
	database, dataDir      string
	runs, clients, lines   int
	spread                 int
	duration, warmup       time.Duration
	asJSON                 bool
}

// benchRun is one measured run of a workload.
type benchRun struct {
	RPS    float64       `json:"requests_per_second"`
	P50    time.Duration `json:"p50_ns"`
	P99    time.Duration `json:"p99_ns"`
	Load   float64       `json:"load_average"` // 1-minute, at the run's start; -1 unknown
	Status map[int]int   `json:"status,omitempty"`
	Note   string        `json:"note,omitempty"`
}

// benchRow is a workload's line of the table: its runs and their medians.
type benchRow struct {
	Workload string        `json:"workload"`
	About    string        `json:"about"`
	Skipped  string        `json:"skipped,omitempty"`
	Runs     []benchRun    `json:"runs"`
	RPS      float64       `json:"median_requests_per_second"`
	P50      time.Duration `json:"median_p50_ns"`
	P99      time.Duration `json:"median_p99_ns"`
	Ratio    float64       `json:"ratio_to_ceiling"`
}

// workload is one of the standard loads: prepare looks up what it needs.
type workload struct {
	name, about string
	prepare     func(ctx context.Context) (prepared, error)
}

// prepared is a workload ready to run: run measures once; skip says why
// it cannot run; detail adds to its description what prepare found.
type prepared struct {
	run          func(ctx context.Context) (benchRun, error)
	skip, detail string
}

type prepare = func(ctx context.Context) (prepared, error)

const ceilingName = "ceiling"

func runBench(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o benchOptions
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080", "base URL of a running reliefd (started with RELIEF_WRITE_RATE=0)")
	fs.StringVar(&o.token, "token", firstNonEmpty(os.Getenv("RELIEF_TOKEN"), os.Getenv("RELIEF_BOOTSTRAP_TOKEN")), "API token of a bookkeeper or admin")
	fs.StringVar(&o.database, "database", cfg.DatabaseURL, "the server's database, for the ceiling's scratch table (default $DATABASE_URL; empty: the embedded database under $RELIEF_DATA_DIR)")
	fs.StringVar(&o.fund, "fund", "POOR", "fund the writes and reads use")
	fs.StringVar(&o.only, "only", "", "comma-separated workloads to run (default all): "+strings.Join(benchNames(), ", ")+"; the ceiling always runs")
	fs.IntVar(&o.runs, "runs", 3, "runs of each workload and of the ceiling; the table shows the median")
	fs.IntVar(&o.clients, "clients", 64, "concurrent clients of every workload but single-client and statement-import, and of the ceiling")
	fs.IntVar(&o.lines, "lines", 20000, "lines of the statement import's generated statement")
	fs.IntVar(&o.spread, "spread", 200, "account pairs of journal-spread")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "measured time of each run")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured time before each run")
	fs.BoolVar(&o.asJSON, "json", false, "print the rows as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	o.dataDir = cfg.DataDir
	if o.runs < 1 || o.runs > 99 || o.clients < 1 || o.clients > 1024 || o.lines < 1 || o.lines > 1_000_000 || o.duration <= 0 || o.duration > 10*time.Minute || o.spread < 1 {
		fmt.Fprintln(stderr, "reliefd bench: --runs 1–99, --clients 1–1024, --lines 1–1,000,000, --duration above 0 and at most 10m, --spread ≥ 1")
		return 2
	}
	for _, n := range splitList(o.only) {
		if !contains(benchNames(), n) && n != ceilingName {
			fmt.Fprintf(stderr, "reliefd bench: unknown workload %q; the workloads: %s\n", n, strings.Join(benchNames(), ", "))
			return 2
		}
	}
	rows, desc, err := bench(ctx, o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "reliefd bench:", err)
		return 1
	}
	if o.asJSON {
		writeJSON(stdout, map[string]any{"url": o.url, "ceiling_database": desc, "runs": o.runs, "clients": o.clients,
			"duration": o.duration.String(), "warmup": o.warmup.String(), "rows": rows})
		return 0
	}
	fmt.Fprintf(stdout, "reliefd bench: %s, %d runs of %s (after %s warm-up) each, %d clients; ceiling: one INSERT per request into %s\n\n",
		o.url, o.runs, o.duration, o.warmup, o.clients, desc)
	writeBenchTable(stdout, rows)
	return 0
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// benchNames are the workloads, in the table's order.
func benchNames() []string {
	var out []string
	for _, w := range benchWorkloads(nil, benchOptions{}) {
		out = append(out, w.name)
	}
	return out
}

// bench prepares the ceiling and the workloads, runs them round-robin
// o.runs times and returns the rows, the ceiling's first.
func bench(ctx context.Context, o benchOptions, progress io.Writer) ([]benchRow, string, error) {
	c := newLoadClient(o.url, o.token, o.clients)
	ceil, desc, stop, err := startCeiling(ctx, o)
	if err != nil {
		return nil, "", err
	}
	defer stop()
	all := append([]workload{ceil}, benchWorkloads(c, o)...)
	only := splitList(o.only)
	var rows []benchRow
	var runs []func(context.Context) (benchRun, error)
	for _, w := range all {
		if len(only) > 0 && w.name != ceilingName && !contains(only, w.name) {
			continue
		}
		row := benchRow{Workload: w.name, About: w.about}
		p, err := w.prepare(ctx)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", w.name, err)
		}
		if row.Skipped = p.skip; p.detail != "" {
			row.About += ", " + p.detail
		}
		rows, runs = append(rows, row), append(runs, p.run)
	}
	for r := range o.runs {
		for i := range rows {
			if rows[i].Skipped != "" || ctx.Err() != nil {
				continue
			}
			fmt.Fprintf(progress, "reliefd bench: run %d/%d: %s\n", r+1, o.runs, rows[i].Workload)
			load := loadAverage()
			got, err := runs[i](ctx)
			if err != nil {
				got = benchRun{Note: "failed: " + err.Error()}
			}
			got.Load = load
			rows[i].Runs = append(rows[i].Runs, got)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	summarize(rows)
	return rows, desc, nil
}

// summarize sets each row's medians, and its ratio to the ceiling's (the
// first row's) median requests per second.
func summarize(rows []benchRow) {
	for i := range rows {
		var rps, p50, p99 []float64
		for _, r := range rows[i].Runs {
			rps, p50, p99 = append(rps, r.RPS), append(p50, float64(r.P50)), append(p99, float64(r.P99))
		}
		rows[i].RPS, rows[i].P50, rows[i].P99 = median(rps), time.Duration(median(p50)), time.Duration(median(p99))
	}
	for i := range rows {
		if len(rows) > 0 && rows[0].Workload == ceilingName {
			rows[i].Ratio = ratio(rows[i].RPS, rows[0].RPS)
		}
	}
}

// median is the middle value, or the mean of the two middle values of an
// even count; 0 of none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

// ratio is rps over the ceiling's; 0 when the ceiling measured nothing.
func ratio(rps, ceiling float64) float64 {
	if ceiling <= 0 {
		return 0
	}
	return rps / ceiling
}

// loadAverage is the 1-minute load average (Linux's /proc/loadavg), or -1.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return -1
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return -1
	}
	return v
}

func writeBenchTable(w io.Writer, rows []benchRow) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
	table := [][]string{{"workload", "requests/s", "p50", "p99", "ratio", "load (1 min) at each run", "note"}}
	for _, r := range rows {
		if r.Skipped != "" {
			table = append(table, []string{r.Workload, "—", "—", "—", "—", "", "skipped: " + r.Skipped})
			continue
		}
		var loads, notes []string
		for _, run := range r.Runs {
			if run.Load < 0 {
				loads = append(loads, "?")
			} else {
				loads = append(loads, fmt.Sprintf("%.2f", run.Load))
			}
			if run.Note != "" && !contains(notes, run.Note) {
				notes = append(notes, run.Note)
			}
		}
		table = append(table, []string{r.Workload, fmt.Sprintf("%.0f", r.RPS), ms(r.P50), ms(r.P99), fmt.Sprintf("%.3f", r.Ratio),
			strings.Join(loads, " · "), strings.Join(append(notes, r.About), "; ")})
	}
	width := make([]int, len(table[0]))
	for _, l := range table {
		for i, c := range l {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	for _, l := range table {
		var b strings.Builder
		for i, c := range l {
			if i == len(l)-1 {
				b.WriteString(c)
				break
			}
			pad := strings.Repeat(" ", width[i]-len([]rune(c)))
			if i >= 1 && i <= 4 { // numbers right-aligned
				b.WriteString(pad + c + "  ")
			} else {
				b.WriteString(c + pad + "  ")
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// measured turns a load's result into a run: requests/s of the 2xx
// answers, and a note of the others.
func measured(r loadResult) benchRun {
	run := benchRun{RPS: r.rate(http.StatusOK, http.StatusCreated), P50: r.pct(.50), P99: r.pct(.99), Status: r.Status}
	var other []string
	for code, n := range r.Status {
		if code != http.StatusOK && code != http.StatusCreated {
			other = append(other, fmt.Sprintf("%d×%d", n, code))
		}
	}
	slices.Sort(other)
	if r.Errs > 0 {
		other = append(other, fmt.Sprintf("%d transport errors", r.Errs))
	}
	if len(other) > 0 {
		run.Note = "not 2xx: " + strings.Join(other, ", ")
		if r.Status[http.StatusTooManyRequests] > 0 {
			run.Note += " (429: start the server with RELIEF_WRITE_RATE=0)"
		}
	}
	return run
}

// startCeiling serves the bare endpoint on a free loopback port: one
// INSERT per request into a scratch table of the server's database,
// dropped by stop.
func startCeiling(ctx context.Context, o benchOptions) (workload, string, func(), error) {
	db, err := store.Open(ctx, o.database, o.dataDir)
	if err != nil {
		return workload{}, "", nil, fmt.Errorf("ceiling: %w", err)
	}
	scratch, err := db.CreateScratch(ctx, fmt.Sprintf("scratch_bench_%d", os.Getpid()))
	if err != nil {
		db.Close()
		return workload{}, "", nil, fmt.Errorf("ceiling: %w", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		scratch.Drop(context.Background())
		db.Close()
		return workload{}, "", nil, fmt.Errorf("ceiling: %w", err)
	}
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if err := scratch.Insert(r.Context(), "bench"); err != nil {
			http.Error(w, "insert failed", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"ok":true}`)
	}), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(l)
	stop := func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
		scratch.Drop(sctx)
		db.Close()
	}
	c := newLoadClient("http://"+l.Addr().String(), "", o.clients)
	w := workload{name: ceilingName, about: fmt.Sprintf("%d clients, POST to a bare net/http endpoint in the bench: one INSERT per request", o.clients),
		prepare: func(context.Context) (prepared, error) {
			return prepared{run: func(ctx context.Context) (benchRun, error) {
				return measured(hammer(ctx, o.clients, o.warmup, o.duration, func(ctx context.Context, i, n int) (int, int, error) {
					code, err := c.do(ctx, "POST", "/insert", "", map[string]int{"client": i, "n": n}, nil)
					return code, 0, err
				})), nil
			}}, nil
		}}
	return w, db.String(), stop, nil
}

// benchWorkloads are the standard workloads on client c.
func benchWorkloads(c *loadClient, o benchOptions) []workload {
	lo := loadOptions{url: o.url, token: o.token, fund: o.fund, accounts: "hot", spread: o.spread, amount: "1000"}
	journal := func(clients int, accounts string) prepare {
		return func(ctx context.Context) (prepared, error) {
			lo := lo
			lo.accounts = accounts
			debit, credit, err := loadAccounts(ctx, c, lo)
			if err != nil {
				return prepared{}, err
			}
			return prepared{run: func(ctx context.Context) (benchRun, error) {
				runID := strconv.FormatInt(time.Now().UnixNano(), 36)
				return measured(hammer(ctx, clients, o.warmup, o.duration, journalShot(c, debit, credit, lo.amount, runID, uint64(time.Now().UnixNano())))), nil
			}}, nil
		}
	}
	search := func(kind string) prepare {
		return func(ctx context.Context) (prepared, error) {
			pub := newLoadClient(o.url, "", o.clients)
			pool, err := samplePool(ctx, pub, searchLoadOptions{url: o.url, kind: kind, pool: 5000, seed: 1})
			var none *noSampleError
			if errors.As(err, &none) {
				return prepared{skip: "no data (no donations to search for: reliefd gen donations)"}, nil
			}
			if err != nil {
				return prepared{}, err
			}
			return prepared{detail: fmt.Sprintf("a pool of %d drawn from the donations", len(pool)), run: func(ctx context.Context) (benchRun, error) {
				return measured(hammer(ctx, o.clients, o.warmup, o.duration,
					searchShot(pub, kind, "", pool, uint64(time.Now().UnixNano()), time.Now(), nil))), nil
			}}, nil
		}
	}
	return []workload{
		{"journal-hot", fmt.Sprintf("%d clients, POST /api/v1/journal, all on %s:1120/4100", o.clients, o.fund), journal(o.clients, "hot")},
		{"journal-spread", fmt.Sprintf("%d clients, POST /api/v1/journal over %d account pairs", o.clients, o.spread), journal(o.clients, "spread")},
		{"donations-hot", fmt.Sprintf("%d clients, POST /api/v1/donations, bank transfers to %s, each its own bank ref", o.clients, o.fund),
			func(ctx context.Context) (prepared, error) {
				return prepared{run: func(ctx context.Context) (benchRun, error) {
					runID := strconv.FormatInt(time.Now().UnixNano(), 36)
					return measured(hammer(ctx, o.clients, o.warmup, o.duration, donationShot(c, o.fund, "100000", runID))), nil
				}}, nil
			}},
		{"single-client", "1 client, POST /api/v1/journal on the hot pair", journal(1, "hot")},
		{"statement-import", fmt.Sprintf("POST /api/v1/bank-statements, %d generated lines; requests/s = lines/s, p50 = p99 = the request", o.lines),
			func(ctx context.Context) (prepared, error) {
				return prepared{run: func(ctx context.Context) (benchRun, error) { return benchStatement(ctx, c, o) }}, nil
			}},
		{"balance-asof", fmt.Sprintf("%d clients, GET /api/v1/accounts/{%s:1120}/balance?as_of=a random day since 2021", o.clients, o.fund), balanceReads(c, o, false)},
		{"trial-balance", fmt.Sprintf("%d clients, GET /api/v1/trial-balance?fund=%s&as_of=a random day since 2021", o.clients, o.fund), balanceReads(c, o, true)},
		{"search-name", fmt.Sprintf("%d clients, GET /api/v1/public/donations?q=a donor's full name", o.clients), search("name")},
		{"search-fragment", fmt.Sprintf("%d clients, GET /api/v1/public/donations?q=one word of a name", o.clients), search("fragment")},
		{"search-ref", fmt.Sprintf("%d clients, GET /api/v1/public/donations?ref=a bank reference", o.clients), search("ref")},
	}
}

// balanceReads reads the fund's bank account's balance, or the fund's trial
// balance, as of random days from 2021 to today; skipped when the fund's
// journal is empty.
func balanceReads(c *loadClient, o benchOptions, trial bool) prepare {
	return func(ctx context.Context) (prepared, error) {
		var page struct{ Data []struct{ ID int64 } }
		if st, err := c.do(ctx, "GET", "/api/v1/journal?limit=1&fund="+url.QueryEscape(o.fund), "", nil, &page); err != nil || st != http.StatusOK {
			return prepared{}, fmt.Errorf("list the journal: status %d %v", st, err)
		}
		if len(page.Data) == 0 {
			return prepared{skip: "no data (the journal of " + o.fund + " is empty: reliefd seed --entries N)"}, nil
		}
		debit, _, err := loadAccounts(ctx, c, loadOptions{fund: o.fund, accounts: "hot"})
		if err != nil {
			return prepared{}, err
		}
		first := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
		days := int(time.Since(first).Hours() / 24)
		return prepared{run: func(ctx context.Context) (benchRun, error) {
			seed := uint64(time.Now().UnixNano())
			return measured(hammer(ctx, o.clients, o.warmup, o.duration, func(ctx context.Context, i, n int) (int, int, error) {
				day := first.AddDate(0, 0, rand.New(rand.NewPCG(seed+uint64(i), uint64(n))).IntN(days+1)).Format("2006-01-02")
				path := fmt.Sprintf("/api/v1/accounts/%d/balance?as_of=%s", debit[0].ID, day)
				if trial {
					path = "/api/v1/trial-balance?fund=" + url.QueryEscape(o.fund) + "&as_of=" + day
				}
				code, err := c.do(ctx, "GET", path, "", nil, nil)
				return code, 0, err
			})), nil
		}}, nil
	}
}

// benchStatement posts one generated statement of o.lines new lines (a new
// seed each run, so nothing is a duplicate) and times it.
func benchStatement(ctx context.Context, c *loadClient, o benchOptions) (benchRun, error) {
	seed := uint64(time.Now().UnixNano())
	file := genStatement(seed, 0, o.lines)
	long := &loadClient{http: &http.Client{Timeout: 30 * time.Minute}, url: c.url, token: c.token}
	var rep statementReply
	t0 := time.Now()
	code, err := long.upload(ctx, "/api/v1/bank-statements?fund="+url.QueryEscape(o.fund)+"&filename=bench.csv", "text/csv", file, &rep)
	took := time.Since(t0)
	if err != nil {
		return benchRun{}, err
	}
	run := benchRun{P50: took, P99: took, Status: map[int]int{code: 1}}
	if code != http.StatusOK {
		run.Note = fmt.Sprintf("answered %d", code)
		return run, nil
	}
	run.RPS = float64(rep.Created) / took.Seconds()
	if rep.Created != o.lines {
		run.Note = fmt.Sprintf("%d of %d lines recorded (%d duplicates, %d refused)", rep.Created, o.lines, rep.Duplicates, rep.Rejected)
	}
	return run, nil
}

type statementReply struct {
	Created    int `json:"created"`
	Duplicates int `json:"duplicates"`
	Rejected   int `json:"rejected"`
}
