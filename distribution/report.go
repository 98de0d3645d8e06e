package distribution

import (
	"context"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/households"
	"reliefledger/ledger"
)

// Scope is what a fairness report or an unreached list looks at: one plan
// (its households with a package are the eligible list), or a fund over a
// period (the active registry is the eligible list, and money deliveries,
// or goods deliveries of Item, count).
type Scope struct {
	PlanID       int64
	FundID       int64
	Item         string
	From, To     ledger.Date
	District     string          // only this district (unreached lists)
	Tolerance    decimal.Decimal // see FairnessInput
	DeadlineDays int
	Due          DueDate // see FairnessInput
}

// Member is a household as a scope sees it.
type Member struct {
	ID                      int64
	Code, District, Commune string
	Category                households.Category
	Members                 int
}

func memberOf(h households.Household) Member {
	return Member{ID: h.ID, Code: h.Code, District: h.District, Commune: h.Commune, Category: h.Category, Members: h.Members}
}

// scopeData is what a scope covers: the households that count, which of
// them are eligible, what the plans and requests in scope still owed, the
// deliveries in the period and the approvals they were made from.
type scopeData struct {
	members  map[int64]Member // households as of the date their eligibility is judged
	eligible map[int64]bool
	entitled map[int64]decimal.Decimal // per household: packages of plans in scope not delivered before the period
	// planOwes tells, per plan in scope, the households it still owed.
	planOwes   map[int64]map[int64]bool
	deliveries []Delivery // in the period
	approvedOn map[approval]ledger.Date
	// Per district: what approved plans and requests in scope approved,
	// what requests still owed and what was delivered against them.
	approved, requestOwed, requestDelivered map[string]decimal.Decimal
}

// approval names a plan (request 0) or a request (plan 0).
type approval struct{ plan, request int64 }

func (d scopeData) approvalOf(del Delivery) (ledger.Date, bool) {
	on, ok := d.approvedOn[approval{del.PlanID, del.RequestID}]
	return on, ok
}

// scopeData reads a scope. Plans and requests count when approved by the
// end of the period and either approved within it or still owing something
// at its start: a delivery in the period is always counted against its own
// approval, however long before the period that was.
func (s *Service) scopeData(ctx context.Context, sc Scope) (scopeData, error) {
	d := scopeData{members: map[int64]Member{}, eligible: map[int64]bool{}, entitled: map[int64]decimal.Decimal{},
		planOwes: map[int64]map[int64]bool{}, approvedOn: map[approval]ledger.Date{},
		approved: map[string]decimal.Decimal{}, requestOwed: map[string]decimal.Decimal{}, requestDelivered: map[string]decimal.Decimal{}}
	f := DeliveryFilter{From: sc.From, To: sc.To}
	var plans []Plan
	var requests []Request
	switch {
	case sc.PlanID != 0:
		p, err := s.store.Plan(ctx, sc.PlanID)
		if err != nil {
			return d, err
		}
		plans, f.PlanID = []Plan{p}, p.ID
	case sc.FundID != 0:
		f.FundID, f.Kind, f.Item = sc.FundID, Money, sc.Item
		if sc.Item != "" {
			f.Kind = Goods
		}
		ps, err := s.store.Plans(ctx, PlanFilter{FundID: sc.FundID, Status: Approved})
		if err != nil {
			return d, err
		}
		for _, p := range ps {
			if p.Kind == f.Kind && p.Item == sc.Item {
				plans = append(plans, p)
			}
		}
		rs, err := s.store.Requests(ctx, RequestFilter{FundID: sc.FundID, Status: Approved})
		if err != nil {
			return d, err
		}
		for _, r := range rs {
			if r.Kind == f.Kind && r.Item == sc.Item && r.ApprovedAmount.Valid {
				requests = append(requests, r)
			}
		}
	default:
		return d, rl.InvalidFields(rl.FieldError{Field: "fund", Message: "give a fund or a plan"})
	}
	var err error
	if d.deliveries, err = s.store.Deliveries(ctx, f); err != nil {
		return d, err
	}
	// What was delivered before the period is no longer owed in it.
	var before []Delivery
	if !sc.From.IsZero() {
		bf := f
		bf.From, bf.To = ledger.Date{}, sc.From.AddDays(-1)
		if before, err = s.store.Deliveries(ctx, bf); err != nil {
			return d, err
		}
	}
	if err := s.planScope(ctx, sc, plans, before, &d); err != nil {
		return d, err
	}
	if err := s.requestScope(ctx, sc, requests, before, &d); err != nil {
		return d, err
	}
	if sc.PlanID == 0 {
		return d, s.registryAsOf(ctx, sc, &d)
	}
	return d, nil
}

// planScope adds the plans in scope: their packages still owed, their
// approval dates and their approved amounts by district. A plan's own
// scope has its households with a package as the eligible list, approved
// or not (a draft owes nothing and has nothing approved).
func (s *Service) planScope(ctx context.Context, sc Scope, plans []Plan, before []Delivery, d *scopeData) error {
	deliveredBefore := map[approval]bool{}
	for _, del := range before {
		deliveredBefore[approval{del.PlanID, del.HouseholdID}] = true
	}
	for _, p := range plans {
		approved := p.Status == Approved && (sc.To.IsZero() || !p.ApprovedOn.After(sc.To))
		if !approved && sc.PlanID == 0 {
			continue
		}
		hs, err := s.store.PlanHouseholds(ctx, p.ID, "", 0, 0)
		if err != nil {
			return err
		}
		owes := map[int64]bool{}
		for _, h := range hs {
			if sc.PlanID != 0 {
				m := Member{ID: h.HouseholdID, Code: h.Code, District: h.District, Commune: h.Commune, Category: h.Category, Members: h.Members}
				d.members[m.ID] = m
				d.eligible[m.ID] = h.Amount.IsPositive()
			}
			if approved && h.Amount.IsPositive() && !deliveredBefore[approval{p.ID, h.HouseholdID}] {
				owes[h.HouseholdID] = true
				d.entitled[h.HouseholdID] = d.entitled[h.HouseholdID].Add(h.Amount)
			}
		}
		if !approved || (len(owes) == 0 && !p.ApprovedOn.Within(sc.From, sc.To)) {
			continue
		}
		d.planOwes[p.ID] = owes
		d.approvedOn[approval{plan: p.ID}] = p.ApprovedOn
		for _, share := range p.Result.Districts {
			d.approved[share.District] = d.approved[share.District].Add(share.Amount)
		}
	}
	return nil
}

// requestScope adds the approved requests in scope: what each still owed
// at the start of the period, what was delivered against it in the period,
// and its approval date (its entry's).
func (s *Service) requestScope(ctx context.Context, sc Scope, requests []Request, before []Delivery, d *scopeData) error {
	given, givenBefore := map[int64]decimal.Decimal{}, map[int64]decimal.Decimal{}
	for _, del := range d.deliveries {
		given[del.RequestID] = given[del.RequestID].Add(del.Amount)
	}
	for _, del := range before {
		givenBefore[del.RequestID] = givenBefore[del.RequestID].Add(del.Amount)
	}
	for _, r := range requests {
		e, err := s.ledger.Entry(ctx, r.EntryID)
		if err != nil {
			return err
		}
		if !sc.To.IsZero() && e.Date.After(sc.To) {
			continue
		}
		owed := r.ApprovedAmount.Decimal.Sub(givenBefore[r.ID])
		if owed.Sign() <= 0 && !e.Date.Within(sc.From, sc.To) {
			continue
		}
		d.approvedOn[approval{request: r.ID}] = e.Date
		d.approved[r.District] = d.approved[r.District].Add(r.ApprovedAmount.Decimal)
		d.requestOwed[r.District] = d.requestOwed[r.District].Add(decimal.Max(owed, decimal.Zero))
		d.requestDelivered[r.District] = d.requestDelivered[r.District].Add(given[r.ID])
	}
	return nil
}

// registryAsOf makes the registry the eligible list of a fund's scope, as
// it stood at the end of the day each household's eligibility is judged: a
// household reached in the period on the day of its first delivery in it,
// any other at the end of the period (today when it is open). A household
// that graduated or moved after its aid was still eligible when it got it.
func (s *Service) registryAsOf(ctx context.Context, sc Scope, d *scopeData) error {
	all, err := s.households.List(ctx, households.Filter{}, "")
	if err != nil {
		return err
	}
	end := sc.To
	if today := ledger.DateOf(s.now()); end.IsZero() || end.After(today) {
		end = today
	}
	judged := map[int64]ledger.Date{}
	earliest := end
	for _, del := range d.deliveries {
		if on, ok := judged[del.HouseholdID]; del.HouseholdID != 0 && (!ok || del.Date.Before(on)) {
			judged[del.HouseholdID] = del.Date
			if del.Date.Before(earliest) {
				earliest = del.Date
			}
		}
	}
	// Changes made on a later day than the earliest judged one are the only
	// ones that can be undone; a day starts at midnight in Vietnam.
	since := earliest.AddDays(1).Start()
	changes, err := s.households.ChangesSince(ctx, since)
	if err != nil {
		return err
	}
	changed := map[int64][]households.Change{}
	for _, c := range changes {
		changed[c.HouseholdID] = append(changed[c.HouseholdID], c)
	}
	for _, h := range all {
		if cs := changed[h.ID]; len(cs) > 0 {
			on, ok := judged[h.ID]
			if !ok {
				on = end
			}
			h = households.AsOf(h, cs, func(c households.Change) bool { return ledger.DateOf(c.At).After(on) })
		}
		d.members[h.ID] = memberOf(h)
		d.eligible[h.ID] = h.Status == households.Active
	}
	return nil
}

// Fairness reports how fairly a plan, or a fund over a period, reached the
// districts (see FairnessReport and its Definitions).
func (s *Service) Fairness(ctx context.Context, sc Scope) (FairnessReport, error) {
	d, err := s.scopeData(ctx, sc)
	if err != nil {
		return FairnessReport{}, err
	}
	aid := map[int64]*HouseholdAid{}
	add := func(id int64) *HouseholdAid {
		a := aid[id]
		if a == nil {
			h := d.members[id]
			a = &HouseholdAid{Code: h.Code, District: h.District, Commune: h.Commune, Category: h.Category, Members: h.Members,
				Eligible: d.eligible[id], Received: decimal.Zero, Entitled: decimal.Zero, Fulfilled: decimal.Zero}
			aid[id] = a
		}
		return a
	}
	for id, ok := range d.eligible {
		if ok {
			add(id)
		}
	}
	for id, e := range d.entitled {
		if _, ok := d.members[id]; ok {
			add(id).Entitled = e
		}
	}
	for _, del := range d.deliveries {
		if _, ok := d.members[del.HouseholdID]; !ok {
			continue // organisations are not households (requests count what they got)
		}
		a := add(del.HouseholdID)
		a.Received = a.Received.Add(del.Amount)
		a.Deliveries++
		a.Dates = append(a.Dates, del.Date)
		if on, ok := d.approvalOf(del); ok {
			a.Days = append(a.Days, on.DaysUntil(del.Date))
		}
		if d.planOwes[del.PlanID][del.HouseholdID] {
			a.Fulfilled = a.Fulfilled.Add(del.Amount)
		}
	}
	in := FairnessInput{Tolerance: sc.Tolerance, DeadlineDays: sc.DeadlineDays, Due: sc.Due, Approved: d.approved,
		Requested: map[string]decimal.Decimal{}, RequestOwed: d.requestOwed, RequestDelivered: d.requestDelivered}
	if sc.PlanID == 0 {
		if err := s.addRequested(ctx, sc, &in); err != nil {
			return FairnessReport{}, err
		}
	}
	ids := slices.Sorted(maps.Keys(aid))
	for _, id := range ids {
		in.Households = append(in.Households, *aid[id])
	}
	r, err := Fairness(in)
	if err != nil {
		return r, err
	}
	if sc.PlanID != 0 {
		r.Definitions["eligible"] = EligiblePlan
	} else {
		r.Definitions["eligible"] = EligibleFund
	}
	return r, nil
}

// What "eligible" means in a plan's report and in a fund's.
const (
	EligiblePlan = "The number of households the plan gave a package to (its claimants with an amount above 0), by category."
	EligibleFund = "The number of households active in the registry, by category, as the registry stood at the end of the day of a household's first delivery in the period, or at the end of the period (today when it is open) for a household not reached: a household that graduated or moved after receiving its aid was eligible when it got it."
)

// addRequested counts a fund's requests filed in the period, all but the
// rejected ones, by district.
func (s *Service) addRequested(ctx context.Context, sc Scope, in *FairnessInput) error {
	rs, err := s.store.Requests(ctx, RequestFilter{FundID: sc.FundID})
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.Item == sc.Item && r.Status != Rejected && ledger.DateOf(r.CreatedAt).Within(sc.From, sc.To) {
			in.Requested[r.District] = in.Requested[r.District].Add(r.Amount)
		}
	}
	return nil
}

// Unreached lists the eligible households of a scope that received
// nothing in it, by ID: at most limit (all when 0) after afterID.
func (s *Service) Unreached(ctx context.Context, sc Scope, afterID int64, limit int) ([]Member, error) {
	d, err := s.scopeData(ctx, sc)
	if err != nil {
		return nil, err
	}
	reached := map[int64]bool{}
	for _, del := range d.deliveries {
		reached[del.HouseholdID] = true
	}
	var out []Member
	for id, ok := range d.eligible {
		if h := d.members[id]; ok && id > afterID && !reached[id] && (sc.District == "" || h.District == sc.District) {
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// DistrictUse is what a fund's deliveries and goods issues gave one
// district: the public side of the books (how many households, how much,
// at what level, and what went to organisations: checkpoints, quarantine
// sites, relief trips). District "" is the province's own warehouses.
type DistrictUse struct {
	District       string
	Households     int                        // households reached (money or goods)
	PaidHouseholds int                        // households that received money
	Organisations  int                        // deliveries and goods issues to organisations
	ToHouseholds   decimal.Decimal            // money to households, đồng
	ToOrgs         decimal.Decimal            // money to organisations, đồng
	Goods          map[string]decimal.Decimal // quantities by item, to households and organisations
	GoodsToOrgs    map[string]decimal.Decimal // of Goods, the quantities issued or delivered to organisations
	// GoodsToOrgsValue is the đồng value, at average cost, of the goods
	// issued to organisations from warehouses (deliveries by request are
	// counted in quantity only).
	GoodsToOrgsValue decimal.Decimal
	PerHousehold     decimal.Decimal // ToHouseholds / PaidHouseholds, rounded half up to the đồng
	// Trips counts the relief trips and frontline support among
	// Organisations (a cancelled one takes one back); their money is in
	// ToOrgs, their goods in GoodsToOrgs and GoodsToOrgsValue.
	Trips int
}

// Use sums a fund's deliveries and goods issues to organisations in a
// period by district, in district order.
func (s *Service) Use(ctx context.Context, fundID int64, from, to ledger.Date) ([]DistrictUse, error) {
	ds, err := s.store.Deliveries(ctx, DeliveryFilter{FundID: fundID, From: from, To: to})
	if err != nil {
		return nil, err
	}
	by := map[string]*DistrictUse{}
	reached, paid := map[string]map[int64]bool{}, map[string]map[int64]bool{}
	of := func(district string) *DistrictUse {
		u := by[district]
		if u == nil {
			u = &DistrictUse{District: district, Goods: map[string]decimal.Decimal{}, GoodsToOrgs: map[string]decimal.Decimal{}}
			by[district], reached[district], paid[district] = u, map[int64]bool{}, map[int64]bool{}
		}
		return u
	}
	for _, d := range ds {
		u := of(d.District)
		switch {
		case d.Kind == Goods:
			u.Goods[d.Item] = u.Goods[d.Item].Add(d.Amount)
			if d.HouseholdID == 0 {
				u.GoodsToOrgs[d.Item] = u.GoodsToOrgs[d.Item].Add(d.Amount)
			}
		case d.HouseholdID != 0:
			u.ToHouseholds = u.ToHouseholds.Add(d.Amount)
			paid[d.District][d.HouseholdID] = true
		default:
			u.ToOrgs = u.ToOrgs.Add(d.Amount)
		}
		if d.HouseholdID != 0 {
			reached[d.District][d.HouseholdID] = true
		} else {
			u.Organisations++
		}
	}
	issues, err := s.goodsIssues(ctx, fundID, from, to)
	if err != nil {
		return nil, err
	}
	for _, is := range issues {
		u := of(is.district)
		u.Goods[is.item] = u.Goods[is.item].Add(is.quantity)
		u.GoodsToOrgs[is.item] = u.GoodsToOrgs[is.item].Add(is.quantity)
		u.GoodsToOrgsValue = u.GoodsToOrgsValue.Add(is.value)
		u.Organisations += is.count
	}
	if err := s.addTrips(ctx, fundID, from, to, of); err != nil {
		return nil, err
	}
	out := make([]DistrictUse, 0, len(by))
	for d, u := range by {
		u.Households, u.PaidHouseholds = len(reached[d]), len(paid[d])
		if u.PaidHouseholds > 0 {
			u.PerHousehold = u.ToHouseholds.DivRound(decimal.NewFromInt(int64(u.PaidHouseholds)), 0)
		}
		out = append(out, *u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].District < out[j].District })
	return out, nil
}

// goodsIssue is one entry's goods given to an organisation out of a
// warehouse (or taken back by its reversal: count −1, negative amounts).
type goodsIssue struct {
	district, item  string
	quantity, value decimal.Decimal
	count           int
}

// goodsIssues reads the goods a fund issued to organisations in a period
// from the ledger: the postings of its aid-to-organisations accounts (5200
// and their restricted twins) in stock-issue entries and their reversals.
func (s *Service) goodsIssues(ctx context.Context, fundID int64, from, to ledger.Date) ([]goodsIssue, error) {
	accs, err := s.ledger.Accounts(ctx, ledger.AccountFilter{FundID: fundID, Type: ledger.Expense})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, a := range accs {
		if strings.HasPrefix(a.Code, "5200") {
			ids = append(ids, a.ID)
		}
	}
	ms, err := s.ledger.Movements(ctx, ids, from, to)
	if err != nil {
		return nil, err
	}
	var out []goodsIssue
	for _, m := range ms {
		if m.Item == "" || m.Quantity.IsZero() {
			continue // money: deliveries count it
		}
		src, count := m.Source, 1
		if m.Quantity.IsNegative() {
			count = -1
		}
		if src.Type != "stock-issue" {
			e, err := s.ledger.Entry(ctx, m.EntryID)
			if err != nil {
				return nil, err
			}
			if e.ReversesID == 0 {
				continue
			}
			orig, err := s.ledger.Entry(ctx, e.ReversesID)
			if err != nil {
				return nil, err
			}
			src = orig.Source
		}
		if src.Type != "stock-issue" {
			continue
		}
		district, _ := s.goods.WarehouseDistrict(ctx, src.ID)
		out = append(out, goodsIssue{district: district, item: m.Item, quantity: m.Quantity, value: m.Amount, count: count})
	}
	return out, nil
}
