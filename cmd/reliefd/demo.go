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

// seedEntries appends n synthetic entries (a donation to the bank account
// and its move to cash, alternately) in transactions of 5,000 entries.
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
			k := done + i
			amount := int64(100000 + k%9000*100)
			ins[i] = ledger.EntryInput{Date: ledger.NewDate(2021, 8, 1), Kind: ledger.KindDonation, Description: fmt.Sprintf("Ủng hộ tổng hợp số %d", k+1),
				Postings: []ledger.PostingInput{vnd("POOR", "1120", amount), vnd("POOR", "4100", -amount)}}
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
