package households

import (
	"context"
	"time"

	rl "reliefledger"
)

// Filter selects households; zero values select all. District limits to
// one district (a district officer's scope is applied on top).
type Filter struct {
	Codes    []string // only these codes
	District string
	Commune  string
	Category Category
	Status   Status
	Flags    []string // all of them
	Query    string   // folded head name or code contains
	AfterID  int64
	Limit    int
}

// Store persists the registry.
type Store interface {
	// SaveRegions stores reference units and mappings, replacing units
	// with the same code.
	SaveRegions(ctx context.Context, units []Region, mappings []Mapping) error
	Regions(ctx context.Context) ([]Region, []Mapping, error)
	// CreateHousehold stores h; Conflict when its code or national ID is
	// taken. Idempotent like every creating call.
	CreateHousehold(ctx context.Context, h Household, idem *rl.IdemRecord) (Household, bool, error)
	// Household returns NotFound when there is none.
	Household(ctx context.Context, id int64) (Household, error)
	// UpdateHousehold writes h and its change if the stored version is
	// still h.Version-1; Conflict otherwise.
	UpdateHousehold(ctx context.Context, h Household, c Change) (Household, error)
	History(ctx context.Context, id int64) ([]Change, error)
	// ChangesSince returns the changes of every household made at or after
	// since, by household then version.
	ChangesSince(ctx context.Context, since time.Time) ([]Change, error)
	List(ctx context.Context, f Filter) ([]Household, error)
	Summary(ctx context.Context, district string) ([]SummaryRow, error)
	// Taken returns, among codes and national IDs, those already used, with
	// the code of the household that uses them.
	Taken(ctx context.Context, codes, nationalIDs []string) (codeTaken map[string]bool, idTaken map[string]string, err error)
	// InsertMany stores all households in one transaction, or none.
	InsertMany(ctx context.Context, hs []Household, progress func(done int)) error
	Count(ctx context.Context) (int64, error)
}
