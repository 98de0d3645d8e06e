package reports

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/distribution"
	"reliefledger/donations"
	"reliefledger/households"
	"reliefledger/ledger"
)

// errPastHead stops the journal read at the head.
var errPastHead = errors.New("past the head")

// Summary computes the fund's summary report for a period at one journal
// head (see the package doc). NotFound for an unknown fund (or a district
// that does not exist), Invalid for a period that ends before it starts or
// a negative deadline.
func (s *Service) Summary(ctx context.Context, in Input) (Summary, error) {
	var fe rl.Fields
	if !in.From.IsZero() && !in.To.IsZero() && in.To.Before(in.From) {
		fe.Add("to", "must not be before from")
	}
	if in.DeadlineDays < 0 {
		fe.Add("deadline_days", "must not be negative")
	}
	if err := fe.Err(); err != nil {
		return Summary{}, err
	}
	fund, err := s.Ledger.Fund(ctx, in.Fund)
	if err != nil {
		return Summary{}, err
	}
	if in.District != "" && s.Households != nil && !s.Households.DistrictExists(ctx, in.District) {
		return Summary{}, rl.Errorf(rl.NotFound, "no district %q", in.District)
	}
	if in.To.IsZero() {
		in.To = s.Ledger.Today()
	}
	head := in.Head
	if head.LastID == 0 {
		if head, err = s.Ledger.Head(ctx); err != nil {
			return Summary{}, fmt.Errorf("summary: read the head: %w", err)
		}
	}
	c := &calc{s: s, in: in, fund: fund, head: head, total: newFigures(""), parts: map[string]*Figures{}}
	for _, step := range []func(context.Context) error{c.journal, c.receipts, c.deliveries, c.requests, c.unreached} {
		if err := step(ctx); err != nil {
			return Summary{}, fmt.Errorf("summary of %s: %w", fund.Code, err)
		}
	}
	out := Summary{Fund: fund, From: in.From, To: in.To, District: in.District, DeadlineDays: in.DeadlineDays, RuleSet: in.RuleSet,
		Campaign: in.Campaign, Due: in.Due, Head: head}
	if out.Checkpoint, err = s.checkpointOf(ctx, head); err != nil {
		return Summary{}, err
	}
	closedThrough := s.ClosedThrough
	if closedThrough == nil && s.Ledger != nil {
		closedThrough = s.Ledger.ClosedThrough
	}
	if closedThrough != nil {
		on, ok, err := closedThrough(ctx, fund.Code)
		if err != nil {
			return Summary{}, err
		}
		closed := ok && !in.To.After(on)
		out.PeriodClosed = &closed
		if ok {
			out.ClosedThrough = &on
		}
	}
	if in.District != "" {
		out.Total = *c.part(in.District)
		out.Parts = []Figures{out.Total}
		return out, nil
	}
	out.Total = *c.total
	codes := make([]string, 0, len(c.parts))
	for code := range c.parts {
		if code != "" {
			codes = append(codes, code)
		}
	}
	sort.Strings(codes)
	for _, code := range append(codes, "") {
		out.Parts = append(out.Parts, *c.part(code))
	}
	return out, nil
}

// calc is one report's computation.
type calc struct {
	s     *Service
	in    Input
	fund  ledger.Fund
	head  ledger.Head
	total *Figures
	parts map[string]*Figures

	accounts  map[int64]ledger.Account
	entryDate map[int64]ledger.Date // every entry of the fund read, by ID
	// donationEntries are the period's donation entries and their voids:
	// entry → the donation's entry.
	donationEntries map[int64]int64
	receiptEntries  []ledger.Entry
	delivered       []distribution.Delivery         // up to the end of the period
	reached         map[string]households.Household // households the period's deliveries reached, by code
}

// part returns a district's figures ("" the province's own).
func (c *calc) part(district string) *Figures {
	f := c.parts[district]
	if f == nil {
		f = newFigures(district)
		c.parts[district] = f
	}
	return f
}

// add applies fn to a district's part and to the total.
func (c *calc) add(district string, fn func(f *Figures)) {
	fn(c.part(district))
	fn(c.total)
}

func (c *calc) inPeriod(d ledger.Date) bool { return d.Within(c.in.From, c.in.To) }

// journal reads the fund's entries up to the end of the period and the
// head: the balances at the end (money and goods on hand, outstanding
// allocations) and the aid that left in the period.
func (c *calc) journal(ctx context.Context) error {
	var err error
	if c.accounts, err = c.s.Ledger.AccountsByID(ctx); err != nil {
		return err
	}
	c.entryDate, c.donationEntries = map[int64]ledger.Date{}, map[int64]int64{}
	source := map[int64]ledger.Source{}
	type bal struct {
		value decimal.Decimal
		qty   map[string]decimal.Decimal
	}
	bals := map[int64]*bal{}
	err = c.s.Ledger.EachEntry(ctx, ledger.EntryFilter{FundID: c.fund.ID, To: c.in.To}, func(e ledger.Entry) error {
		if e.ID > c.head.LastID {
			return errPastHead
		}
		c.entryDate[e.ID] = e.Date
		src := e.Source
		if e.ReversesID != 0 {
			if s, ok := source[e.ReversesID]; ok {
				src = s
			}
		}
		source[e.ID] = src
		for _, p := range e.Postings {
			a := c.accounts[p.AccountID]
			if a.FundID != c.fund.ID || a.Type != ledger.Asset {
				continue
			}
			b := bals[a.ID]
			if b == nil {
				b = &bal{qty: map[string]decimal.Decimal{}}
				bals[a.ID] = b
			}
			b.value = b.value.Add(p.Amount)
			if p.Item != "" {
				b.qty[p.Item] = b.qty[p.Item].Add(p.Quantity)
			}
		}
		if !c.inPeriod(e.Date) {
			return nil
		}
		if src.Type == "donation" {
			orig := e.ID
			if e.ReversesID != 0 {
				orig = e.ReversesID
			}
			c.donationEntries[e.ID] = orig
			c.receiptEntries = append(c.receiptEntries, e)
			return nil
		}
		c.aid(e, src)
		return nil
	})
	if err != nil && !errors.Is(err, errPastHead) {
		return err
	}
	for id, b := range bals {
		a := c.accounts[id]
		d := a.Dimensions
		c.add(d.District, func(f *Figures) {
			switch {
			case strings.HasPrefix(a.Code, "1310"):
				if d.Item == "" {
					f.OutstandingMoney = f.OutstandingMoney.Add(b.value)
					return
				}
				f.OutstandingGoods[d.Item] = f.OutstandingGoods[d.Item].add(Goods{Quantity: b.qty[d.Item], Value: b.value})
			case d.Item != "" || d.Warehouse != "":
				for item, q := range b.qty {
					w := f.GoodsOnHand[d.Warehouse]
					if w == nil {
						w = map[string]Goods{}
						f.GoodsOnHand[d.Warehouse] = w
					}
					v := decimal.Zero
					if item == d.Item || len(b.qty) == 1 {
						v = b.value
					}
					w[item] = w[item].add(Goods{Quantity: q, Value: v})
				}
			default:
				f.MoneyOnHand = f.MoneyOnHand.Add(b.value)
				if d.Designation != "" {
					f.MoneyOnHandEarmarked = f.MoneyOnHandEarmarked.Add(b.value)
				}
			}
		})
	}
	return nil
}

// aid adds an entry's postings to aid accounts (expenses): to households
// (5100…), organisations (5200…), relief trips and frontline support (by
// the source of the entry or of the entry it reverses). Each is the part
// of the asset account it left: the posting just before it when that is
// its other half, else the one district every asset the entry takes from
// shares, else the province's own.
func (c *calc) aid(e ledger.Entry, src ledger.Source) {
	sign := 1
	if e.ReversesID != 0 {
		sign = -1
	}
	counted := map[string]bool{}
	for i, p := range e.Postings {
		a := c.accounts[p.AccountID]
		if a.FundID != c.fund.ID || a.Type != ledger.Expense {
			continue
		}
		bucket := bucketOf(src, a)
		district := c.districtOf(e, i)
		first := !counted[bucket+"|"+district]
		counted[bucket+"|"+district] = true
		c.add(district, func(f *Figures) {
			aid := f.aid(bucket)
			aid.Value = aid.Value.Add(p.Amount)
			if p.Item == "" {
				aid.Money = aid.Money.Add(p.Amount)
			} else {
				aid.Goods[p.Item] = aid.Goods[p.Item].add(Goods{Quantity: p.Quantity, Value: p.Amount})
			}
			if first {
				aid.Entries += sign
			}
		})
	}
}

// bucketOf says where an aid posting counts.
func bucketOf(src ledger.Source, a ledger.Account) string {
	switch {
	case src.Type == SourceReliefTrip || src.Type == SourceFrontlineSupport:
		return src.Type
	case strings.HasPrefix(a.Code, "5100"):
		return "households"
	default:
		return "organisations"
	}
}

// aid is the figure of a bucket (see bucketOf).
func (f *Figures) aid(bucket string) *Aid {
	switch bucket {
	case SourceReliefTrip:
		return &f.ReliefTrips
	case SourceFrontlineSupport:
		return &f.FrontlineSupport
	case "households":
		return &f.ToHouseholds
	}
	return &f.ToOrganisations
}

// districtOf is the district of the asset an expense posting (index i) of
// e was taken from.
func (c *calc) districtOf(e ledger.Entry, i int) string {
	p := e.Postings[i]
	if i > 0 {
		q := e.Postings[i-1]
		if a := c.accounts[q.AccountID]; a.Type == ledger.Asset && q.Item == p.Item && q.Amount.Equal(p.Amount.Neg()) {
			return a.Dimensions.District
		}
	}
	districts := map[string]bool{}
	for _, q := range e.Postings {
		if a := c.accounts[q.AccountID]; a.Type == ledger.Asset && (q.Amount.IsNegative() || q.Quantity.IsNegative()) {
			districts[a.Dimensions.District] = true
		}
	}
	if len(districts) == 1 {
		for d := range districts {
			return d
		}
	}
	return ""
}

// receipts adds the period's donations and voids: each asset posting of
// their entries, classed by the donation's channel, its donor's kind and
// province, and the account's designation.
func (c *calc) receipts(ctx context.Context) error {
	if len(c.receiptEntries) == 0 {
		return nil
	}
	byEntry := map[int64]donations.Donation{}
	for after := int64(0); ; {
		ds, err := c.s.Donations.List(ctx, donations.Filter{FundID: c.fund.ID, To: c.in.To, AfterID: after, Limit: 1000})
		if err != nil {
			return err
		}
		for _, d := range ds {
			byEntry[d.EntryID] = d
		}
		if len(ds) < 1000 {
			break
		}
		after = ds[len(ds)-1].ID
	}
	donors := map[int64]donations.Donor{}
	for _, e := range c.receiptEntries {
		d, ok := byEntry[c.donationEntries[e.ID]]
		channel, kind, province := Unknown, Unknown, Unknown
		if ok {
			channel = string(d.Channel)
			if d.DonorID != 0 {
				dn, seen := donors[d.DonorID]
				if !seen {
					var err error
					if dn, err = c.s.Donations.Donor(ctx, d.DonorID); err != nil {
						return err
					}
					donors[d.DonorID] = dn
				}
				kind, province = string(dn.Kind), "outside"
				if dn.InsideProvince {
					province = "inside"
				}
			}
		}
		counted := false
		for _, p := range e.Postings {
			a := c.accounts[p.AccountID]
			if a.FundID != c.fund.ID || a.Type != ledger.Asset {
				continue
			}
			first := !counted && e.ReversesID == 0
			counted = true
			c.add(a.Dimensions.District, func(f *Figures) {
				f.Received = f.Received.Add(p.Amount)
				f.ByChannel[channel] = f.ByChannel[channel].Add(p.Amount)
				f.ByDonorKind[kind] = f.ByDonorKind[kind].Add(p.Amount)
				f.ByProvince[province] = f.ByProvince[province].Add(p.Amount)
				if a.Dimensions.Designation != "" {
					f.Earmarked = f.Earmarked.Add(p.Amount)
				} else {
					f.Unrestricted = f.Unrestricted.Add(p.Amount)
				}
				if p.Item != "" {
					f.GoodsReceived[p.Item] = f.GoodsReceived[p.Item].add(Goods{Quantity: p.Quantity, Value: p.Amount})
				}
				if first {
					f.Donations++
				}
			})
		}
	}
	return nil
}

// deliveries adds the period's deliveries (recorded at or before the
// head): how many, how many late, and what households of each category
// received.
func (c *calc) deliveries(ctx context.Context) error {
	if c.head.LastID == 0 {
		return nil
	}
	ds, err := c.s.Distribution.Deliveries(ctx, distribution.DeliveryFilter{FundID: c.fund.ID, To: c.in.To, MaxEntryID: c.head.LastID}, "")
	if err != nil {
		return err
	}
	c.delivered = ds
	approvedOn, err := c.approvals(ctx)
	if err != nil {
		return err
	}
	var codes []string
	for _, d := range ds {
		if d.HouseholdCode != "" && c.inPeriod(d.Date) {
			codes = append(codes, d.HouseholdCode)
		}
	}
	hs, err := c.s.Households.ByCodes(ctx, codes)
	if err != nil {
		return err
	}
	c.reached = hs
	reached := map[*Figures]map[int64]bool{}
	for _, d := range ds {
		if !c.inPeriod(d.Date) {
			continue
		}
		late := false
		if c.in.Due.Set() {
			late = c.in.Due.Late(d.Date)
		} else if on, ok := approvedOn[approvalKey{d.PlanID, d.RequestID}]; ok && c.in.DeadlineDays > 0 {
			late = on.DaysUntil(d.Date) > c.in.DeadlineDays
		}
		h, isHousehold := hs[d.HouseholdCode]
		c.add(d.District, func(f *Figures) {
			f.Deliveries++
			if late {
				f.Late++
			}
			if !isHousehold || d.HouseholdID == 0 {
				return
			}
			ca := f.ByCategory[h.Category]
			if ca.Goods == nil {
				ca.Goods = map[string]decimal.Decimal{}
			}
			if reached[f] == nil {
				reached[f] = map[int64]bool{}
			}
			if !reached[f][d.HouseholdID] {
				reached[f][d.HouseholdID] = true
				ca.Households++
			}
			if d.Kind == distribution.Goods {
				ca.Goods[d.Item] = ca.Goods[d.Item].Add(d.Amount)
			} else {
				ca.Money = ca.Money.Add(d.Amount)
			}
			f.ByCategory[h.Category] = ca
		})
	}
	return nil
}

// approvalKey names a plan (request 0) or a request (plan 0).
type approvalKey struct{ plan, request int64 }

// approvals dates every approval of the fund at or before the head by its
// entry.
func (c *calc) approvals(ctx context.Context) (map[approvalKey]ledger.Date, error) {
	out := map[approvalKey]ledger.Date{}
	plans, err := c.s.Distribution.Plans(ctx, distribution.PlanFilter{FundID: c.fund.ID, Status: distribution.Approved})
	if err != nil {
		return nil, err
	}
	for _, p := range plans {
		if on, ok := c.entryDate[p.EntryID]; ok {
			out[approvalKey{plan: p.ID}] = on
		}
	}
	rs, err := c.s.Distribution.Requests(ctx, distribution.RequestFilter{FundID: c.fund.ID, Status: distribution.Approved}, "")
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		if on, ok := c.entryDate[r.EntryID]; ok {
			out[approvalKey{request: r.ID}] = on
		}
	}
	return out, nil
}

// requests counts, at the head, the requests waiting for a decision (a
// request approved after the head still waits) and the approved ones not
// yet delivered in full by the end of the period.
func (c *calc) requests(ctx context.Context) error {
	rs, err := c.s.Distribution.Requests(ctx, distribution.RequestFilter{FundID: c.fund.ID}, "")
	if err != nil {
		return err
	}
	delivered := map[int64]decimal.Decimal{}
	for _, d := range c.delivered {
		if d.RequestID != 0 {
			delivered[d.RequestID] = delivered[d.RequestID].Add(d.Amount)
		}
	}
	for _, r := range rs {
		approved := r.Status == distribution.Approved && r.EntryID != 0 && r.EntryID <= c.head.LastID
		switch {
		case r.Status == distribution.Pending || (r.Status == distribution.Approved && !approved):
			c.add(r.District, func(f *Figures) {
				f.RequestsWaiting++
				if r.Kind == distribution.Goods {
					f.RequestsWaitingGoods[r.Item] = f.RequestsWaitingGoods[r.Item].Add(r.Amount)
				} else {
					f.RequestsWaitingMoney = f.RequestsWaitingMoney.Add(r.Amount)
				}
			})
		case approved && r.ApprovedAmount.Valid && !c.entryDate[r.EntryID].IsZero() &&
			delivered[r.ID].LessThan(r.ApprovedAmount.Decimal):
			c.add(r.District, func(f *Figures) { f.RequestsOpen++ })
		}
	}
	return nil
}

// unreached counts, per district and category, the active households of
// the registry that no delivery of the fund reached in the period.
func (c *calc) unreached(ctx context.Context) error {
	counts, _, err := c.s.Households.Summary(ctx, "")
	if err != nil {
		return err
	}
	for _, dc := range counts {
		c.add(dc.District, func(f *Figures) {
			f.Unreached[households.Poor] += int(dc.Poor)
			f.Unreached[households.NearPoor] += int(dc.NearPoor)
		})
	}
	for _, h := range c.reached {
		if h.Status == households.Active {
			c.add(h.District, func(f *Figures) { f.Unreached[h.Category]-- })
		}
	}
	return nil
}

// checkpointOf finds the first checkpoint at or after the head (it covers
// every entry read), or else the newest before it.
func (s *Service) checkpointOf(ctx context.Context, head ledger.Head) (*Checkpoint, error) {
	if s.Checkpoints == nil || head.LastID == 0 {
		return nil, nil
	}
	var best *Checkpoint
	for after := int64(0); ; {
		cs, err := s.Checkpoints.List(ctx, after, 500)
		if err != nil {
			return nil, fmt.Errorf("summary: checkpoints: %w", err)
		}
		for _, cp := range cs {
			switch {
			case cp.EntryID >= head.LastID:
				if best == nil || !best.Covers || cp.EntryID < best.EntryID {
					best = &Checkpoint{Checkpoint: cp, Covers: true}
				}
			case best == nil || (!best.Covers && cp.EntryID >= best.EntryID):
				best = &Checkpoint{Checkpoint: cp}
			}
		}
		if len(cs) < 500 {
			return best, nil
		}
		after = cs[len(cs)-1].ID
	}
}
