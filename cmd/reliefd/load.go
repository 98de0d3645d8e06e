package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
)

// The load generator posts simple two-posting entries over HTTP, like a
// stream of donations, and reports throughput and latency. It only talks to
// the URL it is given (loopback by default) and stops by itself.

type loadOptions struct {
	url, token, fund, accounts string
	clients, spread            int
	duration, warmup           time.Duration
	amount                     string
}

func runLoad(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o loadOptions
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080", "base URL of a running reliefd")
	fs.StringVar(&o.token, "token", firstNonEmpty(os.Getenv("RELIEF_TOKEN"), os.Getenv("RELIEF_BOOTSTRAP_TOKEN")), "API token (default $RELIEF_TOKEN or $RELIEF_BOOTSTRAP_TOKEN)")
	fs.StringVar(&o.fund, "fund", "POOR", "fund to post to")
	fs.StringVar(&o.accounts, "accounts", "hot", "hot: every entry hits the fund's bank (1120) and donations (4100) accounts; spread: random pairs among -spread account pairs")
	fs.IntVar(&o.clients, "clients", 64, "concurrent clients")
	fs.IntVar(&o.spread, "spread", 200, "account pairs for -accounts spread")
	fs.DurationVar(&o.duration, "duration", 15*time.Second, "measured time (at most 10m)")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured time before it")
	fs.StringVar(&o.amount, "amount", "1000", "đồng per entry")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if o.duration > 10*time.Minute || o.clients < 1 || o.clients > 1024 {
		fmt.Fprintln(stderr, "reliefd load: -duration at most 10m, -clients 1–1024")
		return 2
	}
	if err := load(ctx, o, stdout); err != nil {
		fmt.Fprintln(stderr, "reliefd load:", err)
		return 1
	}
	return 0
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

type loadClient struct {
	http  *http.Client
	url   string
	token string
}

func (c *loadClient) do(ctx context.Context, method, path, key string, body any, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.url+path, rd)
	if err != nil {
		return 0, err
	}
	if c.token != "" { // the public search takes none
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if out != nil && resp.StatusCode < 300 {
		return resp.StatusCode, json.NewDecoder(resp.Body).Decode(out)
	}
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

type accountRef struct {
	ID  int64  `json:"id"`
	Ref string `json:"ref"`
}

// loadAccounts returns the debit and credit accounts entries will use,
// creating the spread accounts when needed (idempotently, so reruns reuse
// them).
func loadAccounts(ctx context.Context, c *loadClient, o loadOptions) (debit, credit []accountRef, err error) {
	get := func(code string) (accountRef, error) {
		var out struct{ Data []accountRef }
		if _, err := c.do(ctx, "GET", "/api/v1/accounts?fund="+o.fund+"&limit=500", "", nil, &out); err != nil {
			return accountRef{}, err
		}
		for _, a := range out.Data {
			if a.Ref == o.fund+":"+code {
				return a, nil
			}
		}
		return accountRef{}, fmt.Errorf("account %s:%s not found (is the token valid and the fund there?)", o.fund, code)
	}
	if o.accounts == "hot" {
		bank, err := get("1120")
		if err != nil {
			return nil, nil, err
		}
		rev, err := get("4100")
		if err != nil {
			return nil, nil, err
		}
		return []accountRef{bank}, []accountRef{rev}, nil
	}
	if o.accounts != "spread" {
		return nil, nil, fmt.Errorf("-accounts must be hot or spread")
	}
	for i := 0; i < o.spread; i++ {
		for _, side := range []struct {
			code, typ string
			list      *[]accountRef
		}{{fmt.Sprintf("1120.L%03d", i), "asset", &debit}, {fmt.Sprintf("4100.L%03d", i), "revenue", &credit}} {
			var a accountRef
			body := map[string]any{"fund": o.fund, "code": side.code, "name": "load test " + side.code, "type": side.typ}
			st, err := c.do(ctx, "POST", "/api/v1/accounts", "load-account-"+o.fund+"-"+side.code, body, &a)
			if err != nil {
				return nil, nil, err
			}
			if st >= 300 {
				return nil, nil, fmt.Errorf("create account %s: status %d", side.code, st)
			}
			*side.list = append(*side.list, a)
		}
	}
	return debit, credit, nil
}

func sumBalances(ctx context.Context, c *loadClient, accs []accountRef) (decimal.Decimal, error) {
	total := decimal.Zero
	for _, a := range accs {
		var out struct {
			Balances []struct{ Asset, Amount string }
		}
		if st, err := c.do(ctx, "GET", fmt.Sprintf("/api/v1/accounts/%d/balance", a.ID), "", nil, &out); err != nil || st != 200 {
			return total, fmt.Errorf("balance of %s: status %d %v", a.Ref, st, err)
		}
		for _, b := range out.Balances {
			if b.Asset == "VND" {
				total = total.Add(decimal.RequireFromString(b.Amount))
			}
		}
	}
	return total, nil
}

func load(ctx context.Context, o loadOptions, w io.Writer) error {
	tr := &http.Transport{MaxIdleConns: o.clients * 2, MaxIdleConnsPerHost: o.clients * 2, MaxConnsPerHost: o.clients, IdleConnTimeout: time.Minute}
	c := &loadClient{http: &http.Client{Transport: tr, Timeout: 30 * time.Second}, url: strings.TrimRight(o.url, "/"), token: o.token}
	debit, credit, err := loadAccounts(ctx, c, o)
	if err != nil {
		return err
	}
	before, err := sumBalances(ctx, c, debit)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "reliefd load: %d clients, %s measured after %s warm-up, accounts=%s (%d pairs), fund=%s, %s\n",
		o.clients, o.duration, o.warmup, o.accounts, len(debit), o.fund, o.url)

	runID := fmt.Sprintf("%x", time.Now().UnixNano())
	start := time.Now()
	measureFrom, end := start.Add(o.warmup), start.Add(o.warmup+o.duration)
	type stats struct {
		lat     []time.Duration
		acked   int64
		status  map[int]int
		errs    int
		retries int
	}
	all := make([]stats, o.clients)
	var wg sync.WaitGroup
	for i := 0; i < o.clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			st := &all[i]
			st.status = map[int]int{}
			rng := rand.New(rand.NewPCG(uint64(i), uint64(start.UnixNano())))
			for n := 0; ; n++ {
				t0 := time.Now()
				if t0.After(end) || ctx.Err() != nil {
					return
				}
				d, cr := debit[rng.IntN(len(debit))], credit[rng.IntN(len(credit))]
				body := map[string]any{"kind": "adjustment", "description": "load test donation",
					"postings": []map[string]any{{"account_id": d.ID, "amount": o.amount}, {"account_id": cr.ID, "amount": "-" + o.amount}}}
				// A client of a ledger retries with the same key when the
				// database is away (503) or the connection broke: the retry
				// records the entry once, or answers with what was recorded.
				key := fmt.Sprintf("load-%s-%d-%d", runID, i, n)
				code, err := c.do(ctx, "POST", "/api/v1/journal", key, body, nil)
				for try := 1; (err != nil || code == http.StatusServiceUnavailable) && try <= 60 && ctx.Err() == nil; try++ {
					st.retries++
					time.Sleep(time.Duration(min(try, 10)) * 100 * time.Millisecond)
					code, err = c.do(ctx, "POST", "/api/v1/journal", key, body, nil)
				}
				lat := time.Since(t0)
				if err != nil {
					st.errs++
					continue
				}
				if code == http.StatusCreated || code == http.StatusOK { // 200: a replay of a recorded entry
					st.acked++
				}
				if t0.After(measureFrom) {
					st.status[code]++
					st.lat = append(st.lat, lat)
				}
			}
		}(i)
	}
	wg.Wait()
	var lat []time.Duration
	var acked int64
	status := map[int]int{}
	errs, retries := 0, 0
	for _, st := range all {
		lat = append(lat, st.lat...)
		acked += st.acked
		errs += st.errs
		retries += st.retries
		for k, v := range st.status {
			status[k] += v
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(float64(len(lat))*p))]
	}
	ok := status[http.StatusCreated]
	fmt.Fprintf(w, "requests %d in %s: %v (transport errors %d, retries with the same key %d)\n", len(lat), o.duration, status, errs, retries)
	fmt.Fprintf(w, "throughput %.0f entries/s\n", float64(ok)/o.duration.Seconds())
	fmt.Fprintf(w, "latency p50 %s  p90 %s  p99 %s  max %s\n", pct(.50).Round(10*time.Microsecond), pct(.90).Round(10*time.Microsecond),
		pct(.99).Round(10*time.Microsecond), pct(1).Round(10*time.Microsecond))
	if n := status[http.StatusTooManyRequests]; n > 0 {
		fmt.Fprintf(w, "%d requests were refused by the server's write limit (429): for a load test, start it with RELIEF_WRITE_RATE=0\n", n)
	}

	after, err := sumBalances(context.Background(), c, debit)
	if err != nil {
		return err
	}
	want := decimal.RequireFromString(o.amount).Mul(decimal.NewFromInt(acked))
	if got := after.Sub(before); !got.Equal(want) {
		return fmt.Errorf("durability check FAILED: debit balances grew by %s đ, but %d acknowledged entries × %s đ = %s", got, acked, o.amount, want)
	}
	fmt.Fprintf(w, "check: debit balances grew by %s đ = %d acknowledged entries × %s đ: every acknowledged entry is in the books\n", want, acked, o.amount)
	return nil
}
