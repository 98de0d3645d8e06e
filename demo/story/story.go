// Package story loads the demo books: a made-up but whole account of the
// Sóc Trăng relief effort in July–September 2021, recorded through the same
// domain services the API uses (donations, goods, distribution, the ledger),
// so that every register, workbook and report has real content and every
// reconciliation check passes on it.
//
// It is a separate package from demo because it drives the domain services,
// and the distribution package's own tests use demo's registry: demo
// importing distribution would be a cycle.
//
// The story, in the order Load records it (amounts in đồng):
//
//   - the Poor Fund's opening balance on 1 July (1,150,000,000 bank, 60,000,000
//     cash), carried over from before the outbreak;
//   - donations with receipts to both funds: bank transfers (one earmarked
//     for poor households, one for district 951 Trần Đề, one for a purpose),
//     cash (one anonymous; one recorded twice and the duplicate voided two
//     days later), one in USD (5,000 × 22,870), and rice and noodles in kind
//     into the province's warehouse (and rice for district 943 Kế Sách into
//     its warehouse);
//   - cash drawn from the Covid-19 fund's bank account;
//   - rice and noodles moved to the warehouses of Vĩnh Châu (950) and Kế
//     Sách (943), given to a checkpoint, a relief trip to Ho Chi Minh City
//     and a quarantine site;
//   - Trần Đề's request for 100,000,000 approved in part (70,000,000) and
//     delivered to a checkpoint, a quarantine site and ten households;
//   - a budget plan of 1,500,000,000 for the poor and near-poor households of
//     Châu Thành (942) and Kế Sách (943), approved by another user, delivered
//     in five of Kế Sách's communes (the fifth in September, late);
//   - the two appeals as campaigns: COVID-2021 (July–September) and
//     POOR-2021 (July–August), under Decree 64/2008/NĐ-CP.
//
// Everything is marked [demo] where the text allows: users, donors,
// descriptions, the plan's title, the request's reason. The households are
// the synthetic registry (see package demo); Load refuses a registry that
// holds real households, so that it never invents aid to real people.
package story

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/distribution"
	"reliefledger/donations"
	"reliefledger/goods"
	"reliefledger/households"
	"reliefledger/ledger"
	"reliefledger/rules"
)

// Services are the domain services the story is recorded through.
type Services struct {
	Ledger       *ledger.Service
	Users        *access.Users
	Households   *households.Service
	Donations    *donations.Service
	Goods        *goods.Service
	Distribution *distribution.Service
	// Campaigns, when set, records the story's appeals.
	Campaigns *rules.Service
}

// Summary is what Load recorded.
type Summary struct {
	Entries    int64 // journal entries appended
	Donations  int   // receipts issued (a voided one included)
	Deliveries int   // households and organisations that received aid
	PlanID     int64
	RequestID  int64
	Trips      int // relief trips and frontline support
}

// NotSynthetic is the code of Load's Conflict over a registry the story
// cannot use.
const NotSynthetic = "not-synthetic"

// Load records the demo books into a database whose journal is empty, and
// returns what it recorded; a journal that has entries is left alone
// (loaded=false). It needs the synthetic registry: Conflict (code
// NotSynthetic) when the registry holds a household that is not synthetic,
// or holds none in the districts the story needs. A step that fails stops
// the story where it is (the journal keeps what was recorded).
func Load(ctx context.Context, s Services) (sum Summary, loaded bool, err error) {
	if es, err := s.Ledger.Entries(ctx, ledger.EntryFilter{Limit: 1}); err != nil || len(es) > 0 {
		return sum, false, err
	}
	if err := checkRegistry(ctx, s.Households); err != nil {
		return sum, false, err
	}
	l := &loader{ctx: ctx, s: s, donors: map[string]int64{}}
	l.run()
	if l.err != nil {
		return l.sum, false, l.err
	}
	head, err := s.Ledger.Head(ctx)
	l.sum.Entries = head.LastID
	return l.sum, true, err
}

// checkRegistry refuses a registry with real households in it, or with no
// households in the districts the plan and the request reach.
func checkRegistry(ctx context.Context, h *households.Service) error {
	hs, err := h.List(ctx, households.Filter{}, "")
	if err != nil {
		return err
	}
	need := map[string]bool{KeSach: false, ChauThanh: false, TranDe: false}
	for _, x := range hs {
		if !x.Synthetic {
			return rl.CodedErrorf(rl.Conflict, NotSynthetic,
				"the registry holds real households (%s is not synthetic): the demo books deliver aid to households, so they load only over the synthetic demo registry", x.Code)
		}
		if _, ok := need[x.District]; ok {
			need[x.District] = true
		}
	}
	for d, ok := range need {
		if !ok {
			return rl.CodedErrorf(rl.Conflict, NotSynthetic, "the registry has no household in district %s, which the demo books deliver to", d)
		}
	}
	return nil
}

// The districts the story reaches.
const (
	ChauThanh = "942"
	KeSach    = "943"
	VinhChau  = "950"
	TranDe    = "951"
)

// loader records the story step by step. The first error stops it: every
// step does nothing once err is set, so the story reads as a list of steps.
type loader struct {
	ctx context.Context
	s   Services
	err error

	officer, approver, keSach, tranDe ledger.Actor
	donors                            map[string]int64
	sum                               Summary
}

func (l *loader) fail(step string, err error) {
	if err != nil && l.err == nil {
		l.err = fmt.Errorf("demo books: %s: %w", step, err)
	}
}

func day(m, d int) ledger.Date { return ledger.NewDate(2021, time.Month(m), d) }

func vnd(n int64) decimal.NullDecimal {
	return decimal.NullDecimal{Decimal: decimal.NewFromInt(n), Valid: true}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// user creates one of the story's staff and returns them as an actor.
func (l *loader) user(name string, role access.Role, district string) ledger.Actor {
	if l.err != nil {
		return ledger.Actor{}
	}
	u, _, err := l.s.Users.Create(l.ctx, access.UserInput{Name: name, Role: role, District: district}, nil)
	l.fail("user "+name, err)
	return ledger.Actor{UserID: u.ID}
}

// donor registers a donor under a key the gifts refer to.
func (l *loader) donor(key string, in donations.DonorInput) {
	if l.err != nil {
		return
	}
	d, _, err := l.s.Donations.CreateDonor(l.ctx, in, nil)
	l.fail("donor "+in.Name, err)
	l.donors[key] = d.ID
}

// give records a donation by the fund officer; donor, when set, is the key
// of a registered donor.
func (l *loader) give(donor string, in donations.Input) donations.Donation {
	if l.err != nil {
		return donations.Donation{}
	}
	if donor != "" {
		in.DonorID = l.donors[donor]
	}
	d, _, err := l.s.Donations.Record(l.ctx, l.officer, in)
	l.fail(fmt.Sprintf("donation of %s on %s", in.Fund, in.ReceivedDate), err)
	l.sum.Donations++
	return d
}

func (l *loader) void(d donations.Donation, reason string, date ledger.Date) {
	if l.err != nil {
		return
	}
	_, err := l.s.Donations.Void(l.ctx, l.officer, d.ID, reason, date)
	l.fail("void of "+d.ReceiptNo, err)
}

func (l *loader) manual(in ledger.EntryInput) {
	if l.err != nil {
		return
	}
	_, _, err := l.s.Ledger.PostManual(l.ctx, l.officer, in)
	l.fail(in.Description, err)
}

func (l *loader) transfer(in goods.TransferInput) {
	if l.err != nil {
		return
	}
	_, _, err := l.s.Goods.Transfer(l.ctx, l.officer, "", in)
	l.fail(fmt.Sprintf("transfer of %s %s to %s", in.Quantity, in.Item, in.To), err)
}

func (l *loader) issue(in goods.IssueInput) {
	if l.err != nil {
		return
	}
	_, _, err := l.s.Goods.Issue(l.ctx, l.officer, "", in)
	l.fail("issue to "+in.Recipient, err)
}

// deliver records a batch of deliveries by a district officer.
func (l *loader) deliver(a ledger.Actor, scope string, b distribution.DeliveryBatch) {
	if l.err != nil || len(b.Items) == 0 {
		return
	}
	ds, _, err := l.s.Distribution.Deliver(l.ctx, a, scope, b)
	l.fail(fmt.Sprintf("deliveries of plan %d / request %d", b.Plan, b.Request), err)
	l.sum.Deliveries += len(ds)
}
