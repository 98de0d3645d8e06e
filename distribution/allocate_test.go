package distribution

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/demo"
	"reliefledger/households"
)

// eqDecimal compares decimals by value: 1 and 1.00 are the same amount.
var eqDecimal = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func ds(ss ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = d(s)
	}
	return out
}

const (
	poor = households.Poor
	near = households.NearPoor
)

func TestApportion(t *testing.T) {
	for _, tc := range []struct {
		name        string
		total, unit string
		weights     []string
		keys        []string
		want        []string
	}{
		{"equal weights, tie to the lowest key", "100", "1", []string{"1", "1", "1"}, []string{"b", "a", "c"}, []string{"33", "34", "33"}},
		// 10·6/14 = 4.29, 10·2/14 = 1.43: the smallest claimant has the largest remainder.
		{"remainder order beats size", "10", "1", []string{"6", "6", "2"}, []string{"a", "b", "c"}, []string{"4", "4", "2"}},
		// Alabama paradox: one more unit in total and c loses one.
		{"one more unit", "11", "1", []string{"6", "6", "2"}, []string{"a", "b", "c"}, []string{"5", "5", "1"}},
		// 2·1/4 = 0.5 and 2·3/4 = 1.5: equal remainders, the larger weight wins over the lower key.
		{"tie to the larger weight", "2", "1", []string{"1", "3"}, []string{"a", "b"}, []string{"0", "2"}},
		{"zero weight gets zero", "3", "1", []string{"0", "1", "1"}, []string{"a", "z", "b"}, []string{"0", "1", "2"}},
		{"decimal unit", "1.00", "0.05", []string{"1", "2"}, []string{"a", "b"}, []string{"0.35", "0.65"}},
		{"decimal weights", "10", "1", []string{"0.1", "0.2", "0.7"}, []string{"a", "b", "c"}, []string{"1", "2", "7"}},
		{"zero total", "0", "1", []string{"1", "1"}, []string{"a", "b"}, []string{"0", "0"}},
		{"unit of 10000 đồng", "100000", "10000", []string{"1", "0.5", "0.5"}, []string{"x", "z", "y"}, []string{"50000", "20000", "30000"}},
		{"beyond int64", "1e30", "1", []string{"1", "1", "1"}, []string{"c", "b", "a"},
			[]string{"333333333333333333333333333333", "333333333333333333333333333333", "333333333333333333333333333334"}},
		{"unit coarser than the total's exponent", "3e6", "1e6", []string{"1", "1"}, []string{"a", "b"}, []string{"2e6", "1e6"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Apportion(d(tc.total), d(tc.unit), ds(tc.weights...), tc.keys)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(ds(tc.want...), got, eqDecimal); diff != "" {
				t.Errorf("Apportion(%s, %s, %v) mismatch (-want +got):\n%s", tc.total, tc.unit, tc.weights, diff)
			}
		})
	}
}

// wantInvalid fails unless err is rl.Invalid naming field.
func wantInvalid(t *testing.T, err error, field string) {
	t.Helper()
	e, ok := rl.AsError(err)
	if !ok || e.Kind != rl.Invalid {
		t.Fatalf("got error %v, want an rl.Invalid error", err)
	}
	if !slices.ContainsFunc(e.Fields, func(f rl.FieldError) bool { return f.Field == field }) {
		t.Errorf("got fields %+v, want one named %q", e.Fields, field)
	}
}

func TestApportionErrors(t *testing.T) {
	for _, tc := range []struct {
		name, total, unit string
		weights, keys     []string
		field             string
	}{
		{"zero unit", "10", "0", []string{"1"}, []string{"a"}, "unit"},
		{"negative unit", "10", "-1", []string{"1"}, []string{"a"}, "unit"},
		{"negative total", "-10", "1", []string{"1"}, []string{"a"}, "total"},
		{"total not a multiple", "105", "10", []string{"1"}, []string{"a"}, "total"},
		{"negative weight", "10", "1", []string{"1", "-1"}, []string{"a", "b"}, "weights[1]"},
		{"all weights zero", "10", "1", []string{"0", "0"}, []string{"a", "b"}, "weights"},
		{"no weights", "10", "1", nil, nil, "weights"},
		{"keys do not match", "10", "1", []string{"1", "1"}, []string{"a"}, "keys"},
		{"absurd precision", "10", "1", []string{"1e-9999"}, []string{"a"}, "weights[0]"},
		{"absurd size", "1e9999", "1", []string{"1"}, []string{"a"}, "total"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Apportion(d(tc.total), d(tc.unit), ds(tc.weights...), tc.keys)
			if got != nil {
				t.Errorf("got %v with the error", got)
			}
			wantInvalid(t, err, tc.field)
		})
	}
}

// sample has two districts: D1 with a poor household of 3 and a near-poor one
// of 4 members, D2 with poor households of 1 and 2 and a near-poor one of 2.
var sample = []Claimant{
	{Code: "p3", District: "D2", Category: poor, Members: 1},
	{Code: "p1", District: "D1", Category: poor, Members: 3},
	{Code: "n5", District: "D2", Category: near, Members: 2},
	{Code: "p2", District: "D1", Category: near, Members: 4},
	{Code: "p4", District: "D2", Category: poor, Members: 2},
}

var halfNear = map[households.Category]decimal.Decimal{poor: d("1"), near: d("0.5")}

func TestAllocateBudget(t *testing.T) {
	for _, tc := range []struct {
		name      string
		perMember bool
		want      Result
	}{
		{
			// Needs 1.5 and 2.5 of 4: 3.75 and 6.25 units, D1 has the larger remainder.
			// D1: 4 units over 1, 0.5 → 2.67, 1.33 → 3, 1.
			// D2: 6 units over 1, 1, 0.5 → 2.4, 2.4, 1.2 → p3 and p4 tie, p3 has the lower code.
			name: "category weights",
			want: Result{
				Districts: []DistrictShare{
					{District: "D1", Households: map[households.Category]int{poor: 1, near: 1}, Need: d("1.5"),
						Exact: d("37.5"), Floor: d("30"), Remainder: d("0.75"), Extra: true, Amount: d("40")},
					{District: "D2", Households: map[households.Category]int{poor: 2, near: 1}, Need: d("2.5"),
						Exact: d("62.5"), Floor: d("60"), Remainder: d("0.25"), Amount: d("60")},
				},
				Households: []HouseholdShare{
					{"p1", "D1", poor, d("30")}, {"p2", "D1", near, d("10")},
					{"n5", "D2", near, d("10")}, {"p3", "D2", poor, d("30")}, {"p4", "D2", poor, d("20")},
				},
			},
		},
		{
			// Needs 3+2 = 5 and 1+2+1 = 4 of 9: 5.56 and 4.44 units.
			name: "weight per member", perMember: true,
			want: Result{
				Districts: []DistrictShare{
					{District: "D1", Households: map[households.Category]int{poor: 1, near: 1}, Need: d("5"),
						Exact: d("55.555556"), Floor: d("50"), Remainder: d("0.555556"), Extra: true, Amount: d("60")},
					{District: "D2", Households: map[households.Category]int{poor: 2, near: 1}, Need: d("4"),
						Exact: d("44.444444"), Floor: d("40"), Remainder: d("0.444444"), Amount: d("40")},
				},
				Households: []HouseholdShare{
					{"p1", "D1", poor, d("40")}, {"p2", "D1", near, d("20")},
					{"n5", "D2", near, d("10")}, {"p3", "D2", poor, d("10")}, {"p4", "D2", poor, d("20")},
				},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Params{Method: Budget, Budget: d("100"), Unit: d("10"), Weights: halfNear, PerMember: tc.perMember}
			got, err := Allocate(p, sample)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got.Rule, "largest remainder") {
				t.Errorf("rule %q does not name the method", got.Rule)
			}
			tc.want.Method, tc.want.MethodVersion, tc.want.Total, tc.want.Rule = Budget, MethodVersion, d("100"), got.Rule
			if diff := cmp.Diff(tc.want, got, eqDecimal); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAllocateBudgetZeroWeightCategory(t *testing.T) {
	p := Params{Method: Budget, Budget: d("90"), Unit: d("1"), Weights: map[households.Category]decimal.Decimal{poor: d("1")}}
	got, err := Allocate(p, sample)
	if err != nil {
		t.Fatal(err)
	}
	// Three poor households share 90: near-poor ones get nothing and are left out.
	want := []HouseholdShare{{"p1", "D1", poor, d("30")}, {"p3", "D2", poor, d("30")}, {"p4", "D2", poor, d("30")}}
	if diff := cmp.Diff(want, got.Households, eqDecimal); diff != "" {
		t.Errorf("households mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[households.Category]int{poor: 1}, got.Districts[0].Households); diff != "" {
		t.Errorf("D1 counts mismatch (-want +got):\n%s", diff)
	}
}

func TestAllocateRates(t *testing.T) {
	rates := map[households.Category]decimal.Decimal{poor: d("500000"), near: d("300000")}
	for _, tc := range []struct {
		name      string
		rates     map[households.Category]decimal.Decimal
		districts []string
		want      Result
	}{
		{name: "all districts", rates: rates, want: Result{
			Total: d("2100000"),
			Districts: []DistrictShare{
				{District: "D1", Households: map[households.Category]int{poor: 1, near: 1}, Need: d("800000"),
					Exact: d("800000"), Floor: d("800000"), Remainder: d("0"), Amount: d("800000")},
				{District: "D2", Households: map[households.Category]int{poor: 2, near: 1}, Need: d("1300000"),
					Exact: d("1300000"), Floor: d("1300000"), Remainder: d("0"), Amount: d("1300000")},
			},
			Households: []HouseholdShare{
				{"p1", "D1", poor, d("500000")}, {"p2", "D1", near, d("300000")},
				{"n5", "D2", near, d("300000")}, {"p3", "D2", poor, d("500000")}, {"p4", "D2", poor, d("500000")},
			},
		}},
		{name: "one district, near-poor excluded", districts: []string{"D2"},
			rates: map[households.Category]decimal.Decimal{poor: d("250000.5"), near: d("0")},
			want: Result{
				Total: d("500001"),
				Districts: []DistrictShare{
					{District: "D2", Households: map[households.Category]int{poor: 2}, Need: d("500001"),
						Exact: d("500001"), Floor: d("500001"), Remainder: d("0"), Amount: d("500001")},
				},
				Households: []HouseholdShare{{"p3", "D2", poor, d("250000.5")}, {"p4", "D2", poor, d("250000.5")}},
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Allocate(Params{Method: Rates, Rates: tc.rates, Districts: tc.districts}, sample)
			if err != nil {
				t.Fatal(err)
			}
			tc.want.Method, tc.want.MethodVersion, tc.want.Rule = Rates, MethodVersion, got.Rule
			if diff := cmp.Diff(tc.want, got, eqDecimal); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAllocateErrors(t *testing.T) {
	budget := func(f func(*Params)) Params {
		p := Params{Method: Budget, Budget: d("100"), Unit: d("10"), Weights: halfNear}
		f(&p)
		return p
	}
	rates := func(m map[households.Category]decimal.Decimal) Params { return Params{Method: Rates, Rates: m} }
	with := func(extra ...Claimant) []Claimant { return append(slices.Clone(sample), extra...) }
	for _, tc := range []struct {
		name   string
		p      Params
		cs     []Claimant
		field  string
		inText string
	}{
		{"unknown method", Params{Method: "lottery"}, sample, "method", "lottery"},
		{"no method", Params{}, sample, "method", ""},
		{"negative rate", rates(map[households.Category]decimal.Decimal{poor: d("-1"), near: d("1")}), sample, "rates.poor", "negative"},
		{"missing rate", rates(map[households.Category]decimal.Decimal{poor: d("1")}), sample, "rates.near_poor", "missing"},
		{"unknown rate category", rates(map[households.Category]decimal.Decimal{poor: d("1"), near: d("1"), "rich": d("1")}), sample, "rates.rich", "unknown"},
		{"all rates zero", rates(map[households.Category]decimal.Decimal{poor: d("0"), near: d("0")}), sample, "rates", "positive"},
		{"zero budget", budget(func(p *Params) { p.Budget = d("0") }), sample, "budget", "positive"},
		{"negative budget", budget(func(p *Params) { p.Budget = d("-100") }), sample, "budget", "positive"},
		{"missing budget", budget(func(p *Params) { p.Budget = decimal.Decimal{} }), sample, "budget", "positive"},
		{"zero unit", budget(func(p *Params) { p.Unit = d("0") }), sample, "unit", "positive"},
		{"negative unit", budget(func(p *Params) { p.Unit = d("-10") }), sample, "unit", "positive"},
		{"budget not a multiple of the unit", budget(func(p *Params) { p.Budget = d("105") }), sample, "budget", "multiple of the unit 10"},
		{"negative weight", budget(func(p *Params) { p.Weights = map[households.Category]decimal.Decimal{poor: d("-1")} }), sample, "weights.poor", "negative"},
		{"no weights", budget(func(p *Params) { p.Weights = nil }), sample, "weights", "positive weight"},
		{"weight only for absent households", budget(func(p *Params) {
			p.Weights, p.Districts = map[households.Category]decimal.Decimal{near: d("1")}, []string{"D3"}
		}), with(Claimant{"p9", "D3", poor, 1}), "weights", "positive weight"},
		{"scope district without households", budget(func(p *Params) { p.Districts = []string{"D1", "D9"} }), sample, "districts", "D9"},
		{"scope district twice", budget(func(p *Params) { p.Districts = []string{"D1", "D1"} }), sample, "districts", "twice"},
		{"empty scope district", budget(func(p *Params) { p.Districts = []string{""} }), sample, "districts", "empty"},
		{"duplicate code", budget(func(*Params) {}), with(Claimant{"p1", "D9", poor, 1}), "claimants", "p1 is listed twice"},
		{"no code", budget(func(*Params) {}), with(Claimant{"", "D1", poor, 1}), "claimants", "no code"},
		{"no district", budget(func(*Params) {}), with(Claimant{"p9", "", poor, 1}), "claimants", "no district"},
		{"unknown category", budget(func(*Params) {}), with(Claimant{"p9", "D1", "rich", 1}), "claimants", "rich"},
		{"no members", budget(func(p *Params) { p.PerMember = true }), with(Claimant{"p9", "D1", poor, 0}), "claimants", "0 members"},
		{"no claimants", budget(func(*Params) {}), nil, "claimants", "no household"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Allocate(tc.p, tc.cs)
			if got.Districts != nil || got.Households != nil {
				t.Errorf("got a result with the error: %+v", got)
			}
			wantInvalid(t, err, tc.field)
			if err != nil && !strings.Contains(err.Error(), tc.inText) {
				t.Errorf("error %q does not contain %q", err, tc.inText)
			}
		})
	}
}

// TestAllocateManyProblems checks that a broken registry gives a short error.
func TestAllocateManyProblems(t *testing.T) {
	var cs []Claimant
	for range 50 {
		cs = append(cs, Claimant{Code: "dup", District: "D1", Category: poor, Members: 1})
	}
	_, err := Allocate(Params{Method: Budget, Budget: d("10"), Unit: d("1"), Weights: halfNear}, cs)
	wantInvalid(t, err, "claimants")
	if err != nil && (!strings.Contains(err.Error(), "and 39 more") || len(err.Error()) > 1000) {
		t.Errorf("error is %d bytes: %s", len(err.Error()), err)
	}
}

// TestApportionBounds checks, on a sweep of totals, the bounds that the
// largest-remainder method guarantees between two claimants:
//   - equal weights: the parts differ by at most one unit;
//   - w_a = 2·w_b: |a − 2b| ≤ u. With x = s_b/u = n + r, s_a/u = 2x: if
//     r < ½ then floor(2x) = 2n and a's remainder 2r ≥ r (a wins ties by
//     weight), so b gets an extra unit only if a does: a − 2b ∈ {−1, 0, 1}
//     units; if r ≥ ½ then floor(2x) = 2n+1 and a's remainder 2r−1 < r, so a
//     gets one only if b does: again a − 2b ∈ {−1, 0, 1}. The naive bound
//     from |part − share| < u would be 3u; u is tight (1 over 2, 1: a=1, b=0);
//   - a larger weight never gets less (within one apportionment).
func TestApportionBounds(t *testing.T) {
	weights := ds("2", "1", "1", "0.7", "3", "1.5", "0", "6")
	keys := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	for _, unit := range ds("1", "0.05", "10000") {
		for k := range int64(400) {
			total := unit.Mul(decimal.NewFromInt(k))
			got, err := Apportion(total, unit, weights, keys)
			if err != nil {
				t.Fatal(err)
			}
			for i := range got {
				for j := range got {
					diff := got[i].Sub(got[j]).Abs()
					switch {
					case weights[i].Equal(weights[j]) && diff.GreaterThan(unit):
						t.Errorf("total %s: equal weights %s get %s and %s", total, weights[i], got[i], got[j])
					case weights[i].Equal(weights[j].Mul(d("2"))) && got[i].Sub(got[j].Mul(d("2"))).Abs().GreaterThan(unit):
						t.Errorf("total %s: weights %s = 2×%s get %s and %s", total, weights[i], weights[j], got[i], got[j])
					case weights[i].GreaterThan(weights[j]) && got[i].LessThan(got[j]):
						t.Errorf("total %s: weight %s gets %s < %s for weight %s", total, weights[i], got[i], got[j], weights[j])
					}
				}
			}
		}
	}
	// The bound is reached.
	got, _ := Apportion(d("1"), d("1"), ds("2", "1"), []string{"a", "b"})
	if diff := cmp.Diff(ds("1", "0"), got, eqDecimal); diff != "" {
		t.Errorf("1 over 2, 1 (-want +got):\n%s", diff)
	}
}

// socTrangClaimants is the demo registry: 37,604 households in 11 districts.
func socTrangClaimants(tb testing.TB) []Claimant {
	tb.Helper()
	f, err := os.Open("../households/data/soctrang_2021.csv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	units, err := demo.UnitsFromCSV(f)
	if err != nil {
		tb.Fatal(err)
	}
	hs := demo.Households(units, 2021)
	cs := make([]Claimant, len(hs))
	for i, h := range hs {
		cs[i] = Claimant{Code: h.Code, District: h.District, Category: h.Category, Members: h.Members}
	}
	return cs
}

var socTrangParams = Params{Method: Budget, Budget: d("10000000000"), Unit: d("10000"), Weights: halfNear}

func TestAllocateSocTrang(t *testing.T) {
	cs := socTrangClaimants(t)
	res, err := Allocate(socTrangParams, cs)
	if err != nil {
		t.Fatal(err)
	}
	unit := socTrangParams.Unit
	if len(res.Districts) != 11 {
		t.Fatalf("got %d districts, want 11", len(res.Districts))
	}
	if len(res.Households) != len(cs) || len(cs) != 37604 {
		t.Errorf("got %d households with a package of %d, want 37604", len(res.Households), len(cs))
	}
	sum, byDistrict := decimal.Zero, map[string]decimal.Decimal{}
	for _, h := range res.Households {
		if !h.Amount.Mod(unit).IsZero() || h.Amount.Sign() <= 0 {
			t.Fatalf("%s gets %s, not a positive multiple of %s", h.Code, h.Amount, unit)
		}
		byDistrict[h.District] = byDistrict[h.District].Add(h.Amount)
	}
	for _, s := range res.Districts {
		sum = sum.Add(s.Amount)
		if !byDistrict[s.District].Equal(s.Amount) || s.Amount.Sign() <= 0 {
			t.Errorf("district %s: amount %s, households %s", s.District, s.Amount, byDistrict[s.District])
		}
		t.Logf("%s: %5d poor %6d near-poor, need %8s, exact %18s, amount %11s", s.District,
			s.Households[poor], s.Households[near], s.Need, s.Exact, s.Amount)
	}
	if !sum.Equal(socTrangParams.Budget) {
		t.Errorf("districts add up to %s, want %s", sum, socTrangParams.Budget)
	}
}

// TestAllocateSocTrangRates checks the fixed packages: 8,617 × 500,000 +
// 28,987 × 300,000 = 13,004,600,000 đồng.
func TestAllocateSocTrangRates(t *testing.T) {
	p := Params{Method: Rates, Rates: map[households.Category]decimal.Decimal{poor: d("500000"), near: d("300000")}}
	res, err := Allocate(p, socTrangClaimants(t))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Total.Equal(d("13004600000")) {
		t.Errorf("total %s, want 13004600000", res.Total)
	}
	sum := decimal.Zero
	for _, s := range res.Districts {
		want := d("500000").Mul(decimal.NewFromInt(int64(s.Households[poor]))).
			Add(d("300000").Mul(decimal.NewFromInt(int64(s.Households[near]))))
		if !s.Amount.Equal(want) || !s.Need.Equal(want) {
			t.Errorf("district %s: amount %s, need %s, want %s", s.District, s.Amount, s.Need, want)
		}
		sum = sum.Add(s.Amount)
	}
	if !sum.Equal(res.Total) || len(res.Households) != 37604 {
		t.Errorf("districts add up to %s of %s over %d households", sum, res.Total, len(res.Households))
	}
}

// refApportion is an independent reference for Apportion, in big.Rat: the
// exact share of each claimant in units, its floor and its remainder.
func refApportion(total, unit decimal.Decimal, ws []decimal.Decimal, keys []string) []decimal.Decimal {
	W := new(big.Rat)
	for _, w := range ws {
		W.Add(W, w.Rat())
	}
	n := new(big.Rat).Quo(total.Rat(), unit.Rat()) // whole, by construction
	floors, rems := make([]*big.Int, len(ws)), make([]*big.Rat, len(ws))
	left := new(big.Int).Set(n.Num())
	for i, w := range ws {
		s := new(big.Rat).Quo(new(big.Rat).Mul(n, w.Rat()), W)
		floors[i] = new(big.Int).Quo(s.Num(), s.Denom())
		rems[i] = s.Sub(s, new(big.Rat).SetInt(floors[i]))
		left.Sub(left, floors[i])
	}
	order := make([]int, len(ws))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		if c := rems[j].Cmp(rems[i]); c != 0 {
			return c
		}
		if c := ws[j].Cmp(ws[i]); c != 0 {
			return c
		}
		return strings.Compare(keys[i], keys[j])
	})
	for _, i := range order[:left.Int64()] {
		floors[i].Add(floors[i], big.NewInt(1))
	}
	out := make([]decimal.Decimal, len(ws))
	for i, f := range floors {
		out[i] = decimal.NewFromBigInt(f, 0).Mul(unit)
	}
	return out
}

var propUnits = ds("1", "5", "10", "0.01", "0.05", "0.5", "3", "10000", "1000.5", "1e6")

// randWeight returns 0 one time in five, else up to 1000 with 0–3 decimals,
// or 25 one time in ten: scaled beside "1" that is beyond uint64, which takes
// the big.Int path.
func randWeight(r *rand.Rand) decimal.Decimal {
	switch r.IntN(10) {
	case 0, 1:
		return decimal.Zero
	case 2:
		return decimal.New(r.Int64N(1000)+1, -25)
	}
	return decimal.New(r.Int64N(1000)+1, -int32(r.IntN(4)))
}

// checkParts checks that parts are multiples of unit adding up to total, each
// less than a unit away from its exact share total·w_i/Σw.
func checkParts(t *testing.T, what string, total, unit decimal.Decimal, ws, parts []decimal.Decimal) {
	t.Helper()
	W, sum := new(big.Rat), decimal.Zero
	for _, w := range ws {
		W.Add(W, w.Rat())
	}
	for i, p := range parts {
		sum = sum.Add(p)
		if !new(big.Rat).Quo(p.Rat(), unit.Rat()).IsInt() {
			t.Errorf("%s: part %d = %s is not a multiple of %s", what, i, p, unit)
		}
		exact := new(big.Rat).Quo(new(big.Rat).Mul(total.Rat(), ws[i].Rat()), W)
		if off := new(big.Rat).Sub(p.Rat(), exact); new(big.Rat).Abs(off).Cmp(unit.Rat()) >= 0 {
			t.Errorf("%s: part %d = %s is %s from its share %s", what, i, p, off.FloatString(6), exact.FloatString(6))
		}
	}
	if !sum.Equal(total) {
		t.Errorf("%s: parts add up to %s, want %s", what, sum, total)
	}
}

func TestApportionProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(2021, 94))
	for c := range 500 {
		n := 1 + r.IntN(30)
		ws, keys := make([]decimal.Decimal, n), make([]string, n)
		for i := range ws {
			ws[i], keys[i] = randWeight(r), fmt.Sprintf("k%03d", r.IntN(1000))
		}
		ws[r.IntN(n)] = decimal.New(r.Int64N(1000)+1, -2) // at least one positive weight
		if r.IntN(2) == 0 {                               // a claimant with twice the weight of another
			ws = append(ws, ws[r.IntN(n)].Mul(decimal.NewFromInt(2)))
			keys = append(keys, fmt.Sprintf("k%03d", r.IntN(1000)))
		}
		unit := propUnits[r.IntN(len(propUnits))]
		total := unit.Mul(decimal.NewFromInt(r.Int64N(1_000_000)))
		if c%50 == 0 { // far beyond int64
			total = total.Mul(d("1e25"))
		}
		what := fmt.Sprintf("case %d: %s in units of %s over %v", c, total, unit, ws)
		got, err := Apportion(total, unit, ws, keys)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if diff := cmp.Diff(refApportion(total, unit, ws, keys), got, eqDecimal); diff != "" {
			t.Fatalf("%s: differs from the reference (-want +got):\n%s", what, diff)
		}
		checkParts(t, what, total, unit, ws, got)

		perm := r.Perm(len(ws))
		pw, pk := make([]decimal.Decimal, len(ws)), make([]string, len(ws))
		for i, j := range perm {
			pw[i], pk[i] = ws[j], keys[j]
		}
		pgot, err := Apportion(total, unit, pw, pk)
		if err != nil {
			t.Fatal(err)
		}
		// Claimants with the same key and weight are interchangeable, so
		// compare who gets what as sorted (key, weight, part) triples.
		if diff := cmp.Diff(triples(keys, ws, got), triples(pk, pw, pgot)); diff != "" {
			t.Fatalf("%s: permuted input, other parts (-first +permuted):\n%s", what, diff)
		}
		for i := range got {
			for j := range got {
				if ws[i].Equal(ws[j].Mul(decimal.NewFromInt(2))) && got[i].Sub(got[j].Mul(decimal.NewFromInt(2))).Abs().GreaterThan(unit) {
					t.Errorf("%s: weight %s gets %s, half of it gets %s", what, ws[i], got[i], got[j])
				}
				if ws[i].GreaterThan(ws[j]) && got[i].LessThan(got[j]) {
					t.Errorf("%s: weight %s gets %s < %s for weight %s", what, ws[i], got[i], got[j], ws[j])
				}
			}
		}
	}
}

func triples(keys []string, ws, parts []decimal.Decimal) []string {
	out := make([]string, len(keys))
	for i := range keys {
		out[i] = keys[i] + " " + ws[i].String() + " " + parts[i].String()
	}
	slices.Sort(out)
	return out
}

// randClaimants returns up to 8 districts of up to 40 households.
func randClaimants(r *rand.Rand) []Claimant {
	var cs []Claimant
	for di := range 1 + r.IntN(8) {
		for range 1 + r.IntN(40) {
			cat := []households.Category{poor, near}[r.IntN(2)]
			cs = append(cs, Claimant{Code: fmt.Sprintf("H%05d", r.IntN(100000)), District: fmt.Sprintf("D%02d", di),
				Category: cat, Members: 1 + r.IntN(9)})
		}
	}
	seen := map[string]bool{}
	return slices.DeleteFunc(cs, func(c Claimant) bool { defer func() { seen[c.Code] = true }(); return seen[c.Code] })
}

func TestAllocateProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(2021, 941))
	for c := 0; c < 300; c++ {
		cs := randClaimants(r)
		unit := propUnits[r.IntN(len(propUnits))]
		p := Params{Method: Budget, Unit: unit, Budget: unit.Mul(decimal.NewFromInt(1 + r.Int64N(100_000))),
			Weights: map[households.Category]decimal.Decimal{poor: randWeight(r), near: randWeight(r)}, PerMember: r.IntN(2) == 0}
		what := fmt.Sprintf("case %d: %s in units of %s, weights %v, per member %v", c, p.Budget, unit, p.Weights, p.PerMember)
		res, err := Allocate(p, cs)
		if !slices.ContainsFunc(cs, func(c Claimant) bool { return p.Weights[c.Category].Sign() > 0 }) {
			wantInvalid(t, err, "weights")
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		needs, amounts := make([]decimal.Decimal, len(res.Districts)), make([]decimal.Decimal, len(res.Districts))
		for i, s := range res.Districts {
			needs[i], amounts[i] = s.Need, s.Amount
		}
		checkParts(t, what, p.Budget, unit, needs, amounts)

		got := map[string]decimal.Decimal{}
		for i, h := range res.Households {
			if h.Amount.Sign() <= 0 || i > 0 && strings.Compare(res.Households[i-1].District+" "+res.Households[i-1].Code, h.District+" "+h.Code) >= 0 {
				t.Fatalf("%s: household %d: %+v out of order or without a package", what, i, h)
			}
			got[h.Code] = h.Amount
		}
		for _, s := range res.Districts {
			if s.Need.IsZero() {
				continue
			}
			var ws, parts []decimal.Decimal
			for _, cl := range cs {
				if cl.District == s.District {
					w := p.Weights[cl.Category]
					if p.PerMember {
						w = w.Mul(decimal.NewFromInt(int64(cl.Members)))
					}
					ws, parts = append(ws, w), append(parts, got[cl.Code])
				}
			}
			checkParts(t, what+" in "+s.District, s.Amount, unit, ws, parts)
		}

		shuffled := slices.Clone(cs)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		again, err := Allocate(p, shuffled)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(res, again, eqDecimal); diff != "" {
			t.Fatalf("%s: shuffled claimants give another result (-first +shuffled):\n%s", what, diff)
		}

		// A scope gives the plan of its districts alone.
		scope := []string{res.Districts[len(res.Districts)-1].District}
		if len(res.Districts) > 2 {
			scope = append(scope, res.Districts[0].District)
		}
		in := slices.DeleteFunc(slices.Clone(cs), func(c Claimant) bool { return !slices.Contains(scope, c.District) })
		alone, errAlone := Allocate(p, in)
		p.Districts = scope
		scoped, errScoped := Allocate(p, cs)
		if diff := cmp.Diff(alone, scoped, eqDecimal); diff != "" || (errAlone == nil) != (errScoped == nil) {
			t.Fatalf("%s: scope %v (%v, %v) (-alone +scoped):\n%s", what, scope, errAlone, errScoped, diff)
		}
	}
}

// TestSplitSmallMatchesBig checks the uint64 path against the big.Int one,
// up to the limits of uint64, with repeated weights and keys, sorted or not.
func TestSplitSmallMatchesBig(t *testing.T) {
	r := rand.New(rand.NewPCG(94, 2021))
	for c := range 2000 {
		k := 1 + r.IntN(20)
		limit := math.MaxUint64 / uint64(k) >> r.IntN(64)
		w, keys := make([]uint64, k), make([]string, k)
		var W uint64
		for i := range w {
			switch r.IntN(4) {
			case 0: // zero
			case 1:
				w[i] = w[r.IntN(i+1)]
			default:
				w[i] = r.Uint64N(max(limit, 1))
			}
			W += w[i]
			keys[i] = fmt.Sprintf("k%d", r.IntN(2*k))
		}
		if c%2 == 0 {
			slices.Sort(keys)
		}
		if W == 0 {
			continue
		}
		n := r.Uint64() >> r.IntN(64)
		a, _ := largestRemainder(new(big.Int).SetUint64(n), toBig(w), keys)
		want := make([]uint64, k)
		for i := range want {
			want[i] = a.units(i).Uint64()
		}
		if diff := cmp.Diff(want, splitSmall(n, w, W, keys)); diff != "" {
			t.Fatalf("%d units over %v, keys %v (-big +small):\n%s", n, w, keys, diff)
		}
	}
}
