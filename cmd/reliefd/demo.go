package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/demo/story"
	"reliefledger/households"
	"reliefledger/ledger"
)

// demoLoad is what loadDemo added.
type demoLoad struct {
	Households int
	Books      story.Summary
	Loaded     bool // the books were loaded (the journal was empty)
}

// loadDemo fills an empty database with the demo: the synthetic registry
// (registry, or the whole demo registry when nil) if no household is
// registered, then the demo books (package demo/story) if the journal is
// empty. Run it after bootstrap: the demo's staff are users after the admin.
// Loading twice loads nothing the second time.
func loadDemo(ctx context.Context, a *app, registry []households.Household, log *slog.Logger, stderr io.Writer) (demoLoad, error) {
	var out demoLoad
	start := time.Now()
	n, err := seedDemo(ctx, a.households, registry, stderr)
	if err != nil {
		return out, fmt.Errorf("demo households: %w", err)
	}
	if out.Households = n; n > 0 {
		log.Info("loaded the synthetic demo registry into the empty database", "households", n, "ms", time.Since(start).Milliseconds())
	}
	start = time.Now()
	out.Books, out.Loaded, err = story.Load(ctx, story.Services{Ledger: a.ledger, Users: a.users, Households: a.households,
		Donations: a.donations, Goods: a.goods, Distribution: a.distribution, Campaigns: a.campaigns})
	if e, ok := rl.AsError(err); ok && e.Code == story.NotSynthetic {
		// A registry of real households: the books would invent aid to them.
		log.Warn("demo books not loaded", "reason", err)
		return out, nil
	}
	if err != nil {
		return out, err
	}
	if out.Loaded {
		log.Info("loaded the demo books into the empty journal", "entries", out.Books.Entries, "receipts", out.Books.Donations,
			"deliveries", out.Books.Deliveries, "ms", time.Since(start).Milliseconds())
	}
	return out, nil
}

func vnd(fund, code string, amount int64) ledger.PostingInput {
	return ledger.PostingInput{Account: ledger.AccountByCode(fund, code), Amount: decimal.NewFromInt(amount)}
}

// seedEntries appends n synthetic entries in transactions of 5,000, spread
// over the days of 2021–2024 in date order and over two funds, so that the
// history reads (balances and trial balances as of a day, the journal of a
// fund) meet a journal shaped like a real one. Entries alternate between
// POOR and COVID; of every ten, COVID's 8th moves 50,000 đ from the bank to
// cash and its 10th spends 20,000 đ of that cash; every other entry is a
// donation to the bank. A fund's bank and cash never go below zero.
func seedEntries(ctx context.Context, cfg config, n int, stdout, stderr io.Writer) int {
	log, _ := cfg.logger(stderr)
	a, err := open(ctx, cfg, log)
	if err != nil {
		return openFailed(stderr, "reliefd seed", err, 1)
	}
	defer a.close()
	start := time.Now()
	bar := newProgress(stderr, "entries")
	for done := 0; done < n; {
		part := min(5000, n-done)
		ins := make([]ledger.EntryInput, part)
		for i := range ins {
			ins[i] = seedEntry(done+i, n)
		}
		if err := a.ledger.PostAll(ctx, ledger.Actor{}, ins); err != nil {
			fmt.Fprintln(stderr, "reliefd seed:", err)
			return 1
		}
		done += part
		bar.set(done, n)
	}
	fmt.Fprintf(stdout, "appended %d entries (%d postings) in %v\n", n, 2*n, time.Since(start).Round(time.Millisecond))
	return 0
}

// seedDays is 2021-01-01 to 2024-12-31.
const seedDays = 1461

// seedEntry is the kth of n seeded entries (see seedEntries).
func seedEntry(k, n int) ledger.EntryInput {
	fund := []string{"POOR", "COVID"}[k%2]
	day := ledger.NewDate(2021, 1, 1).AddDays(int(int64(k) * seedDays / int64(n)))
	switch k % 10 {
	case 7:
		return ledger.EntryInput{Date: day, Kind: ledger.KindTransfer, Description: fmt.Sprintf("Rút tiền mặt số %d", k+1),
			Postings: []ledger.PostingInput{vnd(fund, "1110", 50000), vnd(fund, "1120", -50000)}}
	case 9:
		return ledger.EntryInput{Date: day, Kind: ledger.KindAdjustment, Description: fmt.Sprintf("Chi hỗ trợ số %d", k+1),
			Postings: []ledger.PostingInput{vnd(fund, "5100", 20000), vnd(fund, "1110", -20000)}}
	}
	amount := int64(100000 + k%9000*100)
	return ledger.EntryInput{Date: day, Kind: ledger.KindDonation, Description: fmt.Sprintf("Ủng hộ tổng hợp số %d", k+1),
		Postings: []ledger.PostingInput{vnd(fund, "1120", amount), vnd(fund, "4100", -amount)}}
}
