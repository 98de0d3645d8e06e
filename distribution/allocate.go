// Package distribution computes allocation plans: how a fund's budget, or a
// fixed package per household, is divided across districts and households.
//
// It is pure and deterministic: no database, clock or randomness, and the
// same inputs in any order give the same Result. Amounts are decimals and the
// rounding is done in exact integer arithmetic, so the parts of a budget add up
// to it to the last đồng.
package distribution

import (
	"cmp"
	"fmt"
	"maps"
	"math/big"
	"math/bits"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/households"
)

// MethodVersion is stored with every plan; bump it whenever the algorithm
// changes so that an old plan can be told apart from a recomputation.
const MethodVersion = "alloc/1"

// Method is how a plan divides its amount.
type Method string

// The allocation methods.
const (
	Rates  Method = "rates"  // a fixed package per household by category
	Budget Method = "budget" // a fixed total split by weighted need
)

// Claimant is one household the plan may reach.
type Claimant struct {
	Code     string // household code, unique
	District string // district code
	Category households.Category
	Members  int
}

// Params are a plan's inputs besides the households.
type Params struct {
	Method    Method
	Rates     map[households.Category]decimal.Decimal // Rates method: package per household
	Budget    decimal.Decimal                         // Budget method: total to split
	Unit      decimal.Decimal                         // Budget method: rounding unit (>0); Rates: ignored
	Weights   map[households.Category]decimal.Decimal // Budget method: weight per category (missing = 0)
	PerMember bool                                    // Budget method: weight × members
	Districts []string                                // scope; empty = every district present in claimants
}

// DistrictShare explains one district's part.
type DistrictShare struct {
	District string
	// Households counts the district's households in scope for each category
	// that can receive something (positive rate or weight); 0 entries allowed.
	Households map[households.Category]int
	Need       decimal.Decimal // Σ household weights (Budget) or Σ rate·households (Rates)
	Exact      decimal.Decimal // exact share before rounding, rounded to 6 decimals for display only
	Floor      decimal.Decimal // whole units before the remainder step, as an amount (f_i·u)
	Remainder  decimal.Decimal // r_i in units, rounded to 6 decimals for display only
	Extra      bool            // received one extra unit in the largest-remainder step
	Amount     decimal.Decimal // final amount for the district
}

// HouseholdShare is one household's package.
type HouseholdShare struct {
	Code, District string
	Category       households.Category
	Amount         decimal.Decimal
}

// Result is a computed plan. Districts are sorted by code; Households by
// district then code, without the households whose Amount is 0.
type Result struct {
	Method        Method
	MethodVersion string
	Total         decimal.Decimal
	Districts     []DistrictShare
	Households    []HouseholdShare
	Rule          string // one sentence describing the rounding rule applied, in English
	// Unfunded counts the households whose package rounded to nothing
	// (kept with a stored plan; Households is not).
	Unfunded int `json:",omitempty"`
	// Excluded are the districts an approver left out of the plan when
	// approving it in part, with ApprovalReason saying why (kept with a
	// stored plan; Districts, Total and the plan's households are then the
	// approved part only).
	Excluded       []ExcludedDistrict `json:",omitempty"`
	ApprovalReason string             `json:",omitempty"`
}

// ExcludedDistrict is a district left out of a plan at its approval: its
// line as drafted and its claimants, so that the plan as drafted can be
// recomputed.
type ExcludedDistrict struct {
	District   string
	Amount     decimal.Decimal
	Households int // households that had a package
	Share      DistrictShare
	Claimants  []ExcludedClaimant
}

// ExcludedClaimant is a household of an excluded district with the
// package the draft gave it.
type ExcludedClaimant struct {
	Code     string
	Commune  string
	Category households.Category
	Members  int
	Amount   decimal.Decimal
}

// Bounds on the decimals accepted. Scaling to a common exponent multiplies by
// 10^span, so "1e-9999" or "1e9999" in a request must not reach big.Int;
// within the bounds a span is at most maxPlaces+maxDigits.
const (
	maxPlaces = 30 // decimal places
	maxDigits = 60 // digits before the point
)

// maxProblems caps the claimant problems reported, so a broken registry of
// 40,000 rows gives a readable error.
const maxProblems = 10

// Allocate computes a plan. It is pure: same inputs (in any order), same
// Result. Every claimant is checked (code, district and category set, codes
// unique, members ≥ 1 when PerMember), then claimants outside p.Districts are
// ignored. Invalid input gives an rl.Invalid error naming the fields.
func Allocate(p Params, claimants []Claimant) (Result, error) {
	// Sorting a copy first makes everything after, error messages included,
	// independent of the input order.
	cs := slices.Clone(claimants)
	slices.SortFunc(cs, func(a, b Claimant) int {
		if a.District != b.District {
			return strings.Compare(a.District, b.District)
		}
		return strings.Compare(a.Code, b.Code)
	})
	groups, err := validate(p, cs)
	if err != nil {
		return Result{}, err
	}
	if p.Method == Rates {
		return allocateRates(p, groups)
	}
	return allocateBudget(p, groups)
}

// group is one district in scope and its claimants, sorted by code.
type group struct {
	district string
	cs       []Claimant
}

// validate checks p and the sorted claimants and returns the districts in
// scope, sorted, with their claimants.
func validate(p Params, cs []Claimant) ([]group, error) {
	var f rl.Fields
	switch p.Method {
	case Rates:
		checkCategories(&f, "rates", p.Rates)
	case Budget:
		okB, okU := checkAmount(&f, "budget", p.Budget), checkAmount(&f, "unit", p.Unit)
		if okB && okU {
			if _, ok := unitsOf(p.Budget, p.Unit); !ok {
				f.Add("budget", "must be a multiple of the unit %s", p.Unit)
			}
		}
		checkCategories(&f, "weights", p.Weights)
	default:
		f.Add("method", "must be %q or %q, not %q", Rates, Budget, p.Method)
	}

	var problems []string
	seen := make(map[string]struct{}, len(cs))
	for _, c := range cs {
		n := len(seen)
		seen[c.Code] = struct{}{} // one map operation, not two: this loop is hot
		switch {
		case c.Code == "":
			problems = append(problems, fmt.Sprintf("a household of district %q has no code", c.District))
		case len(seen) == n:
			problems = append(problems, fmt.Sprintf("household %s is listed twice", c.Code))
		case c.District == "":
			problems = append(problems, fmt.Sprintf("household %s has no district", c.Code))
		case !c.Category.Valid():
			problems = append(problems, fmt.Sprintf("household %s has unknown category %q", c.Code, c.Category))
		case p.PerMember && p.Method == Budget && c.Members < 1:
			problems = append(problems, fmt.Sprintf("household %s has %d members", c.Code, c.Members))
		}
	}
	if len(problems) > maxProblems {
		problems = append(problems[:maxProblems], fmt.Sprintf("and %d more", len(problems)-maxProblems))
	}
	if len(problems) > 0 {
		f.Add("claimants", "%s", strings.Join(problems, "; "))
	}

	// cs is sorted by district, so each district is one run.
	var all []group
	for i := 0; i < len(cs); {
		j := i + 1
		for j < len(cs) && cs[j].District == cs[i].District {
			j++
		}
		all = append(all, group{cs[i].District, cs[i:j]})
		i = j
	}
	groups := all
	if len(p.Districts) > 0 {
		scope := slices.Sorted(slices.Values(p.Districts))
		groups = nil
		for i, d := range scope {
			k, found := slices.BinarySearchFunc(all, d, func(g group, d string) int { return strings.Compare(g.district, d) })
			switch {
			case d == "":
				f.Add("districts", "contains an empty district code")
			case i > 0 && scope[i-1] == d:
				f.Add("districts", "lists district %s twice", d)
			case !found:
				f.Add("districts", "district %s has no households", d)
			default:
				groups = append(groups, all[k])
			}
		}
	}
	if len(groups) == 0 && len(f) == 0 {
		f.Add("claimants", "no household in scope")
	}
	if p.Method == Rates && len(f) == 0 {
		var present [len(categories)]bool
		for _, g := range groups {
			for _, c := range g.cs {
				present[index(c.Category)] = true
			}
		}
		for i, c := range categories {
			if _, ok := p.Rates[c]; present[i] && !ok {
				f.Add("rates."+string(c), "is missing but households of this category are in scope")
			}
		}
	}
	return groups, f.Err()
}

// checkAmount checks that d is positive and within range.
func checkAmount(f *rl.Fields, field string, d decimal.Decimal) bool {
	if d.Sign() <= 0 {
		f.Add(field, "must be positive")
		return false
	}
	return checkRange(f, field, d)
}

// checkCategories checks a rate or weight table, in category order so the
// error is the same for the same table.
func checkCategories(f *rl.Fields, name string, m map[households.Category]decimal.Decimal) {
	for _, c := range slices.Sorted(maps.Keys(m)) {
		d, field := m[c], name+"."+string(c)
		switch {
		case !c.Valid():
			f.Add(field, "unknown category")
		case d.Sign() < 0:
			f.Add(field, "must not be negative")
		default:
			checkRange(f, field, d)
		}
	}
}

// checkRange adds a problem if d is too precise or too large to compute with.
func checkRange(f *rl.Fields, field string, d decimal.Decimal) bool {
	switch {
	case d.Exponent() < -maxPlaces:
		f.Add(field, "has more than %d decimal places", maxPlaces)
	case d.Sign() != 0 && int64(d.NumDigits())+int64(d.Exponent()) > maxDigits:
		f.Add(field, "has more than %d digits before the decimal point", maxDigits)
	default:
		return true
	}
	return false
}

// positive lists, in order, the categories with a positive value in m.
func positive(m map[households.Category]decimal.Decimal) []households.Category {
	var out []households.Category
	for _, c := range categories {
		if m[c].Sign() > 0 {
			out = append(out, c)
		}
	}
	return out
}

// counts counts the claimants of each category in cats.
func counts(cs []Claimant, cats []households.Category) map[households.Category]int {
	var n [len(categories)]int
	for _, c := range cs {
		n[index(c.Category)]++
	}
	m := make(map[households.Category]int, len(cats))
	for _, c := range cats {
		m[c] = n[index(c)]
	}
	return m
}

// categories are the categories in a fixed order; index is a category's place.
var categories = [2]households.Category{households.Poor, households.NearPoor}

func index(c households.Category) int {
	if c == households.Poor {
		return 0
	}
	return 1 // validated: the only other category
}

func allocateRates(p Params, groups []group) (Result, error) {
	res := Result{Method: Rates, MethodVersion: MethodVersion, Total: decimal.Zero,
		Rule: "Each household receives the fixed package of its category; district and plan totals are exact sums, with no rounding."}
	cats := positive(p.Rates)
	for _, g := range groups {
		var n [len(categories)]int64
		for _, c := range g.cs {
			n[index(c.Category)]++
			if r := p.Rates[c.Category]; r.Sign() > 0 {
				res.Households = append(res.Households, HouseholdShare{c.Code, c.District, c.Category, r})
			}
		}
		need := decimal.Zero
		for i, c := range categories {
			if n[i] > 0 {
				need = need.Add(p.Rates[c].Mul(decimal.NewFromInt(n[i])))
			}
		}
		res.Districts = append(res.Districts, DistrictShare{
			District: g.district, Households: counts(g.cs, cats), Need: need,
			Exact: need.Round(6), Floor: need, Remainder: decimal.Zero, Amount: need,
		})
		res.Total = res.Total.Add(need)
	}
	if res.Total.Sign() == 0 {
		return Result{}, rl.InvalidFields(rl.FieldError{Field: "rates", Message: "no household in scope has a positive rate"})
	}
	return res, nil
}

// weights are the integer weights of a district's households: small when
// every weight and their sum fit in a uint64 (the common case, computed
// without allocating per household), else big.
type weights struct {
	small []uint64
	big   []*big.Int
	sum   *big.Int
}

// weigh returns the weights of cs given the integer category weights cw.
func weigh(cs []Claimant, cw [len(categories)]*big.Int, perMember bool) weights {
	if small, sum, ok := weighSmall(cs, cw, perMember); ok {
		return weights{small: small, sum: new(big.Int).SetUint64(sum)}
	}
	w := weights{big: make([]*big.Int, len(cs)), sum: new(big.Int)}
	for i, c := range cs {
		x := new(big.Int).Set(cw[index(c.Category)])
		if perMember {
			x.Mul(x, big.NewInt(int64(c.Members)))
		}
		w.big[i] = x
		w.sum.Add(w.sum, x)
	}
	return w
}

func weighSmall(cs []Claimant, cw [len(categories)]*big.Int, perMember bool) ([]uint64, uint64, bool) {
	for _, x := range cw {
		if !x.IsUint64() {
			return nil, 0, false
		}
	}
	out := make([]uint64, len(cs))
	var sum, hi, carry uint64
	for i, c := range cs {
		x := cw[index(c.Category)].Uint64()
		if perMember {
			if hi, x = bits.Mul64(x, uint64(c.Members)); hi != 0 {
				return nil, 0, false
			}
		}
		if sum, carry = bits.Add64(sum, x, 0); carry != 0 {
			return nil, 0, false
		}
		out[i] = x
	}
	return out, sum, true
}

func allocateBudget(p Params, groups []group) (Result, error) {
	n, _ := unitsOf(p.Budget, p.Unit) // validated
	g := newGrid(p.Budget, p.Unit)
	res := Result{Method: Budget, MethodVersion: MethodVersion, Total: p.Budget, Rule: budgetRule(p)}

	// Weights become integers at one exponent: shares depend on ratios only.
	wexp := min(p.Weights[categories[0]].Exponent(), p.Weights[categories[1]].Exponent())
	var cw [len(categories)]*big.Int
	for i, c := range categories {
		cw[i] = scaled(p.Weights[c], wexp)
	}
	ws := make([]weights, len(groups))
	needs := make([]*big.Int, len(groups))
	codes := make([]string, len(groups))
	for i, gr := range groups {
		ws[i] = weigh(gr.cs, cw, p.PerMember)
		needs[i], codes[i] = ws[i].sum, gr.district
	}
	top, ok := largestRemainder(n, needs, codes)
	if !ok {
		return Result{}, rl.InvalidFields(rl.FieldError{Field: "weights", Message: "no household in scope has a positive weight"})
	}

	cats := positive(p.Weights)
	den := decimal.NewFromBigInt(top.den, 0)
	amounts := map[uint64]decimal.Decimal{} // households of a district get few distinct amounts
	res.Households = make([]HouseholdShare, 0, func() (k int) {
		for _, gr := range groups {
			k += len(gr.cs)
		}
		return k
	}())
	for i, gr := range groups {
		k := top.units(i)
		res.Districts = append(res.Districts, DistrictShare{
			District:   gr.district,
			Households: counts(gr.cs, cats),
			Need:       decimal.NewFromBigInt(needs[i], wexp),
			Exact:      g.amount(new(big.Int).Mul(n, needs[i])).DivRound(den, 6),
			Floor:      g.amount(top.floor[i]),
			Remainder:  decimal.NewFromBigInt(top.rem[i], 0).DivRound(den, 6),
			Extra:      top.extra[i],
			Amount:     g.amount(k),
		})
		if k.Sign() == 0 {
			continue // zero need: nothing to split, and no household has weight
		}
		keys := make([]string, len(gr.cs))
		for j, c := range gr.cs {
			keys[j] = c.Code
		}
		// k > 0 implies a positive weight, so the splits below succeed.
		if ws[i].small != nil && k.IsUint64() {
			for j, u := range splitSmall(k.Uint64(), ws[i].small, ws[i].sum.Uint64(), keys) {
				if u > 0 {
					a, ok := amounts[u]
					if !ok {
						a = g.amount(new(big.Int).SetUint64(u))
						amounts[u] = a
					}
					res.Households = append(res.Households, HouseholdShare{gr.cs[j].Code, gr.district, gr.cs[j].Category, a})
				}
			}
			continue
		}
		hw := ws[i].big
		if hw == nil {
			hw = toBig(ws[i].small)
		}
		hs, _ := largestRemainder(k, hw, keys)
		for j, c := range gr.cs {
			if u := hs.units(j); u.Sign() > 0 {
				res.Households = append(res.Households, HouseholdShare{c.Code, gr.district, c.Category, g.amount(u)})
			}
		}
	}
	return res, nil
}

func budgetRule(p Params) string {
	need := "category weight"
	if p.PerMember {
		need = "category weight × members"
	}
	return fmt.Sprintf("The budget of %s is split over districts in proportion to weighted need (%s), "+
		"then each district's amount over its households the same way, by the largest remainder (Hamilton) method "+
		"in units of %s: each part gets the whole units of its exact share and the leftover units go one each "+
		"to the largest remainders, ties to the larger weight and then to the lower code.", p.Budget, need, p.Unit)
}

// Apportion splits total (a multiple of unit) over weights by largest
// remainder; keys[i] names weights[i] and breaks ties (larger weight first,
// then key ascending), so the parts do not depend on the order of the input.
// The parts are multiples of unit, add up exactly to total, and each is within
// one unit of its exact share; a zero weight gets zero. It returns an
// rl.Invalid error for a non-positive unit, a negative or non-multiple total,
// a negative weight, no positive weight, or len(keys) != len(weights).
func Apportion(total, unit decimal.Decimal, weights []decimal.Decimal, keys []string) ([]decimal.Decimal, error) {
	var f rl.Fields
	okU := checkAmount(&f, "unit", unit)
	switch {
	case total.Sign() < 0:
		f.Add("total", "must not be negative")
	case !checkRange(&f, "total", total):
		// reported
	case okU:
		if _, ok := unitsOf(total, unit); !ok {
			f.Add("total", "must be a multiple of the unit %s", unit)
		}
	}
	if len(keys) != len(weights) {
		f.Add("keys", "got %d keys for %d weights", len(keys), len(weights))
	}
	for i, w := range weights {
		if w.Sign() < 0 {
			f.Add(fmt.Sprintf("weights[%d]", i), "must not be negative")
		} else {
			checkRange(&f, fmt.Sprintf("weights[%d]", i), w)
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	n, _ := unitsOf(total, unit)
	w := scaleInts(weights)
	g := newGrid(total, unit)
	out := make([]decimal.Decimal, len(weights))
	if small, sum, ok := toSmall(w); ok && sum > 0 && n.IsUint64() {
		for i, u := range splitSmall(n.Uint64(), small, sum, keys) {
			out[i] = g.amount(new(big.Int).SetUint64(u))
		}
		return out, nil
	}
	a, ok := largestRemainder(n, w, keys)
	if !ok {
		return nil, rl.InvalidFields(rl.FieldError{Field: "weights", Message: "no weight is positive"})
	}
	for i := range out {
		out[i] = g.amount(a.units(i))
	}
	return out, nil
}

// apportionment is the outcome of the largest-remainder method in whole
// units: claimant i has exact share (floor[i] + rem[i]/den) units.
type apportionment struct {
	den   *big.Int // W, the sum of the scaled weights
	floor []*big.Int
	rem   []*big.Int // in [0, den)
	extra []bool
}

// units returns the whole units of claimant i.
func (a apportionment) units(i int) *big.Int {
	if !a.extra[i] {
		return a.floor[i]
	}
	return new(big.Int).Add(a.floor[i], big.NewInt(1))
}

// largestRemainder splits n units over the integer weights w (≥ 0). It is
// exact: with W = Σw, the share of i is n·w_i/W units, so its floor and its
// remainder are the quotient and the remainder of n·w_i by W, and remainders
// compare as integers over the common denominator W. ok is false if W = 0.
func largestRemainder(n *big.Int, w []*big.Int, keys []string) (a apportionment, ok bool) {
	W := new(big.Int)
	for _, x := range w {
		W.Add(W, x)
	}
	if W.Sign() == 0 {
		return a, false
	}
	a = apportionment{den: W, floor: make([]*big.Int, len(w)), rem: make([]*big.Int, len(w)), extra: make([]bool, len(w))}
	left := new(big.Int).Set(n)
	var cand []int
	for i, x := range w {
		q, r := new(big.Int), new(big.Int)
		q.QuoRem(q.Mul(n, x), W, r) // n, x, W ≥ 0, so QuoRem is floor division
		a.floor[i], a.rem[i] = q, r
		left.Sub(left, q)
		// Only a positive remainder can win: Σr = left·W with every r < W, so
		// more than left remainders are positive (and zero weights never win).
		if r.Sign() > 0 {
			cand = append(cand, i)
		}
	}
	if !left.IsInt64() || left.Int64() > int64(len(cand)) {
		panic("distribution: largest remainder left more units than claimants") // impossible, see above
	}
	byKey := tieBreak(keys)
	slices.SortFunc(cand, func(i, j int) int {
		if c := a.rem[j].Cmp(a.rem[i]); c != 0 {
			return c
		}
		if c := w[j].Cmp(w[i]); c != 0 {
			return c
		}
		return byKey(i, j)
	})
	for _, i := range cand[:left.Int64()] {
		a.extra[i] = true
	}
	return a, true
}

// splitSmall is largestRemainder in uint64 arithmetic, for when n, every
// weight and their sum W > 0 fit in a uint64: n·w_i is a 128-bit product and
// its quotient by W is at most n, so bits.Div64 cannot overflow. It returns
// each claimant's whole units.
//
// It orders classes, not claimants: the remainder n·w_i mod W depends on w_i
// only, so claimants of equal weight tie on remainder and weight and differ by
// key alone. A district of 4,000 households has a handful of distinct weights.
func splitSmall(n uint64, w []uint64, W uint64, keys []string) []uint64 {
	type class struct {
		w, rem  uint64
		members []int // in input order
	}
	units := make([]uint64, len(w))
	left := n
	var classes []class
	at := map[uint64]int{} // weight → index in classes
	for i, x := range w {
		hi, lo := bits.Mul64(n, x)
		q, r := bits.Div64(hi, lo, W)
		units[i] = q
		left -= q
		if r == 0 {
			continue // never wins, see largestRemainder
		}
		k, ok := at[x]
		if !ok {
			k = len(classes)
			at[x] = k
			classes = append(classes, class{w: x, rem: r})
		}
		classes[k].members = append(classes[k].members, i)
	}
	slices.SortFunc(classes, func(a, b class) int {
		if a.rem != b.rem {
			return cmp.Compare(b.rem, a.rem)
		}
		return cmp.Compare(b.w, a.w)
	})
	for _, c := range classes {
		if left == 0 {
			break
		}
		win := c.members
		if uint64(len(win)) > left {
			// The class straddles the cut: the lowest keys win. Allocate
			// passes keys sorted, so input order already is key order.
			if !slices.IsSorted(keys) {
				slices.SortFunc(win, tieBreak(keys))
			}
			win = win[:left]
		}
		for _, i := range win {
			units[i]++
		}
		left -= uint64(len(win))
	}
	if left != 0 {
		panic("distribution: largest remainder left more units than claimants") // impossible, see largestRemainder
	}
	return units
}

// toSmall returns w as uint64s, and their sum, if they all fit.
func toSmall(w []*big.Int) ([]uint64, uint64, bool) {
	out := make([]uint64, len(w))
	var sum, carry uint64
	for i, x := range w {
		if !x.IsUint64() {
			return nil, 0, false
		}
		out[i] = x.Uint64()
		if sum, carry = bits.Add64(sum, out[i], 0); carry != 0 {
			return nil, 0, false
		}
	}
	return out, sum, true
}

func toBig(w []uint64) []*big.Int {
	out := make([]*big.Int, len(w))
	for i, x := range w {
		out[i] = new(big.Int).SetUint64(x)
	}
	return out
}

// tieBreak returns the last tie break: by key, then by position so that the
// order is total (equal keys with equal weights are interchangeable). When
// the keys are already sorted the position alone gives the same order.
func tieBreak(keys []string) func(i, j int) int {
	if slices.IsSorted(keys) {
		return cmp.Compare[int]
	}
	return func(i, j int) int {
		if c := strings.Compare(keys[i], keys[j]); c != 0 {
			return c
		}
		return cmp.Compare(i, j)
	}
}

// grid is the rounding unit as an integer u at exponent exp, the smaller of
// the exponents of the total and the unit: k units are the amount k·u·10^exp.
type grid struct {
	u   *big.Int
	exp int32
}

func newGrid(total, unit decimal.Decimal) grid {
	exp := min(total.Exponent(), unit.Exponent())
	return grid{u: scaled(unit, exp), exp: exp}
}

func (g grid) amount(k *big.Int) decimal.Decimal {
	return decimal.NewFromBigInt(new(big.Int).Mul(k, g.u), g.exp)
}

// unitsOf returns total/unit when it is a whole number.
func unitsOf(total, unit decimal.Decimal) (*big.Int, bool) {
	g := newGrid(total, unit)
	q, r := new(big.Int).QuoRem(scaled(total, g.exp), g.u, new(big.Int))
	return q, r.Sign() == 0
}

// scaled returns the coefficient of d at exponent exp ≤ d.Exponent().
func scaled(d decimal.Decimal, exp int32) *big.Int {
	c := d.Coefficient()
	if s := d.Exponent() - exp; s > 0 {
		c.Mul(c, pow10(s))
	}
	return c
}

// pow10s holds 10^0 … 10^(maxPlaces+maxDigits), every span validated inputs
// can need; it is read-only, so sharing it between goroutines is safe.
var pow10s = func() []*big.Int {
	out := make([]*big.Int, maxPlaces+maxDigits+1)
	for i := range out {
		out[i] = new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(i)), nil)
	}
	return out
}()

func pow10(s int32) *big.Int {
	if int(s) < len(pow10s) {
		return pow10s[s]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(s)), nil)
}

// scaleInts returns ds as integers at their smallest exponent; shares depend
// only on ratios of weights, so the common factor does not matter.
func scaleInts(ds []decimal.Decimal) []*big.Int {
	if len(ds) == 0 {
		return nil
	}
	exp := ds[0].Exponent()
	for _, d := range ds[1:] {
		exp = min(exp, d.Exponent())
	}
	out := make([]*big.Int, len(ds))
	for i, d := range ds {
		out[i] = scaled(d, exp)
	}
	return out
}
