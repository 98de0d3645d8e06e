package distribution

import (
	"context"
	"sort"

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

// scopeData reads what a scope covers: the eligible households by ID, the
// households that received something, the deliveries, and the plans they
// belong to.
type scopeData struct {
	eligible   map[int64]Member
	registry   map[int64]Member
	deliveries []Delivery
	plans      map[int64]Plan
	weights    map[households.Category]decimal.Decimal
	perMember  bool
}

func (s *Service) scopeData(ctx context.Context, sc Scope) (scopeData, error) {
	d := scopeData{eligible: map[int64]Member{}, registry: map[int64]Member{}, plans: map[int64]Plan{}}
	f := DeliveryFilter{From: sc.From, To: sc.To}
	var err error
	switch {
	case sc.PlanID != 0:
		p, err := s.store.Plan(ctx, sc.PlanID)
		if err != nil {
			return d, err
		}
		d.plans[p.ID] = p
		if p.Params.Method == Budget {
			d.weights, d.perMember = p.Params.Weights, p.Params.PerMember
		}
		hs, err := s.store.PlanHouseholds(ctx, p.ID, "", 0, 0)
		if err != nil {
			return d, err
		}
		// A plan's deliveries go to its households only: they are the
		// registry here.
		for _, h := range hs {
			m := Member{ID: h.HouseholdID, Code: h.Code, District: h.District, Commune: h.Commune, Category: h.Category, Members: h.Members}
			d.registry[m.ID] = m
			if h.Amount.IsPositive() {
				d.eligible[m.ID] = m
			}
		}
		f.PlanID = p.ID
	case sc.FundID != 0:
		all, err := s.households.List(ctx, households.Filter{}, "")
		if err != nil {
			return d, err
		}
		for _, h := range all {
			d.registry[h.ID] = memberOf(h)
			if h.Status == households.Active {
				d.eligible[h.ID] = memberOf(h)
			}
		}
		f.FundID, f.Kind, f.Item = sc.FundID, Money, sc.Item
		if sc.Item != "" {
			f.Kind = Goods
		}
		ps, err := s.store.Plans(ctx, PlanFilter{FundID: sc.FundID, Status: Approved})
		if err != nil {
			return d, err
		}
		for _, p := range ps {
			// Only plans of the scope's money or item, approved in the period.
			if p.Item == sc.Item && p.ApprovedOn.Within(sc.From, sc.To) {
				d.plans[p.ID] = p
			}
		}
	default:
		return d, rl.InvalidFields(rl.FieldError{Field: "fund", Message: "give a fund or a plan"})
	}
	d.deliveries, err = s.store.Deliveries(ctx, f)
	return d, err
}

// Fairness reports how fairly a plan, or a fund over a period, reached the
// districts (see FairnessReport and its Definitions).
func (s *Service) Fairness(ctx context.Context, sc Scope) (FairnessReport, error) {
	d, err := s.scopeData(ctx, sc)
	if err != nil {
		return FairnessReport{}, err
	}
	aid := map[int64]*HouseholdAid{}
	add := func(h Member, eligible bool) *HouseholdAid {
		a := aid[h.ID]
		if a == nil {
			a = &HouseholdAid{Code: h.Code, District: h.District, Commune: h.Commune, Category: h.Category, Members: h.Members, Received: decimal.Zero}
			aid[h.ID] = a
		}
		a.Eligible = a.Eligible || eligible
		return a
	}
	for _, h := range d.eligible {
		add(h, true)
	}
	in := FairnessInput{Weights: d.weights, PerMember: d.perMember, Tolerance: sc.Tolerance, DeadlineDays: sc.DeadlineDays,
		Approved: map[string]decimal.Decimal{}, Requested: map[string]decimal.Decimal{}}
	for _, del := range d.deliveries {
		if del.HouseholdID == 0 {
			continue // organisations are not households
		}
		h, ok := d.registry[del.HouseholdID]
		if !ok {
			continue
		}
		a := add(h, false)
		a.Received = a.Received.Add(del.Amount)
		a.Deliveries++
		if p, ok := d.plans[del.PlanID]; ok && !p.ApprovedOn.IsZero() {
			a.Days = append(a.Days, p.ApprovedOn.DaysUntil(del.Date))
		}
	}
	for _, p := range d.plans {
		for _, share := range p.Result.Districts {
			in.Approved[share.District] = in.Approved[share.District].Add(share.Amount)
		}
	}
	if sc.PlanID == 0 {
		if err := s.addRequests(ctx, sc, &in); err != nil {
			return FairnessReport{}, err
		}
	}
	ids := make([]int64, 0, len(aid))
	for id := range aid {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		in.Households = append(in.Households, *aid[id])
	}
	return Fairness(in)
}

// addRequests counts a fund's requests: requested (all but rejected) and
// approved amounts by district.
func (s *Service) addRequests(ctx context.Context, sc Scope, in *FairnessInput) error {
	rs, err := s.store.Requests(ctx, RequestFilter{FundID: sc.FundID})
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.Item != sc.Item {
			continue
		}
		if r.Status != Rejected && ledger.DateOf(r.CreatedAt).Within(sc.From, sc.To) {
			in.Requested[r.District] = in.Requested[r.District].Add(r.Amount)
		}
		if r.Status == Approved && r.ApprovedAmount.Valid && ledger.DateOf(r.DecidedAt).Within(sc.From, sc.To) {
			in.Approved[r.District] = in.Approved[r.District].Add(r.ApprovedAmount.Decimal)
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
	for id, h := range d.eligible {
		if id > afterID && !reached[id] && (sc.District == "" || h.District == sc.District) {
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// DistrictUse is what a fund's deliveries gave one district: the public
// side of the books (how many households, how much, at what level).
type DistrictUse struct {
	District       string
	Households     int                        // households reached (money or goods)
	PaidHouseholds int                        // households that received money
	Organisations  int                        // deliveries to organisations
	ToHouseholds   decimal.Decimal            // money to households, đồng
	ToOrgs         decimal.Decimal            // money to organisations, đồng
	Goods          map[string]decimal.Decimal // quantities by item
	PerHousehold   decimal.Decimal            // ToHouseholds / PaidHouseholds, to the đồng
}

// Use sums a fund's deliveries in a period by district, in district order.
func (s *Service) Use(ctx context.Context, fundID int64, from, to ledger.Date) ([]DistrictUse, error) {
	ds, err := s.store.Deliveries(ctx, DeliveryFilter{FundID: fundID, From: from, To: to})
	if err != nil {
		return nil, err
	}
	by := map[string]*DistrictUse{}
	reached, paid := map[string]map[int64]bool{}, map[string]map[int64]bool{}
	for _, d := range ds {
		u := by[d.District]
		if u == nil {
			u = &DistrictUse{District: d.District, Goods: map[string]decimal.Decimal{}}
			by[d.District], reached[d.District], paid[d.District] = u, map[int64]bool{}, map[int64]bool{}
		}
		switch {
		case d.Kind == Goods:
			u.Goods[d.Item] = u.Goods[d.Item].Add(d.Amount)
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
