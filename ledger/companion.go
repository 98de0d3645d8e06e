package ledger

import (
	"context"
	"errors"
)

// A Companion is a feature's rows that must commit with an entry the
// batcher appends, such as a donation with its receipt number. PostWith
// hands the entry and its companion to the single writer, which calls the
// companion's writer inside the batch's transaction: the feature's rows
// share the group commit of the journal. The ledger knows nothing of what
// the rows are.
type Companion interface {
	// Writer is the feature's writer; the companions of one writer in a
	// batch are handled together.
	Writer() CompanionWriter
}

// A CompanionWriter writes the rows of its companions in one batch.
type CompanionWriter interface {
	// Begin starts one attempt at a batch's transaction: cs are the
	// companions of this writer in the batch, in batch order. It runs
	// after the ledger's Read, under the journal head, and may read on
	// tx. A transaction that is retried, or a batch split to find a value
	// the database refused, begins again from scratch: the returned
	// CompanionBatch holds all of the attempt's state.
	Begin(tx Tx, cs []Companion) (CompanionBatch, error)
}

// A CompanionBatch is a writer's part of one attempt at a transaction.
type CompanionBatch interface {
	// Accept is told, in commit order, that the entry of cs[i] was
	// accepted and numbered id, before the entry is hashed. It returns
	// the entry's source document ID (the hash covers it), or "" to keep
	// the entry's own. A refused entry is never accepted.
	Accept(i int, id int64) (sourceID string)
	// Write writes the accepted companions' rows on the transaction once
	// the entries were appended. An error fails the whole transaction;
	// one of code "refused-by-database" makes the batcher split the batch
	// so that the culprit fails alone.
	Write() error
}

// PostWith records an entry as Post does, with a companion whose rows
// commit in the same transaction; the entry's Source.ID may be left
// empty for the companion to fill. An entry that must open an account is
// refused: the caller records it on a transaction of its own (Record),
// as NeedsOpening tells. Errors as for Post.
func (s *Service) PostWith(ctx context.Context, a Actor, in EntryInput, c Companion) (Entry, bool, error) {
	if s.needsOpening(in) {
		return Entry{}, false, errNeedsOpening
	}
	e, err := buildEntry(in, s.Today(), s)
	if err != nil {
		if e, ok, rerr := s.replay(ctx, a); ok || rerr != nil {
			return e, ok, rerr
		}
		return Entry{}, false, err
	}
	return s.batch.submit(ctx, &pending{entry: e, actor: a, with: c})
}

// NeedsOpening reports whether an entry refers to an account it must
// open (PostWith refuses it).
func (s *Service) NeedsOpening(in EntryInput) bool { return s.needsOpening(in) }

var errNeedsOpening = errors.New("ledger: PostWith: the entry opens an account; record it with Record")

// companions begins, for one attempt at a batch, the batch of each writer
// whose companions ride in it (begun); steps[i] and index[i] say which
// batch and which of its companions belong to batch[i].
func companions(tx Tx, batch []*pending) (begun, steps []CompanionBatch, index []int, err error) {
	var writers []CompanionWriter
	var groups [][]Companion
	of := map[CompanionWriter]int{}
	which := make([]int, len(batch))
	index = make([]int, len(batch))
	for i, p := range batch {
		which[i] = -1
		if p.with == nil {
			continue
		}
		w := p.with.Writer()
		g, ok := of[w]
		if !ok {
			g = len(writers)
			of[w] = g
			writers = append(writers, w)
			groups = append(groups, nil)
		}
		which[i], index[i] = g, len(groups[g])
		groups[g] = append(groups[g], p.with)
	}
	if len(writers) == 0 {
		return nil, nil, nil, nil
	}
	begun = make([]CompanionBatch, len(writers))
	for g, w := range writers {
		if begun[g], err = w.Begin(tx, groups[g]); err != nil {
			return nil, nil, nil, err
		}
	}
	steps = make([]CompanionBatch, len(batch))
	for i, g := range which {
		if g >= 0 {
			steps[i] = begun[g]
		}
	}
	return begun, steps, index, nil
}
