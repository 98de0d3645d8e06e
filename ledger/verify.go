package ledger

import (
	"context"
	"fmt"
	"sort"

	"github.com/shopspring/decimal"
)

// Problem is one difference verify found.
type Problem struct {
	Kind      string `json:"kind"` // chain, hash, unbalanced, balance, head, negative, history
	EntryID   int64  `json:"entry_id,omitempty"`
	AccountID int64  `json:"account_id,omitempty"`
	Asset     string `json:"asset,omitempty"`
	Stored    string `json:"stored,omitempty"`
	Computed  string `json:"computed,omitempty"`
	Detail    string `json:"detail"`
}

// Report is the result of Verify.
type Report struct {
	Entries  int64
	Postings int64
	Balances int
	Head     Head
	Problems []Problem
}

// OK reports whether verify found nothing wrong.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// maxProblems caps a report; a tampered database could otherwise flood it.
const maxProblems = 1000

// Verify recomputes, from the postings alone, every entry's hash and link in
// the chain, that every entry balances per fund and per item, every
// account's balance and its balance history (what each date moved it by);
// it reports each difference from what is stored.
func (s *Service) Verify(ctx context.Context) (Report, error) {
	accs, err := s.store.Accounts(ctx, AccountFilter{})
	if err != nil {
		return Report{}, err
	}
	fundOf := make(map[int64]string, len(accs))
	nonNeg := map[int64]Account{}
	for _, a := range accs {
		fundOf[a.ID] = a.FundCode
		if a.NonNegative {
			nonNeg[a.ID] = a
		}
	}
	var r Report
	add := func(p Problem) {
		if len(r.Problems) < maxProblems {
			r.Problems = append(r.Problems, p)
		}
	}
	computed := map[BalanceKey]decimal.Decimal{}
	daily := map[BalanceKey]map[Date]decimal.Decimal{}
	prev := Head{LastHash: GenesisHash}
	history := map[DayKey]decimal.Decimal{}
	stored, days, head, err := s.store.ReadJournal(ctx, func(e Entry) error {
		r.Entries++
		r.Postings += int64(len(e.Postings))
		if e.ID != prev.LastID+1 {
			add(Problem{Kind: "chain", EntryID: e.ID, Detail: fmt.Sprintf("entry %d follows entry %d: the journal has a gap", e.ID, prev.LastID)})
		}
		if e.PrevHash != prev.LastHash {
			add(Problem{Kind: "chain", EntryID: e.ID, Detail: fmt.Sprintf("entry %d does not link to the hash of entry %d", e.ID, prev.LastID)})
		}
		if h := ComputeHash(e); h != e.Hash {
			add(Problem{Kind: "hash", EntryID: e.ID, Stored: e.Hash, Computed: h,
				Detail: fmt.Sprintf("entry %d's content no longer matches its hash: it was changed after it was written", e.ID)})
		}
		for _, msg := range unbalanced(e, fundOf) {
			add(Problem{Kind: "unbalanced", EntryID: e.ID, Detail: fmt.Sprintf("entry %d: %s", e.ID, msg)})
		}
		for k, d := range balanceDeltas(e) {
			computed[k] = computed[k].Add(d)
			if _, ok := nonNeg[k.AccountID]; ok {
				if daily[k] == nil {
					daily[k] = map[Date]decimal.Decimal{}
				}
				daily[k][e.Date] = daily[k][e.Date].Add(d)
			}
		}
		for k, d := range DayMovements([]Entry{e}) {
			history[k] = history[k].Add(d)
		}
		prev = Head{LastID: e.ID, LastHash: e.Hash}
		return nil
	})
	if err != nil {
		return Report{}, fmt.Errorf("verify: read journal: %w", err)
	}
	r.Head = head
	if head != prev {
		add(Problem{Kind: "head", Detail: fmt.Sprintf("the journal head says entry %d, the journal ends at entry %d", head.LastID, prev.LastID)})
	}
	seen := map[BalanceKey]bool{}
	sort.Slice(stored, func(i, j int) bool {
		return BalanceKey{stored[i].AccountID, stored[i].Asset}.Less(BalanceKey{stored[j].AccountID, stored[j].Asset})
	})
	for _, b := range stored {
		k := BalanceKey{b.AccountID, b.Asset}
		seen[k] = true
		if c := computed[k]; !c.Equal(b.Amount) {
			add(balanceProblem(k, b.Amount.String(), c.String()))
		}
	}
	var missing []BalanceKey
	for k, c := range computed {
		if !seen[k] && !c.IsZero() {
			missing = append(missing, k)
		}
	}
	sort.Slice(missing, func(i, j int) bool { return missing[i].Less(missing[j]) })
	for _, k := range missing {
		add(balanceProblem(k, "(none)", computed[k].String()))
	}
	for _, p := range historyProblems(history, days) {
		add(p)
	}
	for _, p := range negativeDays(daily, nonNeg) {
		add(p)
	}
	r.Balances = len(stored)
	return r, nil
}

// negativeDays finds every non-negative account that was below zero at the
// end of some date: the first such date of each, with the balance.
func negativeDays(daily map[BalanceKey]map[Date]decimal.Decimal, accounts map[int64]Account) []Problem {
	keys := make([]BalanceKey, 0, len(daily))
	for k := range daily {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Less(keys[j]) })
	var out []Problem
	for _, k := range keys {
		dates := make([]Date, 0, len(daily[k]))
		for d := range daily[k] {
			dates = append(dates, d)
		}
		sort.Slice(dates, func(i, j int) bool { return dates[i].Before(dates[j]) })
		run := decimal.Zero
		for _, d := range dates {
			run = run.Add(daily[k][d])
			if run.IsNegative() {
				a := accounts[k.AccountID]
				out = append(out, Problem{Kind: "negative", AccountID: k.AccountID, Asset: k.Asset, Computed: run.String(),
					Detail: fmt.Sprintf("account %s:%s may never be below zero, but its %s balance at the end of %s is %s", a.FundCode, a.Code, k.Asset, d, run)})
				break
			}
		}
	}
	return out
}

// historyProblems compares the stored balance history with what the
// postings moved each row by on each date: a day missing, extra or
// different would make balances on past dates (and the check of
// back-dated entries) wrong.
func historyProblems(computed map[DayKey]decimal.Decimal, stored []DayBalance) []Problem {
	have := make(map[DayKey]decimal.Decimal, len(stored))
	for _, d := range stored {
		have[d.Key()] = have[d.Key()].Add(d.Amount)
	}
	all := map[DayKey]bool{}
	for k := range computed {
		all[k] = true
	}
	for k := range have {
		all[k] = true
	}
	var out []Problem
	for _, k := range SortedDayKeys(all) {
		c, inC := computed[k]
		h, inH := have[k]
		if inC == inH && c.Equal(h) {
			continue
		}
		st := h.String()
		if !inH {
			st = "(none)"
		}
		cs := c.String()
		if !inC {
			cs = "(none)"
		}
		out = append(out, Problem{Kind: "history", AccountID: k.AccountID, Asset: k.Asset, Stored: st, Computed: cs,
			Detail: fmt.Sprintf("account %d's %s balance history says it moved by %s on %s, its postings of that date move it by %s",
				k.AccountID, k.Asset, st, k.Date, cs)})
		if len(out) >= maxProblems {
			break
		}
	}
	return out
}

func balanceProblem(k BalanceKey, stored, computed string) Problem {
	return Problem{Kind: "balance", AccountID: k.AccountID, Asset: k.Asset, Stored: stored, Computed: computed,
		Detail: fmt.Sprintf("account %d's stored %s balance is %s, its postings sum to %s", k.AccountID, k.Asset, stored, computed)}
}

func unbalanced(e Entry, fundOf map[int64]string) []string {
	values := map[string]decimal.Decimal{}
	qty := map[string]decimal.Decimal{}
	for _, p := range e.Postings {
		f := fundOf[p.AccountID]
		values[f] = values[f].Add(p.Amount)
		if p.Item != "" {
			qty[p.Item] = qty[p.Item].Add(p.Quantity)
		}
	}
	var out []string
	for _, f := range sortedKeys(values) {
		if !values[f].IsZero() {
			out = append(out, fmt.Sprintf("amounts in fund %s sum to %s, not 0", f, values[f]))
		}
	}
	for _, it := range sortedKeys(qty) {
		if !qty[it].IsZero() {
			out = append(out, fmt.Sprintf("quantities of %s sum to %s, not 0", it, qty[it]))
		}
	}
	if len(e.Postings) < 2 {
		out = append(out, "has fewer than two postings")
	}
	return out
}
