package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"reliefledger/store/storetest"
)

// TestTwoServers runs two real services (serve, each with its own pools,
// writer and caches) on one PostgreSQL database and races writes through
// both over HTTP, as two reliefd behind one load balancer would take them:
// entries on one hot pair of accounts, an overdraft race that must refuse
// exactly the excess, donations whose receipt numbers must run without a
// gap, and retries with the same Idempotency-Key sent to the other
// instance (one effect; the other answers with it; another body is 409),
// and a browser signing in on one and reading a page on the other. Then
// the balances add up and `verify --all` is clean.
func TestTwoServers(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	dir := t.TempDir()
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32)) // one installation: one checkpoint key
	var bases []string
	var cfg config
	for i := range 2 {
		cfg = defaultConfig()
		cfg.DataDir, cfg.Addr, cfg.DatabaseURL, cfg.Demo, cfg.WriteRate = dir, freeAddr(t), dsn, "false", "0"
		cfg.BootstrapToken, cfg.CheckpointKey = "two-servers-token-0123456789", key
		cfg.BootstrapPassword = "hai-may-chu-mot-so-cai"
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func(cfg config) { done <- serve(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard) }(cfg)
		base := "http://" + cfg.Addr
		waitHealthy(t, base, done)
		t.Cleanup(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("server %d: %v", i, err)
				}
			case <-time.After(30 * time.Second):
				t.Errorf("server %d did not stop", i)
			}
		})
		bases = append(bases, base)
	}
	clients := []*loadClient{newLoadClient(bases[0], cfg.BootstrapToken, 32), newLoadClient(bases[1], cfg.BootstrapToken, 32)}
	ctx := context.Background()
	post := func(c *loadClient, path, key string, body any) (int, map[string]any) {
		t.Helper()
		b, _ := json.Marshal(body)
		req, _ := http.NewRequestWithContext(ctx, "POST", c.url+path, bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+c.token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", key)
		res, err := c.http.Do(req)
		if err != nil {
			t.Errorf("POST %s: %v", path, err)
			return 0, nil
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	entry := func(debit, credit string, amount int, desc string) map[string]any {
		return map[string]any{"kind": "transfer", "description": desc, "postings": []map[string]any{
			{"account": debit, "amount": fmt.Sprint(amount)}, {"account": credit, "amount": fmt.Sprint(-amount)}}}
	}
	balance := func(ref string) string {
		t.Helper()
		fund, code, _ := strings.Cut(ref, ":")
		var out struct{ Data []accountRef }
		clients[1].do(ctx, "GET", "/api/v1/accounts?fund="+fund+"&limit=500", "", nil, &out)
		for _, a := range out.Data {
			if a.Ref == fund+":"+code {
				var b struct {
					Balances []struct{ Asset, Amount string }
				}
				clients[0].do(ctx, "GET", fmt.Sprintf("/api/v1/accounts/%d/balance", a.ID), "", nil, &b)
				for _, x := range b.Balances {
					if x.Asset == "VND" {
						return x.Amount
					}
				}
				return "0"
			}
		}
		t.Fatalf("no account %s", ref)
		return ""
	}
	race := func(n int, fn func(i int)) {
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() { defer wg.Done(); <-start; fn(i) }()
		}
		close(start)
		wg.Wait()
	}

	// 1. The hot pair: 40 opening entries through both servers at once.
	var mu sync.Mutex
	statuses := map[int]int{}
	race(40, func(i int) {
		st, _ := post(clients[i%2], "/api/v1/journal", fmt.Sprintf("hot-%d", i),
			map[string]any{"kind": "adjustment", "description": fmt.Sprintf("số dư %d", i), "postings": []map[string]any{
				{"account": "POOR:1120", "amount": "10000"}, {"account": "POOR:4100", "amount": "-10000"}}})
		mu.Lock()
		statuses[st]++
		mu.Unlock()
	})
	if statuses[201] != 40 {
		t.Fatalf("hot entries through two servers: %v, want 40 × 201", statuses)
	}
	if got := balance("POOR:1120"); got != "400000" {
		t.Fatalf("POOR:1120 holds %s after 40 × 10,000, want 400000", got)
	}

	// 2. The overdraft race: 400,000 in the bank, 12 withdrawals of 70,000
	// at once through both servers: 5 fit, exactly 7 are refused.
	statuses = map[int]int{}
	var refusals []string
	race(12, func(i int) {
		st, body := post(clients[i%2], "/api/v1/journal", fmt.Sprintf("cash-%d", i), entry("POOR:1110", "POOR:1120", 70000, "rút tiền mặt"))
		mu.Lock()
		defer mu.Unlock()
		statuses[st]++
		if st != 201 {
			refusals = append(refusals, fmt.Sprint(body["type"]))
		}
	})
	if statuses[201] != 5 || statuses[409] != 7 {
		t.Fatalf("overdraft race: %v, want 5 × 201 and 7 × 409", statuses)
	}
	for _, r := range refusals {
		if r != "urn:reliefledger:problem:insufficient-balance" {
			t.Errorf("a withdrawal refused as %s, want insufficient-balance", r)
		}
	}
	if bank, cash := balance("POOR:1120"), balance("POOR:1110"); bank != "50000" || cash != "350000" {
		t.Errorf("after the race the bank holds %s (want 50000) and the cash %s (want 350000)", bank, cash)
	}

	// 3. Donations through both servers: the receipts run 1…30 without a gap.
	today := time.Now().UTC().Format("2006-01-02")
	donation := func(i int) map[string]any {
		return map[string]any{"fund": "COVID", "donor_name": fmt.Sprintf("Nhà hảo tâm %d", i), "channel": "bank", "amount": "250000",
			"bank_ref": fmt.Sprintf("FT2-%d", i), "received_date": today}
	}
	var receipts []string
	race(30, func(i int) {
		st, body := post(clients[i%2], "/api/v1/donations", fmt.Sprintf("don-%d", i), donation(i))
		mu.Lock()
		defer mu.Unlock()
		if st != 201 {
			t.Errorf("donation %d: %d %v", i, st, body)
			return
		}
		receipts = append(receipts, fmt.Sprint(body["receipt_no"]))
	})
	sort.Strings(receipts)
	for i, r := range receipts {
		if want := fmt.Sprintf("COVID-%s-%06d", today[:4], i+1); r != want {
			t.Fatalf("receipt %d is %s, want %s: %v", i, r, want, receipts)
		}
	}

	// 4. Retries sent to the other instance: the same answer, once.
	st, first := post(clients[0], "/api/v1/donations", "retry-don", donation(100))
	st2, again := post(clients[1], "/api/v1/donations", "retry-don", donation(100))
	if st != 201 || st2 != 200 || first["receipt_no"] != again["receipt_no"] || first["id"] != again["id"] {
		t.Errorf("a donation retried on the other server: %d %v, then %d %v; want 201, then 200 with the same receipt", st, first, st2, again)
	}
	if st, body := post(clients[1], "/api/v1/donations", "retry-don", donation(101)); st != 409 || body["type"] != "urn:reliefledger:problem:idempotency-mismatch" {
		t.Errorf("the same key with another donation on the other server: %d %v, want 409 idempotency-mismatch", st, body)
	}
	// The same entry sent to both at once (a client that timed out on one
	// and retried on the other): one entry; both answers name it.
	ids := make([]any, 2)
	codes := make([]int, 2)
	race(2, func(i int) {
		var body map[string]any
		codes[i], body = post(clients[i], "/api/v1/journal", "retry-entry", entry("POOR:5100", "POOR:1110", 1000, "chi hỗ trợ"))
		ids[i] = body["id"]
	})
	sort.Ints(codes)
	if ids[0] == nil || ids[0] != ids[1] || codes[0] != 200 || codes[1] != 201 {
		t.Errorf("one entry sent to both servers at once: %v, ids %v; want 200 and 201 naming one entry", codes, ids)
	}
	if cash := balance("POOR:1110"); cash != "349000" {
		t.Errorf("the cash holds %s after one payment of 1,000 sent twice, want 349000", cash)
	}

	// 5. A browser signs in on one server and is signed in on the other
	// (sessions and their CSRF tokens are rows; cookies name the host, not
	// the port, so one jar serves both).
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	page := func(res *http.Response, err error) (int, string) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	_, login := page(browser.Get(bases[0] + "/login"))
	_, rest, _ := strings.Cut(login, `name="csrf" value="`)
	csrf, _, _ := strings.Cut(rest, `"`)
	if st, body := page(browser.PostForm(bases[1]+"/login", url.Values{"csrf": {csrf}, "username": {"admin"}, "password": {cfg.BootstrapPassword}})); st != 200 ||
		strings.Contains(body, `name="password"`) {
		t.Fatalf("sign-in on server 2 with server 1's form: %d\n%s", st, body)
	}
	if st, body := page(browser.Get(bases[0] + "/console/journal")); st != 200 || strings.Contains(body, `name="password"`) {
		t.Errorf("server 1 does not know the session made on server 2: %d\n%s", st, body)
	}

	// Both servers stop; the books verify.
	for _, c := range clients {
		c.http.CloseIdleConnections()
	}
	var out bytes.Buffer
	if code := verify(ctx, cfg, []string{"--all"}, &out, io.Discard); code != 0 || !strings.Contains(out.String(), "receipts run without gaps") {
		t.Errorf("verify --all exited %d:\n%s", code, out.String())
	}
}
