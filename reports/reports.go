// Package reports computes the summary report (Báo cáo tổng hợp) the
// provincial front sends to the Party committee, the People's Committee
// and the central committee: per fund and period, what was received (by
// channel, donor kind, inside or outside the province, earmarked or not),
// the goods received, what was distributed (by district and category, to
// organisations, relief trips and frontline support), what is on hand,
// requests waiting and allocations not yet delivered, late deliveries,
// households not yet reached, and the journal head it was computed at.
//
// Every figure is read at one journal head: Summary reads the head first
// (or takes the one it is given) and ignores every entry after it, every
// donation, delivery and request decision whose entry is after it. Records
// that are not journal entries (pending requests, the household registry)
// are read as they are when the report runs.
//
// Every figure belongs to one part: a district, or the province's own
// (District ""): money and goods are the district's when the asset account
// they entered or left carries the district (a district's warehouse, its
// outstanding allocation 1310.D…), the province's own otherwise (the
// province's bank and cash accounts and warehouse). So a province report's
// figures are the sum of its districts' parts and its own, exactly, and a
// district's report is its part.
package reports

import (
	"context"

	"github.com/shopspring/decimal"

	"reliefledger/checkpoint"
	"reliefledger/distribution"
	"reliefledger/donations"
	"reliefledger/goods"
	"reliefledger/households"
	"reliefledger/ledger"
)

// Source types of the entries the report counts apart from aid to
// organisations: relief trips (chuyến xe nghĩa tình) and frontline support
// (checkpoints, quarantine sites, medical staff).
const (
	SourceReliefTrip       = "relief-trip"
	SourceFrontlineSupport = "frontline-support"
)

// Unknown is the key of figures whose class is not recorded: a donation
// known by the donor's name only has no kind and no province.
const Unknown = "unknown"

// Checkpoints lists signed checkpoints (a *checkpoint.Service).
type Checkpoints interface {
	List(ctx context.Context, afterID int64, limit int) ([]checkpoint.Checkpoint, error)
}

var _ Checkpoints = (*checkpoint.Service)(nil)

// Service computes summary reports from the domain services' reads.
type Service struct {
	Ledger       *ledger.Service
	Donations    *donations.Service
	Goods        *goods.Service
	Distribution *distribution.Service
	Households   *households.Service
	// Checkpoints, when set, names the signed checkpoint of the head.
	Checkpoints Checkpoints
	// ClosedThrough tells through which date a fund's books are closed
	// (ok=false: none closed); the report says whether its period is
	// closed. Nil asks the ledger (Ledger.ClosedThrough).
	ClosedThrough func(ctx context.Context, fund string) (ledger.Date, bool, error)
}

// Input asks for a summary.
type Input struct {
	Fund     string
	From, To ledger.Date // From zero: from the beginning; To zero: today
	// District, when set, limits the report to that district's part.
	District string
	// DeadlineDays counts a delivery as late when it came more than that
	// many days after the approval it was made from; 0 means the deadline
	// is unknown: nothing is counted late and the report says so.
	DeadlineDays int
	// RuleSet names the rules the deadline comes from; echoed.
	RuleSet string
	// Campaign and Due, for a campaign's report, replace DeadlineDays: a
	// delivery dated after Due.Date is late, and with Due.Unknown (the
	// campaign's rule set states no deadline that could be traced) none is
	// counted.
	Campaign string
	Due      distribution.DueDate
	// Head, when set, is the journal head to compute at (an export prints
	// the head it read); else Summary reads the head first.
	Head ledger.Head
}

// Summary is the report.
type Summary struct {
	Fund         ledger.Fund
	From, To     ledger.Date
	District     string
	DeadlineDays int
	RuleSet      string
	Campaign     string
	Due          distribution.DueDate
	Head         ledger.Head
	// Checkpoint is the signed checkpoint nearest the head: the first that
	// covers it (Covers), or else the newest before it; nil when none.
	Checkpoint *Checkpoint
	// ClosedThrough is the fund's closing date (nil when none is closed);
	// PeriodClosed says whether To is on or before it.
	ClosedThrough *ledger.Date
	PeriodClosed  *bool
	// Total is the report's figures: the province's (or the district's).
	Total Figures
	// Parts split Total: each district's part, in code order, then the
	// province's own (District ""). A district's report has its part only.
	Parts []Figures
}

// LateCounted reports whether late deliveries were counted: by the
// campaign's due date when it is known, else by DeadlineDays when given.
func (s Summary) LateCounted() bool {
	if s.Due.Set() {
		return !s.Due.Unknown
	}
	return s.DeadlineDays > 0
}

// Checkpoint is a signed checkpoint as the report names it.
type Checkpoint struct {
	checkpoint.Checkpoint
	// Covers: the checkpoint's entry is the head or after it, so the
	// signature covers every entry the report read.
	Covers bool
}

// Figures are the figures of a report or of one of its parts.
type Figures struct {
	District string // "" the province's own (in Parts), or the whole (Total)

	// Received: money and goods value in đồng, net of voids in the period.
	Received         decimal.Decimal
	ByChannel        map[string]decimal.Decimal // cash, bank, in_kind
	ByDonorKind      map[string]decimal.Decimal // donations.DonorKind or Unknown
	ByProvince       map[string]decimal.Decimal // inside, outside or Unknown
	Earmarked        decimal.Decimal
	Unrestricted     decimal.Decimal
	Donations        int // receipts received in the period (voids not subtracted)
	GoodsReceived    map[string]Goods
	ToHouseholds     Aid
	ToOrganisations  Aid
	ReliefTrips      Aid
	FrontlineSupport Aid
	// ByCategory splits what deliveries gave households (from the
	// delivery records): households reached, đồng of money, quantities.
	ByCategory map[households.Category]CategoryAid
	// MoneyOnHand is the đồng in the fund's money accounts (cash, bank and
	// their earmarked twins) at the end of the period; of it Earmarked.
	MoneyOnHand          decimal.Decimal
	MoneyOnHandEarmarked decimal.Decimal
	// GoodsOnHand by warehouse and item.
	GoodsOnHand map[string]map[string]Goods
	// Outstanding is what was approved for the district and not delivered
	// (1310 accounts): đồng of money, goods by item.
	OutstandingMoney decimal.Decimal
	OutstandingGoods map[string]Goods
	// Requests waiting for a decision at the head.
	RequestsWaiting      int
	RequestsWaitingMoney decimal.Decimal
	RequestsWaitingGoods map[string]decimal.Decimal // quantity by item
	// Approved requests with something not yet delivered.
	RequestsOpen int
	// Deliveries in the period, and of them those made more than
	// DeadlineDays after their approval (0 when the deadline is unknown).
	Deliveries int
	Late       int
	// Unreached are active households that received nothing from the
	// fund in the period, by category.
	Unreached map[households.Category]int
}

// Goods is a quantity of an item and its value in đồng.
type Goods struct {
	Quantity, Value decimal.Decimal
}

func (g Goods) add(o Goods) Goods {
	return Goods{Quantity: g.Quantity.Add(o.Quantity), Value: g.Value.Add(o.Value)}
}

// Aid is what went out through aid accounts: đồng value (money and goods),
// of it money, goods by item, and how many entries carried it (net of
// reversals).
type Aid struct {
	Value   decimal.Decimal
	Money   decimal.Decimal
	Goods   map[string]Goods
	Entries int
}

// CategoryAid is what deliveries gave the households of one category.
type CategoryAid struct {
	Households int
	Money      decimal.Decimal
	Goods      map[string]decimal.Decimal // quantity by item
}

func newFigures(district string) *Figures {
	return &Figures{District: district, ByChannel: map[string]decimal.Decimal{}, ByDonorKind: map[string]decimal.Decimal{},
		ByProvince: map[string]decimal.Decimal{}, GoodsReceived: map[string]Goods{},
		ToHouseholds: newAid(), ToOrganisations: newAid(), ReliefTrips: newAid(), FrontlineSupport: newAid(),
		ByCategory: map[households.Category]CategoryAid{}, GoodsOnHand: map[string]map[string]Goods{},
		OutstandingGoods: map[string]Goods{}, RequestsWaitingGoods: map[string]decimal.Decimal{}, Unreached: map[households.Category]int{}}
}

func newAid() Aid { return Aid{Goods: map[string]Goods{}} }
