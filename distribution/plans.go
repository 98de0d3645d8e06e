package distribution

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/households"
	"reliefledger/ledger"
)

// PlanInput is a plan as a caller proposes it, already parsed; amounts
// are đồng, or quantities of the item for goods.
type PlanInput struct {
	Fund, Title string
	Item        string // goods plans: the item (amounts are quantities); "" for money
	Source      string // money: bank (default) or cash; goods: warehouse (default PROV)
	Designation string // spend earmarked money or goods: district:CODE, category:C, purpose:TEXT
	Method      Method
	Rates       map[string]decimal.Decimal
	Budget      decimal.NullDecimal
	Unit        decimal.NullDecimal // default 1
	Weights     map[string]decimal.Decimal
	PerMember   bool
	Districts   []string
}

// Cover says whether the source holds what a plan needs.
type Cover struct {
	Account string // FUND:CODE of the source
	Holds   decimal.Decimal
	Needs   decimal.Decimal
	Missing decimal.Decimal // 0 when covered
}

// Preview is a stored plan with what its source holds now.
type Preview struct {
	Plan
	Cover Cover
}

// CreatePlan computes a plan over the active households in scope and stores
// it as a draft with its preview. Invalid for bad fields, Conflict (code
// "restricted-money") when earmarked money would go outside its
// designation. A plan the fund cannot cover is still stored (it is a
// draft); Cover says what is missing.
func (s *Service) CreatePlan(ctx context.Context, a ledger.Actor, in PlanInput) (Preview, bool, error) {
	p, err := s.planOf(ctx, in)
	if err != nil {
		return Preview{}, false, err
	}
	if err := checkDesignation(p); err != nil {
		return Preview{}, false, err
	}
	claimants, ids, communes, err := s.claimants(ctx, p.Params)
	if err != nil {
		return Preview{}, false, err
	}
	res, err := Allocate(p.Params, claimants)
	if err != nil {
		return Preview{}, false, err
	}
	amounts := make(map[string]decimal.Decimal, len(res.Households))
	for _, h := range res.Households {
		amounts[h.Code] = h.Amount
	}
	hs := make([]PlanHousehold, 0, len(claimants))
	for i, c := range claimants {
		amt := amounts[c.Code]
		hs = append(hs, PlanHousehold{HouseholdID: ids[i], Code: c.Code, District: c.District, Commune: communes[i], Category: c.Category, Members: c.Members, Amount: amt})
	}
	p.Result = Result{Method: res.Method, MethodVersion: res.MethodVersion, Total: res.Total, Districts: res.Districts, Rule: res.Rule,
		Unfunded: len(claimants) - len(res.Households)}
	p.MethodVersion, p.Total, p.Households = res.MethodVersion, res.Total, len(res.Households)
	p.Status, p.CreatedBy, p.CreatedAt = Draft, a.UserID, rl.Stamp(s.now())
	stored, replayed, err := s.store.CreatePlan(ctx, p, hs, a.Idem)
	if err != nil {
		return Preview{}, false, err
	}
	cover, err := s.cover(ctx, stored)
	return Preview{Plan: stored, Cover: cover}, replayed, err
}

// claimants reads the active households of the plan's districts and
// categories, with their IDs and communes.
func (s *Service) claimants(ctx context.Context, p Params) (cs []Claimant, ids []int64, communes []string, err error) {
	hs, err := s.households.List(ctx, households.Filter{Status: households.Active}, "")
	if err != nil {
		return nil, nil, nil, err
	}
	scope := map[string]bool{}
	for _, d := range p.Districts {
		scope[d] = true
	}
	for _, h := range hs {
		if len(scope) > 0 && !scope[h.District] {
			continue
		}
		if w := p.weightOf(h.Category); !w.IsPositive() {
			continue
		}
		cs = append(cs, Claimant{Code: h.Code, District: h.District, Category: h.Category, Members: h.Members})
		ids = append(ids, h.ID)
		communes = append(communes, h.Commune)
	}
	return cs, ids, communes, nil
}

// weightOf is what decides whether a category takes part: its rate or its
// weight.
func (p Params) weightOf(c households.Category) decimal.Decimal {
	if p.Method == Rates {
		return p.Rates[c]
	}
	return p.Weights[c]
}

// planOf parses and checks the input. Every problem is reported at once.
func (s *Service) planOf(ctx context.Context, in PlanInput) (Plan, error) {
	var fe rl.Fields
	p := Plan{Title: strings.Join(strings.Fields(in.Title), " "), Designation: strings.TrimSpace(in.Designation)}
	if p.Title == "" || utf8.RuneCountInString(p.Title) > 200 {
		fe.Add("title", "is required, at most 200 characters")
	}
	f, err := s.ledger.Fund(ctx, strings.ToUpper(strings.TrimSpace(in.Fund)))
	if err != nil {
		fe.Add("fund", "no fund %q", in.Fund)
	}
	p.FundID, p.Fund = f.ID, f.Code
	scale, unitName := int32(ledger.VNDScale), "đồng"
	p.Kind = Money
	if in.Item != "" {
		it, err := s.ledger.Item(ctx, strings.ToUpper(strings.TrimSpace(in.Item)))
		if err != nil {
			fe.Add("item", "no item %q", in.Item)
		}
		p.Kind, p.Item, scale, unitName = Goods, it.Code, it.Scale, it.Unit
	}
	p.Source = s.sourceOf(ctx, p.Kind, in.Source, &fe)
	if p.Designation != "" && !validDesignation(p.Designation) {
		fe.Add("designation", "must be district:CODE, category:poor|near_poor or purpose:TEXT")
	}
	p.Params = Params{Method: in.Method, PerMember: in.PerMember, Districts: in.Districts}
	amount := func(field string, v decimal.NullDecimal) decimal.Decimal {
		if !v.Valid {
			fe.Add(field, "is required (%s)", unitName)
		} else if err := ledger.CheckDecimal(v.Decimal, scale); err != nil {
			fe.Add(field, "%v (%s)", err, unitName)
		}
		return v.Decimal
	}
	categories := func(field string, m map[string]decimal.Decimal, sc int32) map[households.Category]decimal.Decimal {
		out := map[households.Category]decimal.Decimal{}
		for k, d := range m {
			c := households.Category(k)
			if !c.Valid() {
				fe.Add(field+"."+k, "is not a category (poor, near_poor)")
				continue
			}
			if err := ledger.CheckDecimal(d, sc); err != nil {
				fe.Add(field+"."+k, "%v", err)
				continue
			}
			out[c] = d
		}
		return out
	}
	switch in.Method {
	case Rates:
		p.Params.Rates = categories("rates", in.Rates, scale)
		if in.Budget.Valid || len(in.Weights) > 0 {
			fe.Add("method", "the rates method takes rates, not a budget or weights")
		}
	case Budget:
		p.Params.Budget = amount("budget", in.Budget)
		if !in.Unit.Valid {
			fe.Add("unit", "is required for a budget plan: the step packages are rounded to, e.g. \"10000\" đồng or \"1\" %s", unitName)
		} else {
			p.Params.Unit = amount("unit", in.Unit)
		}
		p.Params.Weights = categories("weights", in.Weights, 6)
		if len(in.Rates) > 0 {
			fe.Add("method", "the budget method takes a budget, a unit and weights, not rates")
		}
	default:
		fe.Add("method", "must be rates or budget")
	}
	for i, d := range in.Districts {
		if s.households != nil && !s.households.DistrictExists(ctx, d) {
			fe.Add(fmt.Sprintf("districts[%d]", i), "no district %q", d)
		}
	}
	return p, fe.Err()
}

func validDesignation(d string) bool {
	kind, value, ok := strings.Cut(d, ":")
	if !ok || strings.TrimSpace(value) == "" {
		return false
	}
	switch kind {
	case "district", "purpose":
		return true
	case "category":
		return households.Category(value).Valid()
	}
	return false
}

// checkDesignation keeps earmarked money to its designation: money
// designated for a district goes to that district only, money designated
// for a category to households of that category only.
func checkDesignation(p Plan) error {
	kind, value, _ := strings.Cut(p.Designation, ":")
	switch kind {
	case "district":
		for _, d := range p.Params.Districts {
			if d != value {
				return rl.CodedErrorf(rl.Conflict, "restricted-money",
					"%s designated %q can only go to district %s; the plan's scope includes district %s", p.Fund, p.Designation, value, d)
			}
		}
		if len(p.Params.Districts) == 0 {
			return rl.CodedErrorf(rl.Conflict, "restricted-money",
				"%s designated %q can only go to district %s; give districts: [\"%s\"]", p.Fund, p.Designation, value, value)
		}
	case "category":
		for _, c := range []households.Category{households.Poor, households.NearPoor} {
			if string(c) != value && p.Params.weightOf(c).IsPositive() {
				return rl.CodedErrorf(rl.Conflict, "restricted-money",
					"%s designated %q can only go to %s households; the plan also gives to %s households", p.Fund, p.Designation, value, c)
			}
		}
	}
	return nil
}

// Plan returns a plan; NotFound when there is none.
func (s *Service) Plan(ctx context.Context, id int64) (Plan, error) { return s.store.Plan(ctx, id) }

// PlanWithCover returns a plan and whether its source covers it now.
func (s *Service) PlanWithCover(ctx context.Context, id int64) (Preview, error) {
	p, err := s.store.Plan(ctx, id)
	if err != nil {
		return Preview{}, err
	}
	c, err := s.cover(ctx, p)
	return Preview{Plan: p, Cover: c}, err
}

// Plans lists plans.
func (s *Service) Plans(ctx context.Context, f PlanFilter) ([]Plan, error) {
	return s.store.Plans(ctx, f)
}

// PlanHouseholds lists a plan's households; see Store.PlanHouseholds.
func (s *Service) PlanHouseholds(ctx context.Context, planID int64, district string, afterID int64, limit int) ([]PlanHousehold, error) {
	if _, err := s.store.Plan(ctx, planID); err != nil {
		return nil, err
	}
	return s.store.PlanHouseholds(ctx, planID, district, afterID, limit)
}

// Recompute runs the stored plan's method again over its stored inputs
// and reports the households whose package differs (none, if the method
// is deterministic and unchanged). A plan approved in part is recomputed
// as drafted, its excluded districts included.
func (s *Service) Recompute(ctx context.Context, id int64) (Result, []string, error) {
	p, err := s.store.Plan(ctx, id)
	if err != nil {
		return Result{}, nil, err
	}
	hs, err := s.store.PlanHouseholds(ctx, id, "", 0, 0)
	if err != nil {
		return Result{}, nil, err
	}
	cs := make([]Claimant, len(hs))
	for i, h := range hs {
		cs[i] = Claimant{Code: h.Code, District: h.District, Category: h.Category, Members: h.Members}
	}
	// A plan approved in part is recomputed as drafted: the excluded
	// districts' claimants take part again, and the total is compared
	// with the approved part's plus theirs.
	total := p.Total
	for _, x := range p.Result.Excluded {
		total = total.Add(x.Amount)
		for _, c := range x.Claimants {
			cs = append(cs, Claimant{Code: c.Code, District: x.District, Category: c.Category, Members: c.Members})
			hs = append(hs, PlanHousehold{Code: c.Code, District: x.District, Category: c.Category, Members: c.Members, Amount: c.Amount})
		}
	}
	res, err := Allocate(p.Params, cs)
	if err != nil {
		return Result{}, nil, err
	}
	got := map[string]decimal.Decimal{}
	for _, h := range res.Households {
		got[h.Code] = h.Amount
	}
	var diff []string
	for _, h := range hs {
		if !got[h.Code].Equal(h.Amount) {
			diff = append(diff, h.Code)
		}
	}
	if !res.Total.Equal(total) || res.MethodVersion != p.MethodVersion {
		diff = append(diff, "total")
	}
	sort.Strings(diff)
	return res, diff, nil
}

// Warnings are what a reader of the plan should not miss: how many
// households get nothing (a budget too small for its unit).
func (p Plan) Warnings() []string {
	if p.Result.Unfunded == 0 {
		return nil
	}
	return []string{fmt.Sprintf("%d of %d households get nothing from this plan: the budget does not reach them at its unit; raise the budget or lower the unit",
		p.Result.Unfunded, p.Households+p.Result.Unfunded)}
}
