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
	target                     string
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
	fs.StringVar(&o.target, "target", "journal", "journal: POST /api/v1/journal entries; donations: POST /api/v1/donations bank transfers to -fund, each with its own bank reference")
	fs.StringVar(&o.accounts, "accounts", "hot", "hot: every entry hits the fund's bank (1120) and donations (4100) accounts; spread: random pairs among -spread account pairs")
	fs.IntVar(&o.clients, "clients", 64, "concurrent clients")
	fs.IntVar(&o.spread, "spread", 200, "account pairs for -accounts spread")
	fs.DurationVar(&o.duration, "duration", 15*time.Second, "measured time (at most 10m)")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured time before it")
	fs.StringVar(&o.amount, "amount", "1000", "đồng per entry")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if o.duration > 10*time.Minute || o.clients < 1 || o.clients > 1024 || (o.target != "journal" && o.target != "donations") {
		fmt.Fprintln(stderr, "reliefd load: -target journal or donations, -duration at most 10m, -clients 1–1024")
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

// upload posts a file as the body (Content-Type ctype) with a new
// Idempotency-Key, decoding a 2xx answer into out.
func (c *loadClient) upload(ctx context.Context, path, ctype string, file []byte, out any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", c.url+path, bytes.NewReader(file))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Idempotency-Key", fmt.Sprintf("upload-%x", time.Now().UnixNano()))
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 300 {
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

// newLoadClient is an HTTP client for n concurrent clients of url.
func newLoadClient(url, token string, n int) *loadClient {
	tr := &http.Transport{MaxIdleConns: n * 2, MaxIdleConnsPerHost: n * 2, MaxConnsPerHost: n, IdleConnTimeout: time.Minute}
	return &loadClient{http: &http.Client{Transport: tr, Timeout: 30 * time.Second}, url: strings.TrimRight(url, "/"), token: token}
}

// shot is one request of a load: client i's nth. It answers the status
// (after any retries it made, counted in retries) or a transport error.
type shot func(ctx context.Context, i, n int) (status, retries int, err error)

// loadResult is what a load measured: the requests started after the
// warm-up, their sorted latencies and statuses.
type loadResult struct {
	Duration time.Duration
	Lat      []time.Duration
	Status   map[int]int
	Errs     int   // transport errors (measured or not)
	Retries  int   // retries with the same key
	Acked    int64 // 200 and 201 answers, warm-up included
}

// rate is the measured answers of the given statuses per second.
func (r loadResult) rate(statuses ...int) float64 {
	n := 0
	for _, s := range statuses {
		n += r.Status[s]
	}
	return float64(n) / r.Duration.Seconds()
}

// pct is the p-quantile latency (0 with nothing measured).
func (r loadResult) pct(p float64) time.Duration {
	if len(r.Lat) == 0 {
		return 0
	}
	return r.Lat[min(len(r.Lat)-1, int(float64(len(r.Lat))*p))]
}

// hammer runs clients goroutines, each firing shots one after the other
// for warmup+duration, and measures those started after the warm-up.
func hammer(ctx context.Context, clients int, warmup, duration time.Duration, fire shot) loadResult {
	start := time.Now()
	measureFrom, end := start.Add(warmup), start.Add(warmup+duration)
	all := make([]loadResult, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			st := &all[i]
			st.Status = map[int]int{}
			for n := 0; ; n++ {
				t0 := time.Now()
				if t0.After(end) || ctx.Err() != nil {
					return
				}
				code, retries, err := fire(ctx, i, n)
				lat := time.Since(t0)
				st.Retries += retries
				if err != nil {
					st.Errs++
					continue
				}
				if code == http.StatusCreated || code == http.StatusOK { // 200: a replay of a recorded entry
					st.Acked++
				}
				if t0.After(measureFrom) {
					st.Status[code]++
					st.Lat = append(st.Lat, lat)
				}
			}
		}(i)
	}
	wg.Wait()
	r := loadResult{Duration: duration, Status: map[int]int{}}
	for _, st := range all {
		r.Lat = append(r.Lat, st.Lat...)
		r.Acked, r.Errs, r.Retries = r.Acked+st.Acked, r.Errs+st.Errs, r.Retries+st.Retries
		for k, v := range st.Status {
			r.Status[k] += v
		}
	}
	sort.Slice(r.Lat, func(i, j int) bool { return r.Lat[i] < r.Lat[j] })
	return r
}

// retrying sends a write as a client of a ledger does: again with the same
// key when the database is away (503) or the connection broke. The retry
// records the write once, or answers with what was recorded.
func retrying(ctx context.Context, c *loadClient, path, key string, body any) (code, retries int, err error) {
	code, err = c.do(ctx, "POST", path, key, body, nil)
	for try := 1; (err != nil || code == http.StatusServiceUnavailable) && try <= 60 && ctx.Err() == nil; try++ {
		retries++
		time.Sleep(time.Duration(min(try, 10)) * 100 * time.Millisecond)
		code, err = c.do(ctx, "POST", path, key, body, nil)
	}
	return code, retries, err
}

// journalShot posts a two-posting entry between a random debit and credit
// account.
func journalShot(c *loadClient, debit, credit []accountRef, amount, runID string, seed uint64) shot {
	return func(ctx context.Context, i, n int) (int, int, error) {
		rng := rand.New(rand.NewPCG(seed+uint64(i), uint64(n)))
		d, cr := debit[rng.IntN(len(debit))], credit[rng.IntN(len(credit))]
		body := map[string]any{"kind": "adjustment", "description": "load test donation",
			"postings": []map[string]any{{"account_id": d.ID, "amount": amount}, {"account_id": cr.ID, "amount": "-" + amount}}}
		return retrying(ctx, c, "/api/v1/journal", fmt.Sprintf("load-%s-%d-%d", runID, i, n), body)
	}
}

// donationShot records a bank transfer to fund, each with its own bank
// reference, as the donations desk does when a transfer arrives.
func donationShot(c *loadClient, fund, amount, runID string) shot {
	today := time.Now().UTC().Format("2006-01-02")
	return func(ctx context.Context, i, n int) (int, int, error) {
		ref := fmt.Sprintf("LOAD%s-%d-%d", runID, i, n)
		// A real person's name: a number in it would be searched by the
		// public search's samplers later (and "3-17" is no name anyone types).
		name := personName(rand.New(rand.NewPCG(uint64(i), uint64(n))))
		body := map[string]any{"fund": fund, "donor_name": name, "channel": "bank", "amount": amount,
			"bank_ref": ref, "received_date": today, "description": "load test donation"}
		return retrying(ctx, c, "/api/v1/donations", "load-"+ref, body)
	}
}

func load(ctx context.Context, o loadOptions, w io.Writer) error {
	c := newLoadClient(o.url, o.token, o.clients)
	if o.target == "donations" {
		o.accounts = "hot" // a donation by bank transfer moves the fund's 1120 and 4100
	}
	debit, credit, err := loadAccounts(ctx, c, o)
	if err != nil {
		return err
	}
	before, err := sumBalances(ctx, c, debit)
	if err != nil {
		return err
	}
	what, fire := "entries", journalShot(c, debit, credit, o.amount, fmt.Sprintf("%x", time.Now().UnixNano()), uint64(time.Now().UnixNano()))
	if o.target == "donations" {
		what, fire = "donations", donationShot(c, o.fund, o.amount, fmt.Sprintf("%x", time.Now().UnixNano()))
		fmt.Fprintf(w, "reliefd load: %d clients, %s measured after %s warm-up, bank-transfer donations to %s, %s\n",
			o.clients, o.duration, o.warmup, o.fund, o.url)
	} else {
		fmt.Fprintf(w, "reliefd load: %d clients, %s measured after %s warm-up, accounts=%s (%d pairs), fund=%s, %s\n",
			o.clients, o.duration, o.warmup, o.accounts, len(debit), o.fund, o.url)
	}
	r := hammer(ctx, o.clients, o.warmup, o.duration, fire)
	fmt.Fprintf(w, "requests %d in %s: %v (transport errors %d, retries with the same key %d)\n", len(r.Lat), o.duration, r.Status, r.Errs, r.Retries)
	fmt.Fprintf(w, "throughput %.0f %s/s\n", r.rate(http.StatusCreated), what)
	round := func(d time.Duration) time.Duration { return d.Round(10 * time.Microsecond) }
	fmt.Fprintf(w, "latency p50 %s  p90 %s  p99 %s  max %s\n", round(r.pct(.50)), round(r.pct(.90)), round(r.pct(.99)), round(r.pct(1)))
	if n := r.Status[http.StatusTooManyRequests]; n > 0 {
		fmt.Fprintf(w, "%d requests were refused by the server's write limit (429): for a load test, start it with RELIEF_WRITE_RATE=0\n", n)
	}

	after, err := sumBalances(context.Background(), c, debit)
	if err != nil {
		return err
	}
	want := decimal.RequireFromString(o.amount).Mul(decimal.NewFromInt(r.Acked))
	if got := after.Sub(before); !got.Equal(want) {
		return fmt.Errorf("durability check FAILED: debit balances grew by %s đ, but %d acknowledged %s × %s đ = %s", got, r.Acked, what, o.amount, want)
	}
	fmt.Fprintf(w, "check: debit balances grew by %s đ = %d acknowledged %s × %s đ: every acknowledged entry is in the books\n", want, r.Acked, what, o.amount)
	return nil
}
