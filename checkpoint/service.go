package checkpoint

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"time"

	rl "reliefledger"
	"reliefledger/ledger"
)

// Store keeps checkpoints. They are never changed or removed.
type Store interface {
	// Create stores c, which gets its ID, with the idempotency record idem
	// (if any) in the same transaction. A replay of idem returns the
	// stored checkpoint and replayed=true; idem's key used for another
	// request returns Conflict.
	Create(ctx context.Context, c Checkpoint, idem *rl.IdemRecord) (_ Checkpoint, replayed bool, _ error)
	// List returns up to limit checkpoints with IDs above afterID, oldest
	// first.
	List(ctx context.Context, afterID int64, limit int) ([]Checkpoint, error)
	// Latest returns the newest checkpoint; ok is false when there is none.
	Latest(ctx context.Context) (_ Checkpoint, ok bool, _ error)
}

// Journal is what checkpoints read of the ledger (a *ledger.Service).
type Journal interface {
	// Head returns the end of the hash chain.
	Head(ctx context.Context) (ledger.Head, error)
	// Entry returns an entry; NotFound when there is none.
	Entry(ctx context.Context, id int64) (ledger.Entry, error)
}

var _ Journal = (*ledger.Service)(nil)

// Service makes, lists and checks checkpoints with one key.
type Service struct {
	store   Store
	journal Journal
	key     Key
	now     func() time.Time
}

// NewService returns the checkpoints of journal signed with key; now is
// the clock (time.Now when nil).
func NewService(store Store, journal Journal, key Key, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, journal: journal, key: key, now: now}
}

// PublicKey returns the key that verifies this installation's checkpoints.
func (s *Service) PublicKey() ed25519.PublicKey { return s.key.Public() }

// KeyID returns the ID of that key.
func (s *Service) KeyID() string { return s.key.ID() }

// Make signs and stores the journal's head now. Conflict, code
// "empty-journal", when the journal has no entry yet; the idempotency
// errors of Store.Create.
func (s *Service) Make(ctx context.Context, idem *rl.IdemRecord) (Checkpoint, bool, error) {
	head, err := s.journal.Head(ctx)
	if err != nil {
		return Checkpoint{}, false, fmt.Errorf("checkpoint: read the journal head: %w", err)
	}
	if head.LastID == 0 {
		return Checkpoint{}, false, rl.CodedErrorf(rl.Conflict, "empty-journal", "the journal has no entries yet: there is no head to sign")
	}
	c, replayed, err := s.store.Create(ctx, s.key.Sign(head.LastID, head.LastHash, s.now()), idem)
	if err != nil {
		return Checkpoint{}, false, fmt.Errorf("checkpoint of entry %d: %w", head.LastID, err)
	}
	return c, replayed, nil
}

// MakeIfDue makes a checkpoint when the newest one is older than every,
// or when there is none and the journal has entries. It returns the
// newest checkpoint after it ran (zero when there is none) and whether it
// made it.
func (s *Service) MakeIfDue(ctx context.Context, every time.Duration) (Checkpoint, bool, error) {
	last, ok, err := s.store.Latest(ctx)
	if err != nil {
		return Checkpoint{}, false, fmt.Errorf("checkpoint: read the latest: %w", err)
	}
	if ok && s.now().Sub(last.MadeAt) < every {
		return last, false, nil
	}
	c, _, err := s.Make(ctx, nil)
	if e, isRL := rl.AsError(err); isRL && e.Code == "empty-journal" {
		return last, false, nil // nothing to sign yet
	}
	if err != nil {
		return last, false, err
	}
	return c, true, nil
}

// List returns up to limit checkpoints after afterID, oldest first.
func (s *Service) List(ctx context.Context, afterID int64, limit int) ([]Checkpoint, error) {
	return s.store.List(ctx, afterID, limit)
}

// Check holds a checkpoint kept elsewhere against this installation: its
// signature must be valid for the installation's key (Verify's error),
// and the entry it names must still be in the journal with the hash it
// names. When the entry is gone the error has kind Conflict and code
// Truncated; when its hash differs, code Rewritten. Check does not verify the rest of the chain:
// ledger.Service.Verify does.
func (s *Service) Check(ctx context.Context, c Checkpoint) error {
	if err := Verify(s.key.Public(), c); err != nil {
		return err
	}
	e, err := s.journal.Entry(ctx, c.EntryID)
	if rl.ErrorKind(err) == rl.NotFound {
		head, herr := s.journal.Head(ctx)
		if herr != nil {
			return fmt.Errorf("checkpoint: read the journal head: %w", herr)
		}
		return rl.CodedErrorf(rl.Conflict, Truncated,
			"entry %d, the last entry at the checkpoint of %s, is missing from the journal, which now ends at entry %d: entries were removed (truncation)",
			c.EntryID, c.MadeAt.UTC().Format(time.RFC3339), head.LastID)
	}
	if err != nil {
		return fmt.Errorf("checkpoint: read entry %d: %w", c.EntryID, err)
	}
	if e.Hash != c.Hash {
		return rl.CodedErrorf(rl.Conflict, Rewritten,
			"entry %d's hash is %s, but the checkpoint of %s signed %s: the journal was rewritten",
			c.EntryID, e.Hash, c.MadeAt.UTC().Format(time.RFC3339), c.Hash)
	}
	return nil
}
