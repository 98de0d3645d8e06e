package ledger

import (
	"context"
	"fmt"
	"strings"
	"time"

	rl "reliefledger"
)

// Record decides entries and appends them on tx, all or none. It is how a
// feature records the entries of one request together with its own rows
// (a donation and its receipt number, a plan's approval, deliveries): the
// feature's store opens the journal transaction, the feature calls Record
// on it and then writes its rows on the same transaction. Accounts that a
// reference opens (AccountRef.Open) are opened on tx.
//
// With an idempotency key, a replay returns the first call's entries (IDs
// only are guaranteed) and replayed=true, and appends nothing; the feature
// then writes nothing either. Errors as for Post, for the first refused
// entry; with more than one entry a validation error names the entry.
func (s *Service) Record(ctx context.Context, tx Tx, a Actor, ins []EntryInput) ([]Entry, bool, error) {
	r, err := s.openAccounts(ctx, tx, ins)
	if err != nil {
		return nil, false, err
	}
	es := make([]Entry, len(ins))
	for i, in := range ins {
		e, err := buildEntry(in, s.Today(), r)
		if err != nil {
			if len(ins) > 1 {
				return nil, false, fmt.Errorf("entry %d: %w", i+1, err)
			}
			return nil, false, err
		}
		es[i] = e
	}
	return s.appendOn(ctx, tx, r, a, es)
}

// RecordReversal reverses entry id on tx, dated date (zero: today), as
// Record records: the feature marks its own rows (a donation void) on the
// same transaction. Errors as for Reverse.
func (s *Service) RecordReversal(ctx context.Context, tx Tx, a Actor, id int64, reason string, date Date) (Entry, bool, error) {
	orig, date, err := s.reversible(ctx, id, reason, date)
	if err != nil {
		return Entry{}, false, err
	}
	es, replayed, err := s.appendOn(ctx, tx, s, a, []Entry{reversalOf(orig, strings.TrimSpace(reason), date)})
	if err != nil {
		return Entry{}, false, err
	}
	return es[0], replayed, nil
}

// appendOn decides built entries as one request (ctx's) and appends them
// on tx.
func (s *Service) appendOn(ctx context.Context, tx Tx, r resolver, a Actor, es []Entry) ([]Entry, bool, error) {
	if len(es) == 0 {
		return nil, false, nil
	}
	batch := make([]*pending, len(es))
	for i, e := range es {
		batch[i] = &pending{entry: e, actor: Actor{UserID: a.UserID}}
	}
	// The key covers the whole call: it rides on the first entry.
	batch[0].actor.Idem = a.Idem
	start := time.Now()
	results, _, appended, err := s.decide(tx, r, batch, true)
	if err != nil {
		return nil, false, err
	}
	out := make([]Entry, len(es))
	for i, r := range results {
		if r.replayed {
			return []Entry{r.entry}, true, nil
		}
		if r.err != nil {
			return nil, false, r.err
		}
		out[i] = r.entry
	}
	tx.Audit(ctx, out[0].ID, out[len(out)-1].ID)
	if s.OnBatch != nil && appended > 0 {
		took := time.Since(start)
		tx.AfterCommit(func() { s.OnBatch(appended, appended, took) })
	}
	return out, false, nil
}

// opened resolves accounts against the service's caches and, first, the
// accounts opened in one transaction (cached only once it commits).
type opened struct {
	*Service
	byCode map[string]Account
	byID   map[int64]Account
}

func (o opened) accountByCode(fund, code string) (Account, error) {
	if a, ok := o.byCode[fund+":"+code]; ok {
		return a, nil
	}
	return o.Service.accountByCode(fund, code)
}

func (o opened) accountByID(id int64) (Account, error) {
	if a, ok := o.byID[id]; ok {
		return a, nil
	}
	return o.Service.accountByID(id)
}

// openAccounts opens, on tx, the accounts the entries refer to with Open
// that do not exist yet.
func (s *Service) openAccounts(ctx context.Context, tx Tx, ins []EntryInput) (resolver, error) {
	want, err := s.toOpen(ctx, ins)
	if err != nil || len(want) == 0 {
		return s, err
	}
	accs, err := tx.OpenAccounts(want)
	if err != nil {
		return nil, err
	}
	o := opened{Service: s, byCode: map[string]Account{}, byID: map[int64]Account{}}
	for _, a := range accs {
		o.byCode[a.FundCode+":"+a.Code], o.byID[a.ID] = a, a
	}
	tx.AfterCommit(func() {
		for _, a := range accs {
			s.cacheAccount(a)
		}
	})
	return o, nil
}

// toOpen returns the accounts that references with Open name and that do
// not exist yet; a reference to an unknown fund is left for validation to
// report.
func (s *Service) toOpen(ctx context.Context, ins []EntryInput) ([]Account, error) {
	var out []Account
	seen := map[string]bool{}
	for _, in := range ins {
		for _, p := range in.Postings {
			ref := p.Account
			if ref.Open == nil || ref.Code == "" || seen[ref.String()] {
				continue
			}
			seen[ref.String()] = true
			if _, err := s.accountByCode(ref.Fund, ref.Code); err == nil {
				continue
			} else if rl.ErrorKind(err) != rl.NotFound {
				return nil, err
			}
			f, err := s.store.FundByCode(ctx, ref.Fund)
			if rl.ErrorKind(err) == rl.NotFound {
				continue
			} else if err != nil {
				return nil, err
			}
			spec := ref.Open
			if !spec.Type.Valid() || strings.TrimSpace(spec.Name) == "" || !accountCodePattern.MatchString(ref.Code) {
				return nil, fmt.Errorf("open account %s: bad type, name or code", ref)
			}
			out = append(out, Account{FundID: f.ID, FundCode: f.Code, Code: ref.Code, Name: spec.Name, Type: spec.Type,
				NonNegative: spec.Type == Asset, Dimensions: spec.Dimensions, CreatedAt: rl.Stamp(s.now())})
		}
	}
	return out, nil
}

// needsOpening reports whether an entry refers to an account it must open.
func (s *Service) needsOpening(in EntryInput) bool {
	for _, p := range in.Postings {
		if p.Account.Open == nil || p.Account.Code == "" {
			continue
		}
		if _, err := s.accountByCode(p.Account.Fund, p.Account.Code); rl.ErrorKind(err) == rl.NotFound {
			return true
		}
	}
	return false
}

// PostAll records entries, all or none, in a journal transaction of their
// own (bulk loads: seeding, measurements).
func (s *Service) PostAll(ctx context.Context, a Actor, ins []EntryInput) error {
	return s.store.WithJournal(ctx, func(tx Tx) error {
		_, _, err := s.Record(ctx, tx, a, ins)
		return err
	})
}
