package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
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
