package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"reliefledger/donations"
	"reliefledger/internal/fold"
)

// `reliefd load-search` measures the public search over HTTP as the public
// would use it: many different searches, none repeated on purpose, drawn
// from the donations the server holds, so that no cache can answer them.

type searchLoadOptions struct {
	url, fund, kind  string
	clients, pool    int
	duration, warmup time.Duration
	seed             uint64
}

var searchKinds = []string{"name", "fragment", "ref", "digits", "hostile"}

func runLoadSearch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("load-search", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o searchLoadOptions
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080", "base URL of a running reliefd")
	fs.StringVar(&o.kind, "search", "name", "name: a donor's full name; fragment: one word of a name (nguyen, thi, lan…); ref: a bank reference; digits: number fragments of the transfer texts (17, 0912, 3-17); hostile: short numbers rare together, alone (3-17) and with a word in every row (ho 3 17), not sampled")
	fs.StringVar(&o.fund, "fund", "", "fund code to search in (default: all funds)")
	fs.IntVar(&o.clients, "clients", 16, "concurrent clients")
	fs.IntVar(&o.pool, "pool", 5000, "distinct queries drawn from the data")
	fs.DurationVar(&o.duration, "duration", 15*time.Second, "measured time (at most 10m)")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured time before it")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the sampling")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if o.duration > 10*time.Minute || o.clients < 1 || o.clients > 1024 || o.pool < 1 || !contains(searchKinds, o.kind) {
		fmt.Fprintln(stderr, "reliefd load-search: -search name, fragment, ref, digits or hostile; -duration at most 10m; -clients 1–1024; -pool ≥ 1")
		return 2
	}
	if err := loadSearch(ctx, o, stdout); err != nil {
		fmt.Fprintln(stderr, "reliefd load-search:", err)
		return 1
	}
	return 0
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

type searchPage struct {
	Data []struct {
		Donor       string `json:"donor"`
		Description string `json:"description"`
		BankRef     string `json:"bank_ref"`
	} `json:"data"`
	Count       int64 `json:"count"`
	CountCapped bool  `json:"count_capped"`
}

// senderName finds the sender's name in a transfer text as banks write it:
// three or four words in capitals, after any bank code.
var senderName = regexp.MustCompile(`(?:^|[\s.;])([A-Z]{2,7} [A-Z]{1,7}(?: [A-Z]{1,7}){1,2})(?:\s|$)`)

var bankWords = map[string]bool{"IBFT": true, "MBVCB": true, "CK": true, "TKTHE": true, "CT": true}

// samplePool reads pages of donations of random days through the public
// search and returns n distinct queries of the kind wanted.
func samplePool(ctx context.Context, c *loadClient, o searchLoadOptions) ([]string, error) {
	if o.kind == "hostile" {
		return hostilePool(o.pool), nil
	}
	rng := rand.New(rand.NewPCG(o.seed, 99))
	seen := map[string]bool{}
	var pool []string
	for tries := 0; len(pool) < o.pool && tries < 300; tries++ { // 300 days' pages: enough of every name there is
		day := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(365)).Format("2006-01-02")
		q := url.Values{"from": {day}, "to": {day}, "limit": {"100"}}
		if o.fund != "" {
			q.Set("fund", o.fund)
		}
		var page searchPage
		if st, err := c.do(ctx, "GET", "/api/v1/public/donations?"+q.Encode(), "", nil, &page); err != nil || st != http.StatusOK {
			return nil, fmt.Errorf("sample the donations of %s: status %d %v", day, st, err)
		}
		for _, d := range page.Data {
			for _, x := range queriesOf(o.kind, d.Donor, d.Description, d.BankRef) {
				if !seen[x] && len(pool) < o.pool {
					seen[x] = true
					pool = append(pool, x)
				}
			}
		}
	}
	if len(pool) < o.pool { // donations of other years than the generated ones: the newest
		var page searchPage
		q := url.Values{"limit": {"100"}}
		if o.fund != "" {
			q.Set("fund", o.fund)
		}
		if st, err := c.do(ctx, "GET", "/api/v1/public/donations?"+q.Encode(), "", nil, &page); err != nil || st != http.StatusOK {
			return nil, fmt.Errorf("sample the newest donations: status %d %v", st, err)
		}
		for _, d := range page.Data {
			for _, x := range queriesOf(o.kind, d.Donor, d.Description, d.BankRef) {
				if !seen[x] && len(pool) < o.pool {
					seen[x] = true
					pool = append(pool, x)
				}
			}
		}
	}
	if len(pool) == 0 {
		return nil, &noSampleError{o.kind}
	}
	return pool, nil
}

// noSampleError says the server holds no donations to draw searches of a
// kind from.
type noSampleError struct{ kind string }

func (e *noSampleError) Error() string {
	return fmt.Sprintf("no %s found to search for: load donations first (reliefd gen donations)", e.kind)
}

// queriesOf returns what the public would type to find a donation, without
// accents: its full name, a word of its name, or its bank reference.
func queriesOf(kind, donor, desc, ref string) []string {
	if kind == "ref" {
		if ref == "" {
			return nil
		}
		return []string{ref}
	}
	if kind == "digits" {
		return numberFragments(desc)
	}
	name := ""
	if donor != donations.AnonymousName {
		name = donor
	} else if m := senderName.FindStringSubmatch(desc); m != nil {
		words := strings.Fields(m[1])
		for len(words) > 2 && bankWords[words[0]] {
			words = words[1:]
		}
		name = strings.Join(words, " ")
	}
	words := strings.Fields(fold.String(name))
	if len(words) < 2 || len(words) > 4 {
		return nil
	}
	if kind == "name" {
		return []string{strings.Join(words, " ")}
	}
	return words
}

// hostilePool returns n searches no index serves well: a digit and a
// two-digit number ("3-17"), and the same after a word in every row
// ("ho 3 17"), by turns.
func hostilePool(n int) []string {
	var out []string
	for i := 0; len(out) < min(n, 1800); i++ {
		a, b := i%10, 10+i/10%90
		if i%2 == 0 {
			out = append(out, fmt.Sprintf("%d-%d", a, b))
		} else {
			out = append(out, fmt.Sprintf("ho %d %d", a, b))
		}
	}
	return out
}

// numberFragments returns what a reader might type of the numbers of a
// transfer text (as published, masked): the first one to four digits of
// each, and the first digit of one with the first two of the next joined
// by a dash ("3-17"), numbers rare together.
func numberFragments(desc string) []string {
	var out, runs []string
	for _, w := range donations.Words(fold.String(desc)) {
		if run := w[:len(w)-len(strings.TrimLeft(w, "0123456789"))]; run != "" {
			runs = append(runs, run)
			for n := 1; n <= min(4, len(run)); n++ {
				out = append(out, run[:n])
			}
		}
	}
	for i := 1; i < len(runs); i++ {
		out = append(out, runs[i-1][:1]+"-"+runs[i][:min(2, len(runs[i]))])
	}
	return out
}

// searchShot sends one search drawn from pool; what it found is counted in
// seen once the warm-up (until from) is over.
func searchShot(c *loadClient, kind, fund string, pool []string, seed uint64, from time.Time, seen *searchSeen) shot {
	return func(ctx context.Context, i, n int) (int, int, error) {
		rng := rand.New(rand.NewPCG(seed+uint64(i), uint64(n)))
		q := url.Values{}
		if kind == "ref" {
			q.Set("ref", pool[rng.IntN(len(pool))])
		} else {
			q.Set("q", pool[rng.IntN(len(pool))])
		}
		if fund != "" {
			q.Set("fund", fund)
		}
		measured := time.Now().After(from)
		var page searchCount
		code, err := c.do(ctx, "GET", "/api/v1/public/donations?"+q.Encode(), "", nil, &page)
		if err == nil && measured && seen != nil {
			seen.add(page)
		}
		return code, 0, err
	}
}

// searchSeen counts what the measured searches found.
type searchSeen struct {
	mu                   sync.Mutex
	empty, capped, count int64
}

// searchCount is what a measured search's answer is read for: the
// client shares the machine with the server, so it decodes no more.
type searchCount struct {
	Data        []struct{} `json:"data"`
	Count       int64      `json:"count"`
	CountCapped bool       `json:"count_capped"`
}

func (s *searchSeen) add(p searchCount) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(p.Data) == 0 {
		s.empty++
	}
	if p.CountCapped {
		s.capped++
	}
	s.count += p.Count
}

func loadSearch(ctx context.Context, o searchLoadOptions, w io.Writer) error {
	c := newLoadClient(o.url, "", o.clients) // the public search takes no token
	pool, err := samplePool(ctx, c, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "reliefd load-search: %s searches from a pool of %d (e.g. %q), %d clients, %s measured after %s warm-up, %s\n",
		o.kind, len(pool), pool[0], o.clients, o.duration, o.warmup, o.url)
	var seen searchSeen
	r := hammer(ctx, o.clients, o.warmup, o.duration, searchShot(c, o.kind, o.fund, pool, o.seed, time.Now().Add(o.warmup), &seen))
	if len(r.Lat) == 0 {
		return fmt.Errorf("no search answered in the measured time")
	}
	round := func(d time.Duration) time.Duration { return d.Round(10 * time.Microsecond) }
	n := float64(len(r.Lat))
	fmt.Fprintf(w, "searches %d in %s: %v (transport errors %d)\n", len(r.Lat), o.duration, r.Status, r.Errs)
	fmt.Fprintf(w, "throughput %.0f searches/s\n", r.rate(http.StatusOK))
	fmt.Fprintf(w, "latency p50 %s  p90 %s  p99 %s  max %s\n", round(r.pct(.50)), round(r.pct(.90)), round(r.pct(.99)), round(r.pct(1)))
	fmt.Fprintf(w, "found nothing %d (%.1f%%); count capped at %d: %d (%.1f%%); mean count %.0f\n", seen.empty, 100*float64(seen.empty)/n,
		donations.SearchCountCap, seen.capped, 100*float64(seen.capped)/n, float64(seen.count)/n)
	if ok := r.Status[http.StatusOK]; ok != len(r.Lat) {
		return fmt.Errorf("%d of %d searches did not answer 200", len(r.Lat)-ok, len(r.Lat))
	}
	return nil
}
