package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/shopspring/decimal"

	"reliefledger/ledger"
)

// demoEntries are a few deterministic opening entries so that a first
// `go run ./cmd/reliefd` has books to look at. They are marked [demo].
var demoEntries = []ledger.EntryInput{
	{Date: ledger.NewDate(2021, 7, 15), Kind: ledger.KindOpening, Description: "[demo] Số dư đầu kỳ Quỹ Vì người nghèo (opening balance)",
		Postings: []ledger.PostingInput{vnd("POOR", "1120", 2450000000), vnd("POOR", "1110", 85000000), vnd("POOR", "3100", -2535000000)}},
	{Date: ledger.NewDate(2021, 7, 19), Kind: ledger.KindAdjustment, Description: "[demo] Ủng hộ Quỹ phòng, chống Covid-19 qua chuyển khoản (bank transfers)",
		Postings: []ledger.PostingInput{vnd("COVID", "1120", 1250000000), vnd("COVID", "4100", -1250000000)}},
	{Date: ledger.NewDate(2021, 7, 20), Kind: ledger.KindAdjustment, Description: "[demo] Tiếp nhận 12.500 kg gạo (rice received in kind)",
		Postings: []ledger.PostingInput{inKind("COVID", "1150", 162500000, "RICE", 12500), inKind("COVID", "4200", -162500000, "RICE", -12500)}},
	{Date: ledger.NewDate(2021, 7, 21), Kind: ledger.KindTransfer, Description: "[demo] Rút tiền mặt để chi hỗ trợ (cash withdrawn for aid)",
		Postings: []ledger.PostingInput{vnd("COVID", "1110", 300000000), vnd("COVID", "1120", -300000000)}},
}

func vnd(fund, code string, amount int64) ledger.PostingInput {
	return ledger.PostingInput{Account: ledger.AccountByCode(fund, code), Amount: decimal.NewFromInt(amount)}
}

func inKind(fund, code string, amount int64, item string, qty int64) ledger.PostingInput {
	p := vnd(fund, code, amount)
	p.Item, p.Quantity = item, decimal.NewFromInt(qty)
	return p
}

// loadDemo posts the demo entries into an empty journal and returns how
// many it posted.
func loadDemo(ctx context.Context, l *ledger.Service) (int, error) {
	es, err := l.Entries(ctx, ledger.EntryFilter{Limit: 1})
	if err != nil || len(es) > 0 {
		return 0, err
	}
	for _, in := range demoEntries {
		if _, _, err := l.Post(ctx, ledger.Actor{UserID: 1}, in); err != nil {
			return 0, err
		}
	}
	return len(demoEntries), nil
}

// seedEntries appends n synthetic entries (a donation to the bank account
// and its move to cash, alternately) in transactions of 5,000 entries.
func seedEntries(ctx context.Context, cfg config, n int, stdout, stderr io.Writer) int {
	log, _ := cfg.logger(stderr)
	a, err := open(ctx, cfg, log)
	if err != nil {
		fmt.Fprintln(stderr, "reliefd seed:", err)
		return 1
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
