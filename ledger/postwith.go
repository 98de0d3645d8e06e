package ledger

import (
	"context"
	"fmt"
	"time"

	rl "reliefledger"
)

// Hook runs inside the journal transaction once every entry has been
// accepted and numbered, just before the entries are appended. What it
// writes commits with them or not at all (a donation row with its receipt
// number, say). It gets the store's transaction, which a feature's store
// code knows how to use.
type Hook func(tx JournalTx, entries []Entry) error

// PostWith records entries, all or none, in a transaction of their own,
// together with what hook writes. It is for features whose rows must be
// atomic with their entries (donations and their receipt numbers, bulk
// imports); single entries without such rows go through Post, which
// batches. With an idempotency key, a replay returns the first call's
// entries (IDs only are guaranteed) and replayed=true. Errors as for Post;
// the first refused entry's error is returned.
func (s *Service) PostWith(ctx context.Context, a Actor, ins []EntryInput, hook Hook) ([]Entry, bool, error) {
	es := make([]Entry, len(ins))
	for i, in := range ins {
		e, err := buildEntry(in, s.Today(), s)
		if err != nil {
			if len(ins) > 1 {
				return nil, false, fmt.Errorf("entry %d: %w", i+1, err)
			}
			return nil, false, err
		}
		es[i] = e
	}
	return s.postBuilt(ctx, a, es, hook)
}

// ReverseWith reverses entry id like Reverse, in a transaction of its own
// together with what hook writes (e.g. marking a donation void).
func (s *Service) ReverseWith(ctx context.Context, a Actor, id int64, reason string, hook Hook) (Entry, error) {
	orig, err := s.store.Entry(ctx, id)
	if err != nil {
		return Entry{}, err
	}
	if orig.Kind == KindReversal {
		return Entry{}, rl.CodedErrorf(rl.Conflict, "already-reversed", "entry %d is a reversal; post a new entry instead of reversing it", id)
	}
	es, _, err := s.postBuilt(ctx, a, []Entry{reversalOf(orig, reason, s.Today())}, hook)
	if err != nil {
		return Entry{}, err
	}
	return es[0], nil
}

func (s *Service) postBuilt(ctx context.Context, a Actor, es []Entry, hook Hook) ([]Entry, bool, error) {
	if len(es) == 0 {
		return nil, false, nil
	}
	batch := make([]*pending, len(es))
	for i, e := range es {
		p := &pending{ctx: ctx, entry: e, actor: Actor{UserID: a.UserID}}
		batch[i] = p
	}
	// The key covers the whole call: it rides on the first entry.
	batch[0].actor.Idem = a.Idem
	var results []result
	tctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	err := s.store.WithJournal(tctx, func(tx JournalTx) error {
		var err error
		results, _, _, err = s.batch.applyWith(tx, batch, hook)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	took := time.Since(start)
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
	if s.OnBatch != nil {
		s.OnBatch(len(es), len(es), took) // only what was appended counts
	}
	return out, false, nil
}
