package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"reliefledger/ledger"
)

// demoEntries are a few deterministic opening entries so that a first
// `go run ./cmd/reliefd` has books to look at. They are marked [demo].
var demoEntries = []ledger.EntryInput{
	{Date: "2021-07-15", Kind: ledger.KindOpening, Description: "[demo] Số dư đầu kỳ Quỹ Vì người nghèo (opening balance)",
		Postings: []ledger.PostingInput{{Account: "POOR:1120", Amount: "2450000000"}, {Account: "POOR:1110", Amount: "85000000"}, {Account: "POOR:3100", Amount: "-2535000000"}}},
	{Date: "2021-07-19", Kind: ledger.KindAdjustment, Description: "[demo] Ủng hộ Quỹ phòng, chống Covid-19 qua chuyển khoản (bank transfers)",
		Postings: []ledger.PostingInput{{Account: "COVID:1120", Amount: "1250000000"}, {Account: "COVID:4100", Amount: "-1250000000"}}},
	{Date: "2021-07-20", Kind: ledger.KindAdjustment, Description: "[demo] Tiếp nhận 12.500 kg gạo (rice received in kind)",
		Postings: []ledger.PostingInput{{Account: "COVID:1150", Amount: "162500000", Item: "RICE", Quantity: "12500"},
			{Account: "COVID:4200", Amount: "-162500000", Item: "RICE", Quantity: "-12500"}}},
	{Date: "2021-07-21", Kind: ledger.KindTransfer, Description: "[demo] Rút tiền mặt để chi hỗ trợ (cash withdrawn for aid)",
		Postings: []ledger.PostingInput{{Account: "COVID:1110", Amount: "300000000"}, {Account: "COVID:1120", Amount: "-300000000"}}},
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
			amount := fmt.Sprint(100000 + k%9000*100)
			ins[i] = ledger.EntryInput{Date: "2021-08-01", Kind: ledger.KindDonation, Description: fmt.Sprintf("Ủng hộ tổng hợp số %d", k+1),
				Postings: []ledger.PostingInput{{Account: "POOR:1120", Amount: amount}, {Account: "POOR:4100", Amount: "-" + amount}}}
		}
		if _, _, err := a.ledger.PostWith(ctx, ledger.Actor{}, ins, nil); err != nil {
			fmt.Fprintln(stderr, "reliefd seed:", err)
			return 1
		}
		done += part
		bar.set(done, n)
	}
	fmt.Fprintf(stdout, "appended %d entries (%d postings) in %v\n", n, 2*n, time.Since(start).Round(time.Millisecond))
	return 0
}
