package households

import (
	"context"
	"sync"
	"time"

	rl "reliefledger"
	"reliefledger/internal/fold"
)

// Service is the registry.
type Service struct {
	store Store
	now   func() time.Time

	mu   sync.RWMutex
	tree *Tree
}

// NewService returns the registry; call LoadRegions before use.
func NewService(store Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now, tree: NewTree(nil, nil)}
}

// Create registers one household. Invalid for bad fields, Conflict when its
// code or national ID is taken. scope is the caller's district, if any.
func (s *Service) Create(ctx context.Context, in Input, scope string, idem *rl.IdemRecord) (Household, bool, error) {
	h, ps := s.validate(in, scope)
	if len(ps) > 0 {
		var fe rl.Fields
		for _, p := range ps {
			fe.Add(fieldOfColumn[p.Column], "%s", p.Message)
		}
		return Household{}, false, fe.Err()
	}
	now := rl.Stamp(s.now())
	h.CreatedAt, h.UpdatedAt = now, now
	return s.store.CreateHousehold(ctx, h, idem)
}

// Get returns a household; NotFound when there is none or it lies outside
// scope.
func (s *Service) Get(ctx context.Context, id int64, scope string) (Household, error) {
	h, err := s.store.Household(ctx, id)
	if err != nil {
		return Household{}, err
	}
	if scope != "" && h.District != scope {
		return Household{}, rl.Errorf(rl.NotFound, "no household %d", id)
	}
	return h, nil
}

// List returns households matching f within scope, by ID.
func (s *Service) List(ctx context.Context, f Filter, scope string) ([]Household, error) {
	if scope != "" {
		if f.District != "" && f.District != scope {
			return nil, nil
		}
		f.District = scope
	}
	f.Query = fold.String(f.Query)
	return s.store.List(ctx, f)
}

// ByCodes returns the registered households among codes, by code (one
// query per 500 codes).
func (s *Service) ByCodes(ctx context.Context, codes []string) (map[string]Household, error) {
	out := make(map[string]Household, len(codes))
	for start := 0; start < len(codes); start += 500 {
		hs, err := s.store.List(ctx, Filter{Codes: codes[start:min(start+500, len(codes))]})
		if err != nil {
			return nil, err
		}
		for _, h := range hs {
			out[h.Code] = h
		}
	}
	return out, nil
}

// Count returns how many households are registered.
func (s *Service) Count(ctx context.Context) (int64, error) { return s.store.Count(ctx) }

// InsertMany registers households as given, in one transaction or not at
// all, stamping them with the current time. It checks nothing: it is for
// trusted, generated rosters (the demo registry), not for callers' input,
// which goes through Create or Import.
func (s *Service) InsertMany(ctx context.Context, hs []Household, progress func(done int)) error {
	now := rl.Stamp(s.now())
	for i := range hs {
		hs[i].CreatedAt, hs[i].UpdatedAt = now, now
	}
	return s.store.InsertMany(ctx, hs, progress)
}
