package ledger

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	rl "reliefledger"
)

// Closed periods (PRODUCT.md §4.10): once a fund is closed through a date,
// no entry touching the fund may be dated on or before it, so a report of
// the closed period, once sent, never changes. Corrections post in the
// open period: a reversal of a closed period's entry is dated after the
// closing date. A close is never undone, and a fund's closing date only
// moves forward.
//
// The closing dates are read under the journal head lock, in the very
// transaction that appends (JournalRead.Funds), and a close is written
// under the same lock: across processes a close and an entry are decided
// one after the other, and no entry dated inside a closed period is
// appended once the close has committed.

// PeriodClose is one close of a fund's books through a date.
type PeriodClose struct {
	ID            int64
	FundID        int64
	FundCode      string
	ClosedThrough Date
	ClosedAt      time.Time
	ClosedBy      int64
	Note          string
	// AfterEntry is the last journal entry when the close was made: no
	// later entry touching the fund is dated on or before ClosedThrough.
	AfterEntry int64
}

// CloseInput proposes a close: the fund's code, the last date of the
// closed period and a note (optional).
type CloseInput struct {
	Fund string
	Date Date
	Note string
}

// ClosePeriod closes a fund's books through in.Date. Returns Invalid for
// an unknown fund, a missing date, a date after today or a bad note;
// Conflict with code "already-closed" when the fund is closed through that
// date or a later one already (periods are never reopened), and with code
// "idempotency-mismatch" when the key was used for another request. With
// an idempotency key, a replay returns the first close and replayed=true.
func (s *Service) ClosePeriod(ctx context.Context, a Actor, in CloseInput) (PeriodClose, bool, error) {
	var fe rl.Fields
	f, err := s.Fund(ctx, strings.ToUpper(strings.TrimSpace(in.Fund)))
	switch {
	case strings.TrimSpace(in.Fund) == "":
		fe.Add("fund", "is required")
	case rl.ErrorKind(err) == rl.NotFound:
		fe.Add("fund", "no such fund %q", in.Fund)
	case err != nil:
		return PeriodClose{}, false, err
	}
	today := s.Today()
	switch {
	case in.Date.IsZero():
		fe.Add("date", "is required: the last day of the period to close, e.g. 2021-06-30")
	case CheckDate(in.Date) != nil:
		fe.Add("date", "%v", CheckDate(in.Date))
	case in.Date.After(today):
		fe.Add("date", "must not be after today (%s): only days that have ended can be closed", today)
	}
	note := strings.TrimSpace(in.Note)
	if err := rl.CheckText(note); err != nil {
		fe.Add("note", "%v", err)
	} else if utf8.RuneCountInString(note) > MaxDescriptionLen {
		fe.Add("note", "must be at most %d characters", MaxDescriptionLen)
	}
	if err := fe.Err(); err != nil {
		return PeriodClose{}, false, err
	}
	var c PeriodClose
	var replayedID int64
	err = s.store.WithJournal(ctx, func(tx Tx) error {
		replayedID = 0
		var want JournalRead
		if a.Idem != nil {
			want.Keys = []IdemKey{a.Idem.IdemKey}
		}
		want.Funds = []int64{f.ID}
		st, err := tx.Read(want)
		if err != nil {
			return err
		}
		if a.Idem != nil {
			if rec, ok := st.Idem[a.Idem.IdemKey]; ok {
				id, err := closeOfRecord(rec, *a.Idem)
				replayedID = id
				return err
			}
		}
		if cur, ok := st.Closed[f.ID]; ok && !in.Date.After(cur) {
			return rl.CodedErrorf(rl.Conflict, "already-closed",
				"fund %s is already closed through %s; a closed period is never reopened, and a new close must be dated after %s",
				f.Code, cur, cur)
		}
		c = PeriodClose{FundID: f.ID, FundCode: f.Code, ClosedThrough: in.Date, ClosedAt: rl.Stamp(s.now()), ClosedBy: a.UserID,
			Note: note, AfterEntry: st.Head.LastID}
		var rec *IdemRecord
		if a.Idem != nil {
			r := *a.Idem
			rec = &r
		}
		c.ID, err = tx.ClosePeriod(c, rec)
		return err
	})
	if err != nil {
		return PeriodClose{}, false, err
	}
	if replayedID != 0 {
		got, err := s.periodClose(ctx, f.ID, replayedID)
		return got, true, err
	}
	return c, false, nil
}

// closeOfRecord is the close a stored idempotency record names, for a
// request like want.
func closeOfRecord(rec, want IdemRecord) (int64, error) {
	if rec.RequestHash != want.RequestHash {
		return 0, IdemMismatch(want.Key)
	}
	s, ok := strings.CutPrefix(rec.ResultRef, "period-close:")
	id, err := strconv.ParseInt(s, 10, 64)
	if !ok || err != nil {
		return 0, IdemMismatch(want.Key)
	}
	return id, nil
}

// CloseResultRef is the result an idempotency record of a close names:
// the close with ID id.
func CloseResultRef(id int64) string { return "period-close:" + itoa(id) }

func (s *Service) periodClose(ctx context.Context, fundID, id int64) (PeriodClose, error) {
	cs, err := s.store.PeriodCloses(ctx, fundID)
	if err != nil {
		return PeriodClose{}, err
	}
	for _, c := range cs {
		if c.ID == id {
			return c, nil
		}
	}
	return PeriodClose{}, rl.Errorf(rl.NotFound, "no period close %d", id)
}

// PeriodCloses lists the closes of a fund (every fund when fundCode is
// empty), oldest first. NotFound for an unknown fund.
func (s *Service) PeriodCloses(ctx context.Context, fundCode string) ([]PeriodClose, error) {
	var fundID int64
	if fundCode != "" {
		f, err := s.Fund(ctx, strings.ToUpper(fundCode))
		if err != nil {
			return nil, err
		}
		fundID = f.ID
	}
	return s.store.PeriodCloses(ctx, fundID)
}

// ClosedThrough returns the date a fund's books are closed through, and
// ok=false when no period of the fund is closed. A report of a period
// ending on or before that date is final: produced again later it is the
// same. NotFound for an unknown fund.
func (s *Service) ClosedThrough(ctx context.Context, fundCode string) (Date, bool, error) {
	cs, err := s.PeriodCloses(ctx, fundCode)
	if err != nil || len(cs) == 0 {
		return Date{}, false, err
	}
	last := cs[0].ClosedThrough
	for _, c := range cs[1:] {
		if c.ClosedThrough.After(last) {
			last = c.ClosedThrough
		}
	}
	return last, true, nil
}

// touched is the funds (ID → code) whose accounts an entry posts to, or
// why they could not be looked up.
type touched struct {
	funds map[int64]string
	err   error
}

// batchFunds returns what each entry of a batch touches, and every fund
// touched, for JournalRead.Funds.
func batchFunds(r resolver, batch []*pending) ([]touched, []int64) {
	out := make([]touched, len(batch))
	all := map[int64]bool{}
	for i, p := range batch {
		t := touched{funds: map[int64]string{}}
		for _, ps := range p.entry.Postings {
			acc, err := r.accountByID(ps.AccountID)
			if err != nil {
				t.err = fmt.Errorf("look up account %d: %w", ps.AccountID, err)
				break
			}
			t.funds[acc.FundID] = acc.FundCode
			all[acc.FundID] = true
		}
		out[i] = t
	}
	ids := make([]int64, 0, len(all))
	for id := range all {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return out, ids
}

// checkOpen refuses an entry dated on or before the closing date of a fund
// it touches (closed: fund ID → closed through).
func checkOpen(e Entry, t touched, closed map[int64]Date) error {
	if t.err != nil {
		return t.err
	}
	funds := t.funds
	ids := make([]int64, 0, len(funds))
	for id := range funds {
		if through, ok := closed[id]; ok && !e.Date.After(through) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	sort.Slice(ids, func(i, j int) bool { return funds[ids[i]] < funds[ids[j]] })
	code, through := funds[ids[0]], closed[ids[0]]
	what := "date it after " + through.String()
	if e.Kind == KindReversal {
		what = "a reversal posts in the open period: date it after " + through.String()
	}
	err := rl.CodedErrorf(rl.Conflict, "period-closed",
		"fund %s is closed through %s; this entry is dated %s, inside the closed period: %s",
		code, through, e.Date, what)
	err.Fields = []rl.FieldError{{Field: "date", Message: fmt.Sprintf("must be after %s: fund %s is closed through that date", through, code)}}
	return err
}
