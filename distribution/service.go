package distribution

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/goods"
	"reliefledger/households"
	"reliefledger/ledger"
)

// Kind says whether a plan, request or delivery is money or goods.
type Kind string

// The kinds.
const (
	Money Kind = "money"
	Goods Kind = "goods"
)

// Plan statuses.
const (
	Draft    = "draft"
	Approved = "approved"
)

// Request statuses.
const (
	Pending  = "pending"
	Rejected = "rejected"
)

// Plan is an allocation plan (phương án phân bổ): its inputs, the method's
// version and the result, and once approved the entry that posted it.
type Plan struct {
	ID            int64
	FundID        int64
	Fund          string
	Title         string
	Kind          Kind
	Item          string // goods plans: the item; amounts are quantities
	Source        string // money: "bank" or "cash"; goods: the warehouse the goods leave
	Designation   string // earmarked money or goods the plan spends
	Params        Params
	MethodVersion string
	Result        Result // Districts only; the households are PlanHouseholds
	Total         decimal.Decimal
	Households    int // households with a package
	Status        string
	CreatedBy     int64
	CreatedAt     time.Time
	ApprovedBy    int64
	ApprovedAt    time.Time
	ApprovedOn    ledger.Date
	EntryID       int64
}

// PlanHousehold is one claimant of a plan with its package (0 when the
// rounding gave it nothing).
type PlanHousehold struct {
	PlanID      int64
	HouseholdID int64
	Code        string
	District    string
	Commune     string
	Category    households.Category
	Members     int
	Amount      decimal.Decimal
}

// Request is a district's allocation request (đề nghị hỗ trợ).
type Request struct {
	ID             int64
	FundID         int64
	Fund           string
	District       string
	Kind           Kind
	Item           string
	Source         string // set at approval: bank or cash, or the warehouse
	Amount         decimal.Decimal
	Households     int
	Reason         string
	Status         string
	ApprovedAmount decimal.NullDecimal
	DecisionReason string
	CreatedBy      int64
	CreatedAt      time.Time
	DecidedBy      int64
	DecidedAt      time.Time
	EntryID        int64
}

// Delivery records that a household or an organisation received aid.
type Delivery struct {
	ID            int64
	FundID        int64
	PlanID        int64
	RequestID     int64
	HouseholdID   int64
	HouseholdCode string
	Organisation  string
	District      string
	Kind          Kind
	Item          string
	Amount        decimal.Decimal // đồng, or the quantity of the item
	Date          ledger.Date
	HandedOverBy  string
	Proof         string
	EntryID       int64
	CreatedBy     int64
	CreatedAt     time.Time
}

// PlanFilter selects plans in ID order.
type PlanFilter struct {
	FundID  int64
	Status  string
	AfterID int64
	Limit   int
}

// RequestFilter selects requests in ID order.
type RequestFilter struct {
	FundID   int64
	District string
	Status   string
	AfterID  int64
	Limit    int
}

// DeliveryFilter selects deliveries in ID order; zero values select all.
type DeliveryFilter struct {
	FundID    int64
	PlanID    int64
	RequestID int64
	EntryID   int64
	// MinEntryID and MaxEntryID, when set, bound the entries (one call's).
	MinEntryID, MaxEntryID int64
	District               string
	Kind                   Kind
	Item                   string
	From, To               ledger.Date
	AfterID                int64
	Limit                  int
}

// Store persists plans, requests and deliveries.
type Store interface {
	// CreatePlan stores a draft plan and its households; idempotent with a key.
	CreatePlan(ctx context.Context, p Plan, hs []PlanHousehold, idem *rl.IdemRecord) (Plan, bool, error)
	// Plan returns NotFound when there is none.
	Plan(ctx context.Context, id int64) (Plan, error)
	Plans(ctx context.Context, f PlanFilter) ([]Plan, error)
	// PlanHouseholds lists a plan's households (of one district, or all for
	// ""): all of them by district, commune and code when limit is 0, else a
	// page of limit after household afterID in household ID order.
	PlanHouseholds(ctx context.Context, planID int64, district string, afterID int64, limit int) ([]PlanHousehold, error)
	// PlanHouseholdsByCode returns the plan's households among codes.
	PlanHouseholdsByCode(ctx context.Context, planID int64, codes []string) (map[string]PlanHousehold, error)

	// CreateRequest stores a pending request; idempotent with a key.
	CreateRequest(ctx context.Context, r Request, idem *rl.IdemRecord) (Request, bool, error)
	// Request returns NotFound when there is none.
	Request(ctx context.Context, id int64) (Request, error)
	Requests(ctx context.Context, f RequestFilter) ([]Request, error)
	// RejectRequest records a rejection with its idempotency key, in a
	// transaction of its own. Conflict (code "already-decided") when the
	// request was decided already.
	RejectRequest(ctx context.Context, r Request, idem *rl.IdemRecord) error
	// InJournal runs fn in one journal transaction (see ledger.Tx), which
	// it commits when fn returns nil; a transaction that lost a race is run
	// again from the start.
	InJournal(ctx context.Context, fn func(Tx) error) error

	// Delivered returns, among householdIDs, those with a delivery of the
	// plan.
	Delivered(ctx context.Context, planID int64, householdIDs []int64) (map[int64]bool, error)
	Deliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, error)

	TripStore
}

// Tx is a journal transaction with the distribution tables: an approval's
// or a delivery's entries and the rows that record them commit together.
type Tx interface {
	ledger.Tx
	// ApprovePlan marks a draft plan approved with its entry and stores its
	// result, total and households count; the households of the districts
	// in p.Result.Excluded leave the plan. Conflict (code
	// "already-approved") when it is not a draft any more.
	ApprovePlan(p Plan) error
	// DecideRequest records an approval of a pending request with its
	// entry; Conflict (code "already-decided") when it was decided already.
	DecideRequest(r Request) error
	// RequestDelivered sums what a request's deliveries gave (racing
	// deliveries see each other: the journal head serialises them).
	RequestDelivered(requestID int64) (decimal.Decimal, error)
	// InsertDeliveries stores deliveries; Conflict (code
	// "already-delivered") when a household got a package of the plan.
	InsertDeliveries(ds []Delivery) error

	TripTx
}

// Service runs plans, requests and deliveries over the ledger.
type Service struct {
	store      Store
	ledger     *ledger.Service
	goods      *goods.Service
	households *households.Service
	now        func() time.Time
}

// NewService returns the distribution service.
func NewService(store Store, l *ledger.Service, g *goods.Service, h *households.Service, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, ledger: l, goods: g, households: h, now: now}
}
