package main

// The bench's workloads and its ceiling (bench.go runs them).

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"time"

	"reliefledger/store"
)

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
