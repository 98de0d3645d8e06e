package distribution

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/households"
)

// aid is a household of the fairness tests; Members is set by the caller
// when it matters.
func aid(district, commune, code string, cat households.Category, eligible bool, received string, deliveries int, days ...int) HouseholdAid {
	return HouseholdAid{Code: code, District: district, Commune: commune, Category: cat, Members: 1,
		Eligible: eligible, Received: d(received), Deliveries: deliveries, Days: days}
}

func withMembers(h HouseholdAid, n int) HouseholdAid { h.Members = n; return h }

// owed sets what a plan owed the household and what it delivered of it.
func owed(h HouseholdAid, entitled, fulfilled string) HouseholdAid {
	h.Entitled, h.Fulfilled = d(entitled), d(fulfilled)
	return h
}

// ignoreFlags leaves Flags to the tests of FlagReasons, the sentences
// made from them.
var ignoreFlags = cmpopts.IgnoreFields(DistrictFairness{}, "Flags")

func nd(s string) decimal.NullDecimal { return decimal.NewNullDecimal(d(s)) }

// ndIs reports whether x is the figure s.
func ndIs(x decimal.NullDecimal, s string) bool { return x.Valid && x.Decimal.Equal(d(s)) }

// twoDistricts: in 941 two poor households of commune 31498 got 1,000,000
// each, in 31501 a near-poor one got 500,000, another near-poor one nothing
// and a household not on the list 500,000. In 942 (commune 31569) the poor
// household got 1,000,000 in two deliveries, a near-poor one 500,000 (delay
// unknown), another near-poor one nothing, and so did a household not on the
// list. A plan owed every eligible household its package (1,000,000 poor,
// 500,000 near-poor): 941 got 2,500,000 of its 3,000,000, 942 1,500,000 of
// its 2,000,000.
var twoDistricts = []HouseholdAid{
	owed(withMembers(aid("941", "31498", "A1", poor, true, "1000000", 1, 5), 4), "1000000", "1000000"),
	owed(withMembers(aid("941", "31498", "A2", poor, true, "1000000", 1, 25), 2), "1000000", "1000000"),
	owed(withMembers(aid("941", "31501", "A3", near, true, "500000", 1, 10), 3), "500000", "500000"),
	owed(withMembers(aid("941", "31501", "A4", near, true, "0", 0), 1), "500000", "0"),
	withMembers(aid("941", "31501", "A5", "", false, "500000", 1, 3), 5),
	owed(withMembers(aid("942", "31569", "B1", poor, true, "1000000", 2, 30, 15), 3), "1000000", "1000000"),
	owed(withMembers(aid("942", "31569", "B2", near, true, "500000", 1), 2), "500000", "500000"),
	owed(withMembers(aid("942", "31569", "B3", near, true, "0", 0), 4), "500000", "0"),
	withMembers(aid("942", "31569", "B4", poor, false, "0", 0), 2), // neither eligible nor reached: no error
}

func cats(p, n int) map[households.Category]int { return map[households.Category]int{poor: p, near: n} }

// twoDistrictsWant is the hand-computed report of twoDistricts with the
// default weights (need 3 in 941, 2 in 942; 4,500,000 received over a need of
// 5 gives a provincial mean of 900,000) and a 20-day deadline.
func twoDistrictsWant() ([]DistrictFairness, Overall) {
	return []DistrictFairness{{
			District: "941", Eligible: cats(2, 2), EligibleTotal: 4, Reached: 3,
			Coverage: d("75"), ExclusionError: d("25"), InclusionErrors: 1,
			Received: d("3000000"), WeightedNeed: d("3"), PerWeighted: d("1000000"),
			Entitled: d("3000000"), Fulfilled: d("2500000"), Fulfilment: nd("83.33"),
			RelativeToMean: nd("1.0417"), // 2.5/3 over 4/5
			ShareOfTotal:   d("66.67"), ShareOfNeed: d("60"),
			Requested: d("3500000"), Approved: d("3000000"), Delivered: d("3000000"),
			MedianDays: 5, MaxDays: 25, LateDeliveries: 1, // delays 3 5 10 25
			Flagged: true, FlagReasons: []string{"aid per weighted household is 11.11% above the provincial mean (tolerance 10%)"},
			Communes: []CommuneFairness{{"31498", 2, 2, d("100")}, {"31501", 2, 1, d("50")}},
		}, {
			District: "942", Eligible: cats(1, 2), EligibleTotal: 3, Reached: 2,
			Coverage: d("66.67"), ExclusionError: d("33.33"),
			Received: d("1500000"), WeightedNeed: d("2"), PerWeighted: d("750000"),
			Entitled: d("2000000"), Fulfilled: d("1500000"), Fulfilment: nd("75"),
			RelativeToMean: nd("0.9375"), // 1.5/2 over 4/5
			ShareOfTotal:   d("33.33"), ShareOfNeed: d("40"),
			Requested: d("2000000"), Approved: d("0"), Delivered: d("1500000"),
			MedianDays: 15, MaxDays: 30, LateDeliveries: 1, // delays 15 30: the lower median
			Flagged: true, FlagReasons: []string{"aid per weighted household is 16.67% below the provincial mean (tolerance 10%)"},
			Communes: []CommuneFairness{{"31569", 3, 2, d("66.67")}},
		}}, Overall{
			EligibleTotal: 7, Reached: 5, Unreached: 2, InclusionErrors: 1,
			Coverage: d("71.43"), Received: d("4500000"), PerWeighted: d("900000"),
			Entitled: d("5000000"), Fulfilled: d("4000000"), Fulfilment: nd("80"),
			MaxMinRatio: nd("1.1111"), // 2.5/3 over 1.5/2
			// Shares of the packages, sorted: 0 0 1 1 1 1 1; Σx = 5,
			// Σ i·x = 25, G = (50 − 8·5) / (7·5) = 2/7.
			Gini: nd("0.2857"),
			// Eligible households' aid in units of 500,000, sorted: 0 0 1 1 2 2 2;
			// Σx = 8, Σ i·x = 43, G = 86/56 − 8/7 = 22/56.
			GiniOfAmounts:    nd("0.3929"),
			FlaggedDistricts: []string{"941", "942"},
		}
}

func unflag(ds []DistrictFairness, ov Overall) ([]DistrictFairness, Overall) {
	for i := range ds {
		ds[i].Flagged, ds[i].FlagReasons = false, nil
	}
	ov.FlaggedDistricts = nil
	return ds, ov
}

func twoDistrictsInput() FairnessInput {
	return FairnessInput{
		Households:   slices.Clone(twoDistricts),
		Requested:    map[string]decimal.Decimal{"941": d("3500000"), "942": d("2000000")},
		Approved:     map[string]decimal.Decimal{"941": d("3000000")},
		DeadlineDays: 20,
	}
}

func TestFairness(t *testing.T) {
	for _, tc := range []struct {
		name      string
		in        func() FairnessInput
		districts []DistrictFairness
		overall   Overall
	}{
		{name: "default weights and tolerance", in: twoDistrictsInput,
			districts: func() []DistrictFairness { ds, _ := twoDistrictsWant(); return ds }(),
			overall:   func() Overall { _, ov := twoDistrictsWant(); return ov }()},
		{name: "explicit defaults", in: func() FairnessInput {
			in := twoDistrictsInput()
			in.Weights, in.Tolerance = map[households.Category]decimal.Decimal{poor: d("1"), near: d("0.50")}, d("0.1")
			return in
		},
			districts: func() []DistrictFairness { ds, _ := twoDistrictsWant(); return ds }(),
			overall:   func() Overall { _, ov := twoDistrictsWant(); return ov }()},
		{name: "wider tolerance flags nothing", in: func() FairnessInput {
			in := twoDistrictsInput()
			in.Tolerance = d("0.2")
			return in
		},
			districts: func() []DistrictFairness { ds, _ := unflag(twoDistrictsWant()); return ds }(),
			overall:   func() Overall { _, ov := unflag(twoDistrictsWant()); return ov }()},
		{
			// Need 4+2+1.5+0.5 = 8 in 941 and 3+1+2 = 6 in 942: the mean is
			// 4,500,000/14 = 321,428.57; 941 gets 375,000 (16.67% above, within
			// 20%), 942 gets 250,000 (22.22% below).
			name: "per member, no deadline", in: func() FairnessInput {
				in := twoDistrictsInput()
				in.PerMember, in.Tolerance, in.DeadlineDays = true, d("0.2"), 0
				return in
			},
			districts: func() []DistrictFairness {
				ds, _ := unflag(twoDistrictsWant())
				ds[0].WeightedNeed, ds[0].PerWeighted, ds[0].ShareOfNeed = d("8"), d("375000"), d("57.14")
				ds[1].WeightedNeed, ds[1].PerWeighted, ds[1].ShareOfNeed = d("6"), d("250000"), d("42.86")
				ds[1].Flagged, ds[1].FlagReasons = true, []string{"aid per weighted household is 22.22% below the provincial mean (tolerance 20%)"}
				ds[0].LateDeliveries, ds[1].LateDeliveries = 0, 0
				return ds
			}(),
			overall: func() Overall {
				_, ov := twoDistrictsWant()
				ov.PerWeighted, ov.FlaggedDistricts = d("321428.57"), []string{"942"}
				return ov
			}(),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Fairness(tc.in())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.districts, got.Districts, eqDecimal, ignoreFlags); diff != "" {
				t.Errorf("districts mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.overall, got.Overall, eqDecimal, ignoreFlags); diff != "" {
				t.Errorf("overall mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFairnessToleranceBoundary checks that a deviation of exactly the
// tolerance is not flagged: 110 and 90 against a mean of 100 are 10% off,
// for aid per weighted household and for fulfilment alike.
func TestFairnessToleranceBoundary(t *testing.T) {
	perWeighted := []HouseholdAid{aid("941", "31498", "X", poor, true, "110", 1), aid("942", "31569", "Y", poor, true, "90", 1)}
	// Both got 100, but X got 55 of its 100 package, Y 45 of its (and 55
	// more from a request): fulfilment 55% and 45% against 50%.
	fulfilled := []HouseholdAid{owed(aid("941", "31498", "X", poor, true, "100", 1), "100", "55"), owed(aid("942", "31569", "Y", poor, true, "100", 2), "100", "45")}
	for _, tc := range []struct {
		tol     string
		flagged []string
	}{
		{"0", nil}, // the default, 0.10
		{"0.1", nil},
		{"0.0999", []string{"941", "942"}},
	} {
		got, err := Fairness(FairnessInput{Households: perWeighted, Tolerance: d(tc.tol)})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.flagged, got.Overall.FlaggedDistricts); diff != "" {
			t.Errorf("tolerance %s: flagged districts mismatch (-want +got):\n%s", tc.tol, diff)
		}
		got, err = Fairness(FairnessInput{Households: fulfilled, Tolerance: d(tc.tol)})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.flagged, got.Overall.FlaggedDistricts); diff != "" {
			t.Errorf("tolerance %s, fulfilment: flagged districts mismatch (-want +got):\n%s", tc.tol, diff)
		}
		rel := []decimal.NullDecimal{got.Districts[0].RelativeToMean, got.Districts[1].RelativeToMean}
		if diff := cmp.Diff([]decimal.NullDecimal{nd("1.1"), nd("0.9")}, rel, eqDecimal, ignoreFlags); diff != "" {
			t.Errorf("tolerance %s: relative to mean mismatch (-want +got):\n%s", tc.tol, diff)
		}
		if tc.flagged != nil {
			want := []string{"delivered 45% of what it was owed, 10% below the province's 50% (tolerance 9.99%)"}
			if diff := cmp.Diff(want, got.Districts[1].FlagReasons); diff != "" {
				t.Errorf("tolerance %s: flag reasons mismatch (-want +got):\n%s", tc.tol, diff)
			}
		}
	}
}

// TestFairnessRoundsAtTheEnd: 941 got 1 for a need of 3 (0.33 when rounded)
// and 942 got 1 for a need of 1, so the mean is 2/4. The ratios come from the
// exact figures: 941 is at 2/3 of the mean, not 0.33/0.5 = 0.66, and the max/min
// ratio is 3, not 1/0.33.
func TestFairnessRoundsAtTheEnd(t *testing.T) {
	hs := []HouseholdAid{
		owed(aid("941", "31498", "X1", poor, true, "1", 1), "1", "1"), owed(aid("941", "31498", "X2", poor, true, "0", 0), "1", "0"),
		owed(aid("941", "31498", "X3", poor, true, "0", 0), "1", "0"), owed(aid("942", "31569", "Y1", poor, true, "1", 1), "1", "1"),
	}
	got, err := Fairness(FairnessInput{Households: hs})
	if err != nil {
		t.Fatal(err)
	}
	gotFigures := []decimal.Decimal{got.Districts[0].PerWeighted, got.Districts[0].RelativeToMean.Decimal, got.Districts[1].PerWeighted,
		got.Districts[1].RelativeToMean.Decimal, got.Overall.PerWeighted, got.Overall.MaxMinRatio.Decimal}
	want := []decimal.Decimal{d("0.33"), d("0.6667"), d("1"), d("2"), d("0.5"), d("3")}
	if diff := cmp.Diff(want, gotFigures, eqDecimal, ignoreFlags); diff != "" {
		t.Errorf("per weighted, relative to mean, mean and max/min ratio mismatch (-want +got):\n%s", diff)
	}
}

func TestGini(t *testing.T) {
	for _, tc := range []struct {
		name string
		xs   []string
		want string
	}{
		{"nobody", nil, ""},
		{"one household", []string{"700000"}, "0"},
		{"all equal", []string{"1500000", "1500000", "1500000", "1500000", "1500000"}, "0"},
		{"nothing received", []string{"0", "0", "0"}, ""}, // 0/0: no figure
		{"one of 4 has everything", []string{"0", "0", "1000000", "0"}, "0.75"},
		{"one of 5 has everything", []string{"0", "0", "0", "0", "2"}, "0.8"},
		{"1 2 3 4", []string{"1", "2", "3", "4"}, "0.25"},
		{"order does not matter", []string{"4", "1", "3", "2"}, "0.25"},
		{"scale does not matter", []string{"4000000", "1000000", "3000000", "2000000"}, "0.25"},
		// (2·(1+4) − 3·3) / (2·3) = 1/6.
		{"rounded half up", []string{"1", "2"}, "0.1667"},
		{"decimals", []string{"0.5", "1.5"}, "0.25"},
	} {
		xs := make([]decimal.Decimal, len(tc.xs))
		for i, s := range tc.xs {
			xs[i] = d(s)
		}
		want := decimal.NullDecimal{}
		if tc.want != "" {
			want = nd(tc.want)
		}
		if got := gini(xs); got.Valid != want.Valid || !got.Decimal.Equal(want.Decimal) {
			t.Errorf("%s: gini(%v) = %v, want %v", tc.name, tc.xs, got, want)
		}
	}
}

// TestGiniMeanDifference compares the sorted formula with the definition,
// Σ_i Σ_j |x_i − x_j| / (2·n·Σx), on random amounts.
func TestGiniMeanDifference(t *testing.T) {
	r := rand.New(rand.NewPCG(93, 2021))
	for c := 0; c < 300; c++ {
		xs := make([]decimal.Decimal, 1+r.IntN(30))
		for i := range xs {
			if r.IntN(4) > 0 {
				xs[i] = decimal.New(r.Int64N(5_000_000), -int32(r.IntN(3)))
			} else {
				xs[i] = decimal.Zero
			}
		}
		sum, diffs := decimal.Zero, decimal.Zero
		for _, x := range xs {
			sum = sum.Add(x)
			for _, y := range xs {
				diffs = diffs.Add(x.Sub(y).Abs())
			}
		}
		want := decimal.NullDecimal{}
		if sum.Sign() > 0 {
			want = decimal.NewNullDecimal(diffs.DivRound(sum.Mul(decimal.NewFromInt(int64(2*len(xs)))), 4))
		}
		if got := gini(xs); got.Valid != want.Valid || !got.Decimal.Equal(want.Decimal) {
			t.Fatalf("gini(%v) = %v, want %v", xs, got, want)
		}
	}
}

// randAid returns up to 6 districts of up to 5 communes of up to 30
// households each, with random amounts and delays; codes are unique.
func randAid(r *rand.Rand) []HouseholdAid {
	var hs []HouseholdAid
	for di := range 1 + r.IntN(6) {
		for ci := range 1 + r.IntN(5) {
			for range 1 + r.IntN(30) {
				h := HouseholdAid{Code: fmt.Sprintf("H%06d", len(hs)), District: fmt.Sprintf("D%02d", di), Commune: fmt.Sprintf("C%02d%02d", di, ci),
					Category: []households.Category{poor, near}[r.IntN(2)], Members: 1 + r.IntN(9), Eligible: r.IntN(10) > 0, Received: decimal.Zero}
				if r.IntN(5) > 0 {
					h.Deliveries = 1 + r.IntN(3)
					h.Received = decimal.NewFromInt(r.Int64N(40) * 50_000)
					for range r.IntN(h.Deliveries + 1) {
						h.Days = append(h.Days, r.IntN(40))
					}
				}
				if !h.Eligible && r.IntN(2) == 0 {
					h.Category = ""
				}
				hs = append(hs, h)
			}
		}
	}
	return hs
}

// TestFairnessEqualPackages: when every eligible household got its package,
// coverage is full everywhere, every district is at the mean fulfilment
// (100%) and the Gini of fulfilment is 0, whatever the packages; packages
// in proportion to the weights also put every district at the mean aid per
// weighted household, and only equal packages give a Gini of amounts of 0.
func TestFairnessEqualPackages(t *testing.T) {
	r := rand.New(rand.NewPCG(2021, 95))
	for c := 0; c < 50; c++ {
		hs := randAid(r)
		hs = slices.DeleteFunc(hs, func(h HouseholdAid) bool { return !h.Eligible })
		equal := c%2 == 0
		for i := range hs {
			h := &hs[i]
			h.Deliveries, h.Days, h.Received = 1, []int{r.IntN(21)}, d("1500000")
			if !equal && h.Category == near {
				h.Received = d("750000")
			}
			h.Entitled, h.Fulfilled = h.Received, h.Received
		}
		in := FairnessInput{Households: hs, DeadlineDays: 20}
		if equal {
			in.Weights = map[households.Category]decimal.Decimal{poor: d("1"), near: d("1")}
		}
		got, err := Fairness(in)
		if err != nil {
			t.Fatal(err)
		}
		what := fmt.Sprintf("case %d (equal packages %v)", c, equal)
		for _, df := range got.Districts {
			if !df.Coverage.Equal(d("100")) || !df.ExclusionError.IsZero() || !ndIs(df.RelativeToMean, "1") || !ndIs(df.Fulfilment, "100") ||
				df.Flagged || df.LateDeliveries != 0 || df.InclusionErrors != 0 {
				t.Errorf("%s: district %+v, want full coverage at the mean, nothing flagged or late", what, df)
			}
		}
		ov := got.Overall
		if ov.Unreached != 0 || !ov.Coverage.Equal(d("100")) || len(ov.FlaggedDistricts) > 0 ||
			!ov.MaxMinRatio.Valid || !ov.MaxMinRatio.Decimal.Equal(d("1")) || !ndIs(ov.Gini, "0") {
			t.Errorf("%s: overall %+v, want full coverage, ratio 1, Gini 0, nothing flagged", what, ov)
		}
		mixed := slices.ContainsFunc(hs, func(h HouseholdAid) bool { return h.Category == poor }) &&
			slices.ContainsFunc(hs, func(h HouseholdAid) bool { return h.Category == near })
		if wantZero := equal || !mixed; !ov.GiniOfAmounts.Valid || ov.GiniOfAmounts.Decimal.IsZero() != wantZero {
			t.Errorf("%s: Gini of amounts %v, want zero %v", what, ov.GiniOfAmounts, wantZero)
		}
	}
}

func TestFairnessZeroNeed(t *testing.T) {
	hs := []HouseholdAid{
		aid("941", "31498", "X1", poor, true, "100", 1),
		aid("942", "31569", "Y1", poor, true, "0", 0),
		aid("943", "31528", "Z1", "", false, "50", 1), // 943 has nobody eligible
	}
	got, err := Fairness(FairnessInput{Households: hs, Approved: map[string]decimal.Decimal{"944": d("1000")}})
	if err != nil {
		t.Fatal(err)
	}
	zero := DistrictFairness{Eligible: cats(0, 0), Coverage: d("100"), ExclusionError: d("0"), Received: d("0"), WeightedNeed: d("0"),
		PerWeighted: d("0"), Entitled: d("0"), Fulfilled: d("0"), ShareOfTotal: d("0"), ShareOfNeed: d("0"), Requested: d("0"), Approved: d("0"), Delivered: d("0")}
	x, y, z, w := zero, zero, zero, zero
	x.District, x.Eligible, x.EligibleTotal, x.Reached, x.Received, x.Delivered, x.WeightedNeed = "941", cats(1, 0), 1, 1, d("100"), d("100"), d("1")
	x.PerWeighted, x.ShareOfTotal, x.ShareOfNeed = d("100"), d("66.67"), d("50")
	x.Flagged, x.FlagReasons = true, []string{"aid per weighted household is 33.33% above the provincial mean (tolerance 10%)"}
	x.Communes = []CommuneFairness{{"31498", 1, 1, d("100")}}
	y.District, y.Eligible, y.EligibleTotal, y.WeightedNeed, y.ShareOfNeed = "942", cats(1, 0), 1, d("1"), d("50")
	y.Coverage, y.ExclusionError = d("0"), d("100")
	y.Flagged, y.FlagReasons = true, []string{"aid per weighted household is 100% below the provincial mean (tolerance 10%)"}
	y.Communes = []CommuneFairness{{"31569", 1, 0, d("0")}}
	z.District, z.InclusionErrors, z.Received, z.Delivered, z.ShareOfTotal = "943", 1, d("50"), d("50"), d("33.33")
	z.Flagged, z.FlagReasons = true, []string{"received 50 but has no weighted need (no eligible household with a positive weight)"}
	z.Communes = []CommuneFairness{{"31528", 0, 0, d("100")}}
	w.District, w.Approved = "944", d("1000")
	if diff := cmp.Diff([]DistrictFairness{x, y, z, w}, got.Districts, eqDecimal, ignoreFlags); diff != "" {
		t.Errorf("districts mismatch (-want +got):\n%s", diff)
	}
	want := Overall{EligibleTotal: 2, Reached: 1, Unreached: 1, InclusionErrors: 1, Coverage: d("50"), Received: d("150"),
		PerWeighted: d("75"), Entitled: d("0"), Fulfilled: d("0"), GiniOfAmounts: nd("0.5"), FlaggedDistricts: []string{"941", "942", "943"}} // nothing owed: no fulfilment, ratio or Gini
	if diff := cmp.Diff(want, got.Overall, eqDecimal, ignoreFlags); diff != "" {
		t.Errorf("overall mismatch (-want +got):\n%s", diff)
	}

	t.Run("no weight", func(t *testing.T) {
		got, err := Fairness(FairnessInput{Households: hs, Weights: map[households.Category]decimal.Decimal{poor: d("0")}})
		if err != nil {
			t.Fatal(err)
		}
		ov := got.Overall
		if !ov.PerWeighted.IsZero() || ov.MaxMinRatio.Valid || !slices.Equal(ov.FlaggedDistricts, []string{"941", "943"}) {
			t.Errorf("overall %+v, want mean 0, no ratio, 941 and 943 flagged for aid without need", ov)
		}
		for _, df := range got.Districts {
			if !df.WeightedNeed.IsZero() || !df.PerWeighted.IsZero() || !df.ShareOfNeed.IsZero() || df.RelativeToMean.Valid {
				t.Errorf("district %+v, want no need", df)
			}
		}
	})
	t.Run("nothing received", func(t *testing.T) {
		none := []HouseholdAid{owed(aid("941", "31498", "X1", poor, true, "0", 0), "100", "0"), owed(aid("942", "31569", "Y1", near, true, "0", 0), "50", "0")}
		got, err := Fairness(FairnessInput{Households: none})
		if err != nil {
			t.Fatal(err)
		}
		ov := got.Overall
		if !ov.PerWeighted.IsZero() || ov.MaxMinRatio.Valid || ov.Gini.Valid || ov.GiniOfAmounts.Valid || ov.FlaggedDistricts != nil ||
			!ov.Coverage.IsZero() || !ndIs(ov.Fulfilment, "0") {
			t.Errorf("overall %+v, want mean 0, fulfilment 0, no ratio, no Gini, coverage 0, nothing flagged", ov)
		}
		for _, df := range got.Districts {
			// 0 of 0 is no ratio: not 1, not 0.
			if df.RelativeToMean.Valid || !df.ShareOfTotal.IsZero() || !ndIs(df.Fulfilment, "0") {
				t.Errorf("district %+v, want fulfilment 0, no relative figure and no share", df)
			}
		}
	})
	t.Run("no household", func(t *testing.T) {
		got, err := Fairness(FairnessInput{})
		if err != nil {
			t.Fatal(err)
		}
		want := Overall{Coverage: d("100"), Received: d("0"), PerWeighted: d("0"), Entitled: d("0"), Fulfilled: d("0")}
		if diff := cmp.Diff(want, got.Overall, eqDecimal, ignoreFlags); diff != "" || got.Districts != nil {
			t.Errorf("districts %+v; overall mismatch (-want +got):\n%s", got.Districts, diff)
		}
	})
}

func TestFairnessDays(t *testing.T) {
	for _, tc := range []struct {
		days                   []int
		deadline               int
		median, maximum, lates int
	}{
		{nil, 20, 0, 0, 0},
		{[]int{7}, 20, 7, 7, 0},
		{[]int{9, 1, 5}, 0, 5, 9, 0},
		{[]int{9, 1, 5}, 5, 5, 9, 1}, // 5 days is on time
		{[]int{4, 1, 3, 2}, 3, 2, 4, 1},
		{[]int{30, 21, 20, 20}, 20, 20, 30, 2},
	} {
		// The delays are spread over households, one delivery each.
		var hs []HouseholdAid
		for i, dd := range tc.days {
			hs = append(hs, aid("941", "31498", fmt.Sprintf("H%d", i), poor, true, "1", 1, dd))
		}
		hs = append(hs, aid("941", "31498", "Z", poor, true, "1", 1)) // a delivery with no date
		got, err := Fairness(FairnessInput{Households: hs, DeadlineDays: tc.deadline})
		if err != nil {
			t.Fatal(err)
		}
		df := got.Districts[0]
		if df.MedianDays != tc.median || df.MaxDays != tc.maximum || df.LateDeliveries != tc.lates {
			t.Errorf("days %v, deadline %d: median %d, max %d, late %d; want %d, %d, %d",
				tc.days, tc.deadline, df.MedianDays, df.MaxDays, df.LateDeliveries, tc.median, tc.maximum, tc.lates)
		}
	}
}

// figureNames are the names the brief gives the figures.
var figureNames = []string{"coverage", "exclusion_error", "inclusion_errors", "per_weighted_household", "relative_to_mean",
	"share_of_total", "share_of_need", "max_min_ratio", "gini", "median_days", "late_deliveries", "flagged",
	"eligible", "eligible_total", "reached", "unreached", "received", "weighted_need", "requested", "approved", "delivered",
	"max_days", "flag_reasons", "flagged_districts", "communes", "district", "commune"}

// snake turns a field name into the name of its figure.
func snake(field string) string {
	if field == "PerWeighted" {
		return "per_weighted_household"
	}
	var b strings.Builder
	for i, c := range field {
		if unicode.IsUpper(c) && i > 0 {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

func TestFairnessDefinitions(t *testing.T) {
	got, err := Fairness(FairnessInput{Tolerance: d("0.15"), DeadlineDays: 20, PerMember: true})
	if err != nil {
		t.Fatal(err)
	}
	// Every field of the report's types is a figure, so a field added later
	// without a definition fails here.
	names := slices.Clone(figureNames)
	for _, v := range []any{DistrictFairness{}, CommuneFairness{}, Overall{}} {
		ty := reflect.TypeOf(v)
		for i := range ty.NumField() {
			names = append(names, snake(ty.Field(i).Name))
		}
	}
	for _, n := range names {
		if def := got.Definitions[n]; !strings.HasSuffix(def, ".") || !unicode.IsUpper([]rune(def)[0]) {
			t.Errorf("definition of %q is %q, want a sentence", n, def)
		}
	}
	for n := range got.Definitions {
		if !slices.Contains(names, n) {
			t.Errorf("definition of %q, which is no figure of the report", n)
		}
	}
	for n, part := range map[string]string{"flagged": "15%", "late_deliveries": "20 days", "weighted_need": "poor 1, near-poor 0.5, times the number of members"} {
		if !strings.Contains(got.Definitions[n], part) {
			t.Errorf("definition of %q is %q, want it to say %q", n, got.Definitions[n], part)
		}
	}
}

// TestFairnessDeterministic shuffles the households: the report, its
// definitions included, must not change, and the input must not be touched.
func TestFairnessDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(941, 2021))
	inputs := []FairnessInput{twoDistrictsInput()}
	for range 20 {
		inputs = append(inputs, FairnessInput{Households: randAid(r), PerMember: r.IntN(2) == 0, DeadlineDays: 20})
	}
	for c, in := range inputs {
		want, err := Fairness(in)
		if err != nil {
			t.Fatal(err)
		}
		for range 5 {
			hs := slices.Clone(in.Households)
			r.Shuffle(len(hs), func(i, j int) { hs[i], hs[j] = hs[j], hs[i] })
			kept := fmt.Sprint(hs)
			in2 := in
			in2.Households = hs
			got, err := Fairness(in2)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, eqDecimal, ignoreFlags); diff != "" {
				t.Fatalf("input %d: shuffled households give another report (-first +shuffled):\n%s", c, diff)
			}
			if fmt.Sprint(hs) != kept {
				t.Fatalf("input %d: Fairness changed its input", c)
			}
		}
	}
}

func TestFairnessErrors(t *testing.T) {
	ok := aid("941", "31498", "H1", poor, true, "100", 1, 3)
	with := func(f func(*HouseholdAid)) []HouseholdAid { h := ok; f(&h); return []HouseholdAid{h} }
	for _, tc := range []struct {
		name, field, message string
		in                   FairnessInput
	}{
		{"negative weight", "weights.near_poor", "negative",
			FairnessInput{Households: []HouseholdAid{ok}, Weights: map[households.Category]decimal.Decimal{poor: d("1"), near: d("-0.5")}}},
		{"unknown category weight", "weights.rich", "unknown",
			FairnessInput{Households: []HouseholdAid{ok}, Weights: map[households.Category]decimal.Decimal{poor: d("1"), "rich": d("0")}}},
		{"negative tolerance", "tolerance", "negative", FairnessInput{Households: []HouseholdAid{ok}, Tolerance: d("-0.1")}},
		{"negative deadline", "deadline_days", "negative", FairnessInput{Households: []HouseholdAid{ok}, DeadlineDays: -1}},
		{"negative request", "requested.941", "negative",
			FairnessInput{Households: []HouseholdAid{ok}, Requested: map[string]decimal.Decimal{"941": d("-1")}}},
		{"empty district approved", "approved", "empty district",
			FairnessInput{Households: []HouseholdAid{ok}, Approved: map[string]decimal.Decimal{"": d("1")}}},
		{"duplicate code", "households", "household H1 is listed 2 times",
			FairnessInput{Households: []HouseholdAid{ok, aid("942", "31569", "H1", near, false, "0", 0)}}},
		{"no code", "households", "no code", FairnessInput{Households: with(func(h *HouseholdAid) { h.Code = "" })}},
		{"no district", "households", "no district", FairnessInput{Households: with(func(h *HouseholdAid) { h.District = "" })}},
		{"no commune", "households", "no commune", FairnessInput{Households: with(func(h *HouseholdAid) { h.Commune = "" })}},
		{"eligible without category", "households", "unknown category",
			FairnessInput{Households: with(func(h *HouseholdAid) { h.Category = "" })}},
		{"unknown category", "households", "unknown category",
			FairnessInput{Households: with(func(h *HouseholdAid) { h.Category, h.Eligible = "rich", false })}},
		{"no members per member", "households", "0 members",
			FairnessInput{Households: with(func(h *HouseholdAid) { h.Members = 0 }), PerMember: true}},
		{"negative received", "households", "negative amount",
			FairnessInput{Households: with(func(h *HouseholdAid) { h.Received = d("-1") })}},
		{"absurd precision", "households", "decimal places",
			FairnessInput{Households: with(func(h *HouseholdAid) { h.Received = d("1e-9999") })}},
		{"received without delivery", "households", "in no delivery",
			FairnessInput{Households: with(func(h *HouseholdAid) { h.Deliveries, h.Days = 0, nil })}},
		{"more delays than deliveries", "households", "more delivery delays (2) than deliveries (1)",
			FairnessInput{Households: with(func(h *HouseholdAid) { h.Days = []int{1, 2} })}},
		{"negative delay", "households", "negative delivery delay",
			FairnessInput{Households: with(func(h *HouseholdAid) { h.Days = []int{-1} })}},
		{"negative entitlement", "households", "negative entitlement",
			FairnessInput{Households: with(func(h *HouseholdAid) { h.Entitled = d("-1") })}},
		{"fulfilled more than received", "households", "delivered 101 against its entitlement but received 100",
			FairnessInput{Households: with(func(h *HouseholdAid) { h.Entitled, h.Fulfilled = d("200"), d("101") })}},
		{"fulfilled without entitlement", "households", "delivered 50 against no entitlement",
			FairnessInput{Households: with(func(h *HouseholdAid) { h.Fulfilled = d("50") })}},
		{"negative request owed", "request_owed.941", "negative",
			FairnessInput{Households: []HouseholdAid{ok}, RequestOwed: map[string]decimal.Decimal{"941": d("-1")}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Fairness(tc.in)
			if got.Districts != nil || got.Definitions != nil {
				t.Errorf("got a report with the error: %+v", got)
			}
			wantInvalid(t, err, tc.field)
			if err != nil && !strings.Contains(err.Error(), tc.message) {
				t.Errorf("error %q does not say %q", err, tc.message)
			}
		})
	}
}

// TestFairnessErrorOrder: the same invalid households in any order give the
// same error.
func TestFairnessErrorOrder(t *testing.T) {
	hs := []HouseholdAid{
		aid("941", "31498", "H1", poor, true, "100", 1),
		aid("942", "31569", "H1", "", true, "-5", 0), // a duplicate, with problems of its own
		aid("942", "31569", "H2", poor, true, "100", 0),
		aid("943", "31528", "", near, true, "0", 0),
		aid("943", "31528", "", near, true, "0", 0),
		aid("941", "31498", "H3", poor, true, "0", 0, 4),
	}
	_, first := Fairness(FairnessInput{Households: hs})
	if e, ok := rl.AsError(first); !ok || len(e.Fields) != 1 {
		t.Fatalf("got %v, want one invalid field", first)
	}
	// By district, commune and code; the copies of H1 are not checked further.
	want := `the request has invalid fields; households: household H1 is listed 2 times; ` +
		`household H3 lists more delivery delays (1) than deliveries (0); household H2 received 100 in no delivery; ` +
		`a household of district "943", commune "31528" has no code; a household of district "943", commune "31528" has no code`
	if first.Error() != want {
		t.Errorf("got error\n%s\nwant\n%s", first, want)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		r.Shuffle(len(hs), func(i, j int) { hs[i], hs[j] = hs[j], hs[i] })
		if _, err := Fairness(FairnessInput{Households: hs}); err == nil || err.Error() != first.Error() {
			t.Fatalf("got %v, want %v", err, first)
		}
	}
}
