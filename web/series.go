package web

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// period is one bar of a fund's timeline: what it received and gave out
// in a week or a month.
type period struct {
	Start                 ledger.Date
	Received, Distributed decimal.Decimal
}

// timeline is a fund's receipts and distributions over time: the postings
// to its revenue accounts (credits: received) and expense accounts
// (debits: distributed), in đồng, by the entry's accounting date. Summed,
// they are FundSummaries' received and distributed, the figures above the
// chart: the same balances, taken apart by date.
type timeline struct {
	Periods []period
	Weekly  bool
}

// dayTotals is a fund's received and distributed by accounting date, up
// to an entry: the journal is append-only (a correction is a new entry,
// even when backdated), so the totals only ever need the entries after it.
type dayTotals struct {
	after int64
	days  map[ledger.Date]*period
}

var errNewAccount = errors.New("web: a posting to an account opened after the accounts were read")

// timelines caches each fund's dayTotals, so that the funds page reads only
// the entries made since it was last shown, not the whole journal.
type timelines struct {
	mu    sync.Mutex
	funds map[int64]*dayTotals
}

// days brings the fund's totals up to the journal's end and returns a copy.
func (s *Server) days(ctx context.Context, fundID int64, accs map[int64]ledger.Account) (map[ledger.Date]period, error) {
	s.timelines.mu.Lock()
	defer s.timelines.mu.Unlock()
	dt := s.timelines.funds[fundID]
	if dt == nil {
		dt = &dayTotals{days: map[ledger.Date]*period{}}
		s.timelines.funds[fundID] = dt
	}
	read := func(accs map[int64]ledger.Account) error {
		return s.Ledger.EachEntry(ctx, ledger.EntryFilter{FundID: fundID, AfterID: dt.after}, func(e ledger.Entry) error {
			for _, p := range e.Postings {
				if _, ok := accs[p.AccountID]; !ok {
					return errNewAccount // before any of the entry is counted
				}
			}
			for _, p := range e.Postings {
				a := accs[p.AccountID]
				if a.Type != ledger.Revenue && a.Type != ledger.Expense {
					continue
				}
				d := dt.days[e.Date]
				if d == nil {
					d = &period{Start: e.Date}
					dt.days[e.Date] = d
				}
				if a.Type == ledger.Revenue {
					d.Received = d.Received.Sub(p.Amount)
				} else {
					d.Distributed = d.Distributed.Add(p.Amount)
				}
			}
			dt.after = e.ID
			return nil
		})
	}
	err := read(accs)
	if errors.Is(err, errNewAccount) {
		// An account opened since the caller read them: read them again
		// and go on from the last entry counted.
		if accs, err = s.Ledger.AccountsByID(ctx); err == nil {
			err = read(accs)
		}
	}
	if err != nil {
		delete(s.timelines.funds, fundID) // half-read: never serve it
		return nil, err
	}
	out := make(map[ledger.Date]period, len(dt.days))
	for d, p := range dt.days {
		out[d] = *p
	}
	return out, nil
}

// fundTimeline is the fund's timeline: weeks (from Monday) when its entries
// span at most 26 weeks, else months.
func (s *Server) fundTimeline(ctx context.Context, fundID int64, accs map[int64]ledger.Account) (timeline, error) {
	byDay, err := s.days(ctx, fundID, accs)
	if err != nil || len(byDay) == 0 {
		return timeline{}, err
	}
	var first, last ledger.Date
	for d := range byDay {
		if first.IsZero() || d.Before(first) {
			first = d
		}
		if last.IsZero() || d.After(last) {
			last = d
		}
	}
	t := timeline{Weekly: last.Start().Sub(first.Start()) <= 26*7*24*time.Hour}
	bucket := monthOf
	if t.Weekly {
		bucket = weekOf
	}
	// Every bucket from the first to the last, empty ones too: a gap in
	// giving is information.
	index := map[ledger.Date]int{}
	for d := bucket(first); !d.After(last); d = next(d, t.Weekly) {
		index[d] = len(t.Periods)
		t.Periods = append(t.Periods, period{Start: d})
	}
	for day, p := range byDay {
		i := index[bucket(day)]
		t.Periods[i].Received = t.Periods[i].Received.Add(p.Received)
		t.Periods[i].Distributed = t.Periods[i].Distributed.Add(p.Distributed)
	}
	return t, nil
}

func weekOf(d ledger.Date) ledger.Date {
	back := (int(d.Start().Weekday()) + 6) % 7 // days since Monday
	return d.AddDays(-back)
}

func monthOf(d ledger.Date) ledger.Date {
	y, m, _ := d.Date()
	return ledger.NewDate(y, m, 1)
}

func next(d ledger.Date, weekly bool) ledger.Date {
	if weekly {
		return d.AddDays(7)
	}
	y, m, _ := d.Date()
	return ledger.NewDate(y, m+1, 1)
}

// label names a period shortly, for the chart's axis.
func (t timeline) label(l i18n.Lang, d ledger.Date) string {
	y, m, dd := d.Date()
	switch {
	case t.Weekly && l == i18n.EN:
		return fmt.Sprintf("%02d-%02d", m, dd)
	case t.Weekly:
		return fmt.Sprintf("%02d/%02d", dd, m)
	case l == i18n.EN:
		return fmt.Sprintf("%04d-%02d", y, m)
	}
	return fmt.Sprintf("%02d/%04d", m, y)
}

// name names a period in full, for the table.
func (t timeline) name(l i18n.Lang, d ledger.Date) string {
	if t.Weekly {
		return i18n.F(l, i18n.WebWeekOf, l.Date(d))
	}
	return t.label(l, d)
}
