package distribution

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/households"
	"reliefledger/ledger"
)

// HouseholdAid is one household in the scope of a fairness report: on the
// eligible list, or reached though not on it.
type HouseholdAid struct {
	Code, District, Commune string
	// Category may be empty for a household that is not eligible (it may not
	// be on any list); an eligible household must have a known category.
	Category   households.Category
	Members    int
	Eligible   bool            // on the eligible list for this scope (plan's claimants, or the active registry for a fund/period)
	Received   decimal.Decimal // money in đồng or goods quantity received in scope (0 if none)
	Deliveries int             // number of deliveries received in scope
	// Days holds, for some or all of the deliveries, the days from the
	// approval of the plan or request each was delivered from to the
	// delivery; it may be empty when the dates are unknown, and is never
	// longer than Deliveries.
	Days []int
	// Dates holds the dates of some or all of the deliveries, for a
	// deadline fixed as a date (FairnessInput.Due); never longer than
	// Deliveries.
	Dates []ledger.Date
	// Entitled is what approved plans in scope still owed the household
	// (its packages), 0 when none; Fulfilled is the part of Received
	// delivered against it. Fulfilled / Entitled is the household's share of
	// its entitlement, the measure of the Gini and of the spread between
	// districts.
	Entitled, Fulfilled decimal.Decimal
}

// FairnessInput is everything a fairness report needs, prepared by the
// caller from the database.
type FairnessInput struct {
	Households []HouseholdAid
	// Weights is the weight of a household by category. Nil means poor 1,
	// near-poor 0.5; in a non-nil table a missing category weighs 0, as in
	// Params.Weights.
	Weights   map[households.Category]decimal.Decimal
	PerMember bool // weight × members
	// Tolerance flags a district whose aid per weighted household deviates
	// from the provincial mean by more than this fraction; zero means 0.10.
	Tolerance           decimal.Decimal
	Requested, Approved map[string]decimal.Decimal // per district code (may be nil)
	// DeadlineDays counts a delivery as late when its Days exceed it: a
	// figure the caller chose, read from no regulation; 0 means no deadline.
	DeadlineDays int
	// Due, when set, replaces DeadlineDays with a campaign's deadline.
	Due DueDate
	// RequestOwed is, per district code, what approved requests in scope
	// still owed the district, and RequestDelivered what was delivered
	// against them in scope (to households and organisations); they count
	// in the district's entitlement beside its households' (may be nil).
	RequestOwed, RequestDelivered map[string]decimal.Decimal
}

// DueDate is a delivery deadline fixed as a date by the rule set of a
// campaign: a delivery dated after Date is late. Unknown says that the
// rule set states no deadline anyone could trace to a clause: lateness is
// then not computed. Rule says where the deadline comes from, for the
// definitions.
type DueDate struct {
	Date    ledger.Date
	Unknown bool
	Rule    string
}

// Late reports whether a delivery dated on is late: after a known due
// date. Under an unknown deadline nothing is late.
func (d DueDate) Late(on ledger.Date) bool { return !d.Unknown && on.After(d.Date) }

// Set reports whether the deadline is given (known or not).
func (d DueDate) Set() bool { return !d.Date.IsZero() || d.Unknown }

// CommuneFairness is the coverage of one commune.
type CommuneFairness struct {
	Commune           string
	Eligible, Reached int
	Coverage          decimal.Decimal // as DistrictFairness.Coverage
}

// DistrictFairness is the fairness of the aid to one district.
type DistrictFairness struct {
	District      string
	Eligible      map[households.Category]int // eligible households by category (both keys always present)
	EligibleTotal int
	Reached       int // eligible households with at least one delivery
	// Coverage is Reached / EligibleTotal × 100, 2 decimals. A district with
	// no eligible household has Coverage 100: nobody it should have reached
	// was missed, and a 0 would read as a failure.
	Coverage        decimal.Decimal
	ExclusionError  decimal.Decimal // 100 − Coverage
	InclusionErrors int             // households reached but not eligible
	Received        decimal.Decimal // total received by every household of the district, eligible or not
	WeightedNeed    decimal.Decimal // Σ weights of the eligible households
	PerWeighted     decimal.Decimal // Received / WeightedNeed, 2 decimals; 0 when WeightedNeed is 0
	// Entitled is what the district's households and approved requests were
	// owed in scope (Σ HouseholdAid.Entitled + RequestOwed), Fulfilled what
	// was delivered against it, and Fulfilment Fulfilled / Entitled × 100,
	// 2 decimals, null when nothing was owed.
	Entitled, Fulfilled decimal.Decimal
	Fulfilment          decimal.NullDecimal
	// RelativeToMean is the district's fulfilment over the province's, from
	// the exact ratios, 4 decimals: 1 when the district got the same share
	// of what it was owed as the province. Null when the district was owed
	// nothing or the province delivered nothing of what it was owed (0/0 is
	// not a ratio).
	RelativeToMean                 decimal.NullDecimal
	ShareOfTotal                   decimal.Decimal // % of all Received, 2 decimals; 0 when nothing was received
	ShareOfNeed                    decimal.Decimal // % of all WeightedNeed, 2 decimals; 0 when there is no need
	Requested, Approved, Delivered decimal.Decimal // Delivered = Received
	// MedianDays is the lower median of the known delivery delays (the
	// smaller middle value for an even count, so it is always a delay that
	// happened); MedianDays and MaxDays are 0 when no delay is known.
	MedianDays, MaxDays int
	// LateDeliveries counts deliveries with Days > DeadlineDays (when
	// DeadlineDays > 0), or dated after Due.Date (when Due is set and
	// known); 0 when the deadline is unknown: not computed.
	LateDeliveries int
	// Flagged is set when FlagReasons is not empty: fulfilment more than the
	// tolerance above or below the province's, aid per weighted household
	// more than the tolerance above or below the provincial mean, or aid
	// received by a district with no weighted need (infinitely above it).
	// Coverage is not flagged: it is reported for every district anyway, and
	// a flag for anything under 100% would flag nearly all of them.
	Flagged     bool
	Flags       []Flag            // why, with the figures each reason cites
	FlagReasons []string          // the same reasons in English, one sentence each
	Communes    []CommuneFairness // sorted by code
}

// The kinds of Flag.
const (
	FlagFulfilment  = "fulfilment"   // fulfilment off the province's by more than the tolerance
	FlagPerWeighted = "per_weighted" // aid per weighted household off the provincial mean
	FlagNoNeed      = "no_need"      // aid received with no weighted need
	FlagNothingOwed = "nothing_owed" // aid delivered against approvals that owed the district nothing
)

// Flag is one reason a district is flagged. Deviations give Above, the
// deviation in percent of the province's figure (2 decimals) and the
// tolerance in percent; FlagFulfilment also the district's and the
// province's fulfilment (%); FlagNoNeed and FlagNothingOwed the Amount.
type Flag struct {
	Kind                 string
	Above                bool
	Deviation, Tolerance decimal.Decimal
	Fulfilment, Province decimal.Decimal
	Amount               decimal.Decimal
}

// Reason is the flag as one English sentence.
func (f Flag) Reason() string {
	dir := "below"
	if f.Above {
		dir = "above"
	}
	switch f.Kind {
	case FlagFulfilment:
		return fmt.Sprintf("delivered %s%% of what it was owed, %s%% %s the province's %s%% (tolerance %s%%)", f.Fulfilment, f.Deviation, dir, f.Province, f.Tolerance)
	case FlagPerWeighted:
		return fmt.Sprintf("aid per weighted household is %s%% %s the provincial mean (tolerance %s%%)", f.Deviation, dir, f.Tolerance)
	case FlagNoNeed:
		return fmt.Sprintf("received %s but has no weighted need (no eligible household with a positive weight)", f.Amount)
	default:
		return fmt.Sprintf("delivered %s against approvals that owed it nothing", f.Amount)
	}
}

// Overall sums a fairness report up for the province.
type Overall struct {
	EligibleTotal, Reached, Unreached, InclusionErrors int
	Coverage                                           decimal.Decimal // as DistrictFairness.Coverage
	Received                                           decimal.Decimal
	PerWeighted                                        decimal.Decimal     // provincial mean: Σ Received / Σ WeightedNeed, 2 decimals; 0 when there is no need
	Entitled, Fulfilled                                decimal.Decimal     // Σ of the districts'
	Fulfilment                                         decimal.NullDecimal // as DistrictFairness.Fulfilment
	// MaxMinRatio is the largest district fulfilment over the smallest among
	// districts owed something, from the exact ratios, 4 decimals; null when
	// there is no such district or the smallest is 0.
	MaxMinRatio decimal.NullDecimal
	// Gini is the Gini coefficient of Fulfilled / Entitled over the
	// households owed something (those that got nothing count as 0), 4
	// decimals: 0 when every household got the same share of its
	// entitlement, whatever the plan's packages. Null when no household was
	// owed anything or nothing owed was delivered.
	Gini decimal.NullDecimal
	// GiniOfAmounts is the Gini coefficient of the amounts received by the
	// eligible households (zeros included), 4 decimals: it counts the
	// differences a plan intends (poor and near-poor packages) as
	// inequality. Null when nothing was received.
	GiniOfAmounts    decimal.NullDecimal
	FlaggedDistricts []string // sorted
}

// FairnessReport is the fairness of an aid effort between districts and
// communes.
type FairnessReport struct {
	// Districts are sorted by code. They are the districts of the
	// households, and those named only in Requested or Approved (with no
	// household in scope, so that approved but undelivered aid shows).
	Districts   []DistrictFairness
	Overall     Overall
	Definitions map[string]string // one plain-English sentence per figure, keyed by its snake_case name
	// Basis is what the figures were computed with, which the definitions
	// state: a translation of them needs it too.
	Basis FairnessBasis
}

// FairnessBasis is the weights, tolerance and deadline a report used.
type FairnessBasis struct {
	Weights      map[households.Category]decimal.Decimal
	PerMember    bool
	Tolerance    decimal.Decimal
	DeadlineDays int
	Due          DueDate
}

// Scoped is the report as a district officer of district sees it: their own
// district in detail, the province only as its overall figures (the names
// of other flagged districts are left out). "" is the whole report.
func (r FairnessReport) Scoped(district string) FairnessReport {
	if district == "" {
		return r
	}
	out := r
	out.Districts = nil
	for _, d := range r.Districts {
		if d.District == district {
			out.Districts = append(out.Districts, d)
		}
	}
	out.Overall.FlaggedDistricts = nil
	for _, d := range r.Overall.FlaggedDistricts {
		if d == district {
			out.Overall.FlaggedDistricts = append(out.Overall.FlaggedDistricts, d)
		}
	}
	return out
}

// Defaults of FairnessInput, used when a field is left empty.
var (
	defaultFairnessWeights = map[households.Category]decimal.Decimal{
		households.Poor:     decimal.NewFromInt(1),
		households.NearPoor: decimal.New(5, -1),
	}
	defaultTolerance = decimal.New(10, -2)
)

var (
	hundred      = decimal.NewFromInt(100)
	fullCoverage = decimal.New(10000, -2) // 100.00, the coverage when nobody is eligible
)

// Fairness computes the fairness report. It is pure: the same input, with
// the households in any order, gives the same report. Weights, tolerance,
// deadline, amounts and every household are checked (codes unique, district
// and commune set, a known category when eligible, amounts not negative, a
// delivery for anything received); invalid input gives an rl.Invalid error
// naming the fields.
func Fairness(in FairnessInput) (FairnessReport, error) {
	// Sorting a copy first makes everything after, error messages included,
	// independent of the input order.
	hs := slices.Clone(in.Households)
	slices.SortFunc(hs, func(a, b HouseholdAid) int {
		return cmp.Or(strings.Compare(a.District, b.District), strings.Compare(a.Commune, b.Commune), strings.Compare(a.Code, b.Code))
	})
	weights, tol, err := validateFairness(in, hs)
	if err != nil {
		return FairnessReport{}, err
	}

	// hs is sorted by district, so each district is one run.
	byCode := map[string]*districtTally{}
	var amounts, shares []decimal.Decimal // of every eligible / entitled household, for the Ginis
	for i := 0; i < len(hs); {
		j := i + 1
		for j < len(hs) && hs[j].District == hs[i].District {
			j++
		}
		t := tallyDistrict(hs[i:j], weights, in.PerMember, in.DeadlineDays, in.Due)
		byCode[t.code] = t
		amounts = append(amounts, t.aid...)
		shares = append(shares, t.shares...)
		i = j
	}
	for _, m := range []map[string]decimal.Decimal{in.Requested, in.Approved, in.RequestOwed, in.RequestDelivered} {
		for code := range m {
			if byCode[code] == nil {
				byCode[code] = &districtTally{code: code, received: decimal.Zero, need: decimal.Zero, entitled: decimal.Zero, fulfilled: decimal.Zero}
			}
		}
	}
	tallies := slices.SortedFunc(maps.Values(byCode), func(a, b *districtTally) int { return strings.Compare(a.code, b.code) })

	ov := Overall{Received: decimal.Zero, Entitled: decimal.Zero, Fulfilled: decimal.Zero, Gini: gini(shares), GiniOfAmounts: gini(amounts)}
	need := decimal.Zero
	for _, t := range tallies {
		t.entitled = t.entitled.Add(amountOf(in.RequestOwed, t.code))
		t.fulfilled = t.fulfilled.Add(amountOf(in.RequestDelivered, t.code))
		ov.EligibleTotal += t.eligible[0] + t.eligible[1]
		ov.Reached += t.reached
		ov.InclusionErrors += t.inclusion
		ov.Received = ov.Received.Add(t.received)
		ov.Entitled, ov.Fulfilled = ov.Entitled.Add(t.entitled), ov.Fulfilled.Add(t.fulfilled)
		need = need.Add(t.need)
	}
	ov.Unreached = ov.EligibleTotal - ov.Reached
	ov.Coverage = coverage(ov.Reached, ov.EligibleTotal)
	ov.PerWeighted = ratio(ov.Received, need, 2)
	ov.Fulfilment = fulfilment(ov.Fulfilled, ov.Entitled)
	ov.MaxMinRatio = maxMinRatio(tallies)

	rep := FairnessReport{Overall: ov, Definitions: fairnessDefinitions(weights, in.PerMember, tol, in.DeadlineDays),
		Basis: FairnessBasis{Weights: weights, PerMember: in.PerMember, Tolerance: tol, DeadlineDays: in.DeadlineDays, Due: in.Due}}
	if in.Due.Set() {
		rep.Definitions["late_deliveries"] = dueDefinition(in.Due)
	}
	for _, t := range tallies {
		df := t.report(ov, need, tol)
		df.Requested, df.Approved = amountOf(in.Requested, t.code), amountOf(in.Approved, t.code)
		if df.Flagged {
			rep.Overall.FlaggedDistricts = append(rep.Overall.FlaggedDistricts, t.code)
		}
		rep.Districts = append(rep.Districts, df)
	}
	return rep, nil
}

// validateFairness checks the input, whose households hs are sorted, and
// returns the weights and tolerance to use.
func validateFairness(in FairnessInput, hs []HouseholdAid) (map[households.Category]decimal.Decimal, decimal.Decimal, error) {
	var f rl.Fields
	weights := in.Weights
	if weights == nil {
		weights = defaultFairnessWeights
	}
	checkCategories(&f, "weights", weights)
	tol := in.Tolerance
	if tol.Sign() < 0 {
		f.Add("tolerance", "must not be negative")
	} else {
		checkRange(&f, "tolerance", tol)
	}
	if tol.Sign() == 0 {
		tol = defaultTolerance
	}
	if in.DeadlineDays < 0 {
		f.Add("deadline_days", "must not be negative")
	}
	checkDistrictAmounts(&f, "requested", in.Requested)
	checkDistrictAmounts(&f, "approved", in.Approved)
	checkDistrictAmounts(&f, "request_owed", in.RequestOwed)
	checkDistrictAmounts(&f, "request_delivered", in.RequestDelivered)

	// Duplicates are counted first and reported once per code, without the
	// other checks: which copy would be checked depends on the input order.
	copies := make(map[string]int, len(hs))
	for _, h := range hs {
		copies[h.Code]++
	}
	var problems []string
	for _, h := range hs {
		switch n := copies[h.Code]; {
		case h.Code != "" && n > 1:
			problems = append(problems, fmt.Sprintf("household %s is listed %d times", h.Code, n))
			copies[h.Code] = -1 // reported: skip the other copies
		case n < 0:
		default:
			if p := householdProblem(h, in.PerMember); p != "" {
				problems = append(problems, p)
			}
		}
	}
	if len(problems) > maxProblems {
		problems = append(problems[:maxProblems], fmt.Sprintf("and %d more", len(problems)-maxProblems))
	}
	if len(problems) > 0 {
		f.Add("households", "%s", strings.Join(problems, "; "))
	}
	return weights, tol, f.Err()
}

// householdProblem describes the first thing wrong with h, or returns "".
func householdProblem(h HouseholdAid, perMember bool) string {
	var scratch rl.Fields
	switch {
	case h.Code == "":
		return fmt.Sprintf("a household of district %q, commune %q has no code", h.District, h.Commune)
	case h.District == "":
		return fmt.Sprintf("household %s has no district", h.Code)
	case h.Commune == "":
		return fmt.Sprintf("household %s has no commune", h.Code)
	case h.Eligible && !h.Category.Valid():
		return fmt.Sprintf("eligible household %s has unknown category %q", h.Code, h.Category)
	case h.Category != "" && !h.Category.Valid():
		return fmt.Sprintf("household %s has unknown category %q", h.Code, h.Category)
	case h.Members < 0, h.Eligible && perMember && h.Members < 1:
		return fmt.Sprintf("household %s has %d members", h.Code, h.Members)
	case h.Received.Sign() < 0:
		return fmt.Sprintf("household %s received a negative amount %s", h.Code, h.Received)
	case !checkRange(&scratch, "received", h.Received):
		return fmt.Sprintf("household %s: received %s", h.Code, scratch[0].Message)
	case h.Entitled.Sign() < 0, h.Fulfilled.Sign() < 0:
		return fmt.Sprintf("household %s has a negative entitlement or fulfilment (%s, %s)", h.Code, h.Entitled, h.Fulfilled)
	case !checkRange(&scratch, "entitled", h.Entitled):
		return fmt.Sprintf("household %s: entitled %s", h.Code, scratch[0].Message)
	case h.Fulfilled.GreaterThan(h.Received):
		return fmt.Sprintf("household %s was delivered %s against its entitlement but received %s in all", h.Code, h.Fulfilled, h.Received)
	case h.Fulfilled.Sign() > 0 && h.Entitled.Sign() == 0:
		return fmt.Sprintf("household %s was delivered %s against no entitlement", h.Code, h.Fulfilled)
	case h.Deliveries < 0:
		return fmt.Sprintf("household %s has %d deliveries", h.Code, h.Deliveries)
	case h.Received.Sign() > 0 && h.Deliveries == 0:
		return fmt.Sprintf("household %s received %s in no delivery", h.Code, h.Received)
	case len(h.Days) > h.Deliveries:
		return fmt.Sprintf("household %s lists more delivery delays (%d) than deliveries (%d)", h.Code, len(h.Days), h.Deliveries)
	case len(h.Dates) > h.Deliveries:
		return fmt.Sprintf("household %s lists more delivery dates (%d) than deliveries (%d)", h.Code, len(h.Dates), h.Deliveries)
	case slices.ContainsFunc(h.Days, func(d int) bool { return d < 0 }):
		return fmt.Sprintf("household %s has a negative delivery delay", h.Code)
	}
	return ""
}

// checkDistrictAmounts checks a per-district table, in code order so the
// error is the same for the same table.
func checkDistrictAmounts(f *rl.Fields, name string, m map[string]decimal.Decimal) {
	for _, code := range slices.Sorted(maps.Keys(m)) {
		d, field := m[code], name+"."+code
		switch {
		case code == "":
			f.Add(name, "contains an empty district code")
		case d.Sign() < 0:
			f.Add(field, "must not be negative")
		default:
			checkRange(f, field, d)
		}
	}
}

// districtTally holds the exact sums of one district; rounding happens only
// when the report is made from it.
type districtTally struct {
	code                string
	eligible            [len(categories)]int
	reached, inclusion  int
	received, need      decimal.Decimal
	entitled, fulfilled decimal.Decimal
	days                []int // sorted
	late                int
	communes            []CommuneFairness
	aid                 []decimal.Decimal // received by each eligible household
	shares              []decimal.Decimal // Fulfilled / Entitled of each household owed something
}

// tallyDistrict sums up the households of one district, sorted by commune
// then code.
func tallyDistrict(hs []HouseholdAid, weights map[households.Category]decimal.Decimal, perMember bool, deadline int, due DueDate) *districtTally {
	t := &districtTally{code: hs[0].District, received: decimal.Zero, need: decimal.Zero, entitled: decimal.Zero, fulfilled: decimal.Zero}
	var c *CommuneFairness
	for _, h := range hs {
		if c == nil || c.Commune != h.Commune {
			t.communes = append(t.communes, CommuneFairness{Commune: h.Commune})
			c = &t.communes[len(t.communes)-1]
		}
		reached := h.Deliveries > 0
		t.received = t.received.Add(h.Received)
		if h.Entitled.Sign() > 0 {
			t.entitled, t.fulfilled = t.entitled.Add(h.Entitled), t.fulfilled.Add(h.Fulfilled)
			t.shares = append(t.shares, h.Fulfilled.DivRound(h.Entitled, shareScale))
		}
		t.days = append(t.days, h.Days...)
		switch {
		case due.Set():
			for _, d := range h.Dates {
				if due.Late(d) {
					t.late++
				}
			}
		case deadline > 0:
			for _, d := range h.Days {
				if d > deadline {
					t.late++
				}
			}
		}
		if !h.Eligible {
			if reached {
				t.inclusion++
			}
			continue
		}
		t.eligible[index(h.Category)]++
		c.Eligible++
		if reached {
			t.reached++
			c.Reached++
		}
		w := weights[h.Category]
		if perMember {
			w = w.Mul(decimal.NewFromInt(int64(h.Members)))
		}
		t.need = t.need.Add(w)
		t.aid = append(t.aid, h.Received)
	}
	for i := range t.communes {
		t.communes[i].Coverage = coverage(t.communes[i].Reached, t.communes[i].Eligible)
	}
	slices.Sort(t.days)
	return t
}

// report makes the district's figures, given the provincial figures, the
// province's weighted need and the tolerance; Requested and Approved are
// left to the caller.
func (t *districtTally) report(ov Overall, need, tol decimal.Decimal) DistrictFairness {
	total := t.eligible[0] + t.eligible[1]
	cov := coverage(t.reached, total)
	df := DistrictFairness{
		District:        t.code,
		Eligible:        map[households.Category]int{},
		EligibleTotal:   total,
		Reached:         t.reached,
		Coverage:        cov,
		ExclusionError:  hundred.Sub(cov),
		InclusionErrors: t.inclusion,
		Received:        t.received,
		WeightedNeed:    t.need,
		PerWeighted:     ratio(t.received, t.need, 2),
		Entitled:        t.entitled,
		Fulfilled:       t.fulfilled,
		Fulfilment:      fulfilment(t.fulfilled, t.entitled),
		ShareOfTotal:    percent(t.received, ov.Received),
		ShareOfNeed:     percent(t.need, need),
		Delivered:       t.received,
		LateDeliveries:  t.late,
		Communes:        t.communes,
	}
	for i, c := range categories {
		df.Eligible[c] = t.eligible[i]
	}
	if n := len(t.days); n > 0 {
		df.MedianDays, df.MaxDays = t.days[(n-1)/2], t.days[n-1]
	}

	// Both comparisons are of exact ratios: the district's r/w against the
	// province's R/W is r·W against w·R, and r·W − w·R over w·R their
	// difference; no rounded figure is compared.
	if t.entitled.Sign() > 0 && ov.Fulfilled.Sign() > 0 {
		scale := t.entitled.Mul(ov.Fulfilled)
		df.RelativeToMean = decimal.NewNullDecimal(t.fulfilled.Mul(ov.Entitled).DivRound(scale, 4))
		if f, off := deviation(FlagFulfilment, t.fulfilled.Mul(ov.Entitled), scale, tol); off {
			f.Fulfilment, f.Province = df.Fulfilment.Decimal, ov.Fulfilment.Decimal
			df.Flags = append(df.Flags, f)
		}
	}
	if t.entitled.Sign() == 0 && t.fulfilled.Sign() > 0 {
		df.Flags = append(df.Flags, Flag{Kind: FlagNothingOwed, Amount: t.fulfilled})
	}
	r, w := t.received, t.need
	switch {
	case w.Sign() == 0:
		if r.Sign() > 0 {
			df.Flags = append(df.Flags, Flag{Kind: FlagNoNeed, Amount: r})
		}
	case ov.Received.Sign() > 0:
		if f, off := deviation(FlagPerWeighted, r.Mul(need), w.Mul(ov.Received), tol); off {
			df.Flags = append(df.Flags, f)
		}
	}
	for _, f := range df.Flags {
		df.FlagReasons = append(df.FlagReasons, f.Reason())
	}
	df.Flagged = len(df.Flags) > 0
	return df
}

// deviation compares a district's x with the province's y (both already
// cross-multiplied, y > 0): whether they differ by more than tol of y, and
// the flag that says by how many percent (2 decimals) and which way.
func deviation(kind string, x, y, tol decimal.Decimal) (Flag, bool) {
	diff := x.Sub(y)
	f := Flag{Kind: kind, Above: diff.Sign() > 0, Deviation: diff.Abs().Mul(hundred).DivRound(y, 2), Tolerance: tol.Mul(hundred)}
	return f, diff.Abs().Cmp(tol.Mul(y)) > 0
}

// fulfilment is fulfilled / entitled × 100, 2 decimals, null when nothing
// was owed.
func fulfilment(fulfilled, entitled decimal.Decimal) decimal.NullDecimal {
	if entitled.Sign() == 0 {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(percent(fulfilled, entitled))
}

// shareScale is the number of decimals a household's Fulfilled / Entitled
// keeps before its Gini is taken: far more than the 4 the Gini is rounded
// to, and exact for a package delivered in full (1) or not at all (0).
const shareScale = 16

// maxMinRatio compares the districts owed something by their exact
// fulfilment, cross-multiplied so nothing is rounded before the end.
func maxMinRatio(tallies []*districtTally) decimal.NullDecimal {
	var hi, lo *districtTally
	for _, t := range tallies {
		if t.entitled.Sign() == 0 {
			continue
		}
		if hi == nil || t.fulfilled.Mul(hi.entitled).Cmp(hi.fulfilled.Mul(t.entitled)) > 0 {
			hi = t
		}
		if lo == nil || t.fulfilled.Mul(lo.entitled).Cmp(lo.fulfilled.Mul(t.entitled)) < 0 {
			lo = t
		}
	}
	if lo == nil || lo.fulfilled.Sign() == 0 {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(hi.fulfilled.Mul(lo.entitled).DivRound(hi.entitled.Mul(lo.fulfilled), 4))
}

// gini is the Gini coefficient of xs (not negative), 4 decimals, null when
// their sum is 0 (nobody, or nothing received: 0/0). The sorted formula
// G = 2·Σ i·x_(i) / (n·Σx) − (n+1)/n is put over one denominator,
// (2·Σ i·x_(i) − (n+1)·Σx) / (n·Σx), so that the only rounding is the final
// one.
func gini(xs []decimal.Decimal) decimal.NullDecimal {
	s := slices.SortedFunc(slices.Values(xs), decimal.Decimal.Cmp)
	sum, ranked := decimal.Zero, decimal.Zero
	for i, x := range s {
		sum = sum.Add(x)
		ranked = ranked.Add(x.Mul(decimal.NewFromInt(int64(i + 1))))
	}
	if sum.Sign() == 0 {
		return decimal.NullDecimal{}
	}
	n := decimal.NewFromInt(int64(len(s)))
	num := ranked.Add(ranked).Sub(sum.Mul(n.Add(decimal.NewFromInt(1))))
	return decimal.NewNullDecimal(num.DivRound(sum.Mul(n), 4))
}

// coverage is reached / eligible × 100, 2 decimals, or 100 when nobody is
// eligible (see DistrictFairness.Coverage).
func coverage(reached, eligible int) decimal.Decimal {
	if eligible == 0 {
		return fullCoverage
	}
	return percent(decimal.NewFromInt(int64(reached)), decimal.NewFromInt(int64(eligible)))
}

// percent is part / whole × 100, 2 decimals, or 0 when whole is 0.
func percent(part, whole decimal.Decimal) decimal.Decimal {
	return ratio(part.Mul(hundred), whole, 2)
}

// ratio is a / b rounded half up to places, or 0 when b is 0.
func ratio(a, b decimal.Decimal, places int32) decimal.Decimal {
	if b.Sign() == 0 {
		return decimal.Zero
	}
	return a.DivRound(b, places)
}

// amountOf is m[code], or 0 when it is missing.
func amountOf(m map[string]decimal.Decimal, code string) decimal.Decimal {
	if v, ok := m[code]; ok {
		return v
	}
	return decimal.Zero
}

// dueDefinition explains the late deliveries under a campaign's deadline.
func dueDefinition(due DueDate) string {
	if due.Unknown {
		return "Not computed (0): the deadline of the campaign's rule set is unknown. " + due.Rule + "."
	}
	return fmt.Sprintf("The number of deliveries dated after %s, the campaign's delivery deadline: %s.", due.Date, due.Rule)
}

// fairnessDefinitions explains every figure of the report, with the
// weights, tolerance and deadline actually used, so that a printed report
// can be read without the code.
func fairnessDefinitions(weights map[households.Category]decimal.Decimal, perMember bool, tol decimal.Decimal, deadline int) map[string]string {
	weighting := fmt.Sprintf("poor %s, near-poor %s", weights[households.Poor], weights[households.NearPoor])
	if perMember {
		weighting += ", times the number of members"
	}
	tolPct := tol.Mul(hundred).String() + "%"
	late := "The number of deliveries made later than a deadline; no deadline was set, so it is 0."
	if deadline > 0 {
		late = fmt.Sprintf("The number of deliveries made more than %d days after the approval of the plan or request they were made from (a figure the caller chose, not read from any regulation).", deadline)
	}
	return map[string]string{
		"district":               "The code of the district (huyện, thị xã or thành phố).",
		"commune":                "The code of the commune (xã, phường or thị trấn).",
		"communes":               "The coverage of each commune of the district, by commune code.",
		"eligible":               "The number of households on the eligible list, by category (poor and near-poor).",
		"eligible_total":         "The number of households on the eligible list, of both categories.",
		"reached":                "The number of eligible households that received at least one delivery.",
		"unreached":              "The number of eligible households that received no delivery.",
		"coverage":               "The share of eligible households reached, in percent, rounded half up to 2 decimals; 100 where nobody is eligible (nobody was missed).",
		"exclusion_error":        "The share of eligible households not reached, in percent: 100 minus the coverage.",
		"inclusion_errors":       "The number of households that received a delivery though they were not on the eligible list.",
		"received":               "The total money (đồng) or goods quantity received by every household, eligible or not; deliveries to organisations are not counted here.",
		"delivered":              "The total delivered, the same as received, shown beside requested and approved.",
		"requested":              "The amount the district requested (0 when unknown).",
		"approved":               "The amount approved for the district by the plans and requests in scope (0 when unknown); a draft plan has nothing approved.",
		"entitled":               "What the approved plans and requests in scope still owed: the packages of the households not delivered before the period, and what the requests had not delivered before it (all of it when there is no period).",
		"fulfilled":              "What was delivered in scope against that entitlement, to households and organisations.",
		"fulfilment":             "Fulfilled divided by entitled, in percent, rounded half up to 2 decimals; empty when nothing was owed.",
		"weighted_need":          "The sum of the weights of the eligible households, by the province's yardstick (" + weighting + "), the same in every report whatever weights a plan used.",
		"per_weighted_household": "The amount received divided by the weighted need, rounded half up to 2 decimals (0 without need); for the province it is the provincial mean.",
		"relative_to_mean":       "The district's fulfilment divided by the province's, from the exact figures, rounded half up to 4 decimals: 1 when the district got the same share of what it was owed as the province; empty when the district was owed nothing or the province delivered nothing it owed.",
		"share_of_total":         "The district's part of everything received in the province, in percent, rounded half up to 2 decimals; 0 when nothing was received.",
		"share_of_need":          "The district's part of the province's weighted need, in percent, rounded half up to 2 decimals; aid fair to need has a share of total close to it.",
		"max_min_ratio":          "The highest district fulfilment divided by the lowest, among districts owed something, from the exact figures, rounded half up to 4 decimals: 1 when every district got the same share of what it was owed; empty when the lowest is 0.",
		"gini":                   "The Gini coefficient of each household's fulfilled divided by its entitlement (what it got of the package the plan gave it; those that got nothing count as 0), over the households owed something, rounded half up to 4 decimals: 0 when every household got the same share of its package, whatever the package, near 1 when one got everything; empty when nothing owed was delivered.",
		"gini_of_amounts":        "The Gini coefficient of the amounts received by the eligible households (unreached ones count as 0), rounded half up to 4 decimals; it counts the differences a plan intends, such as smaller near-poor packages, as inequality; empty when nothing was received.",
		"median_days":            "The middle number of days from the approval of the plan or request a delivery was made from to the delivery, over the deliveries in scope, the lower of the two middle values for an even count, 0 when no date is known.",
		"max_days":               "The largest number of days from the approval of the plan or request a delivery was made from to the delivery, over the deliveries in scope, 0 when no date is known.",
		"late_deliveries":        late,
		"flagged":                "Whether the district's fulfilment is more than " + tolPct + " above or below the province's, its aid per weighted household more than " + tolPct + " above or below the provincial mean, or it received aid with no weighted need.",
		"flag_reasons":           "Why the district is flagged, one sentence per reason.",
		"flags":                  "The same reasons as data (in the API): the kind of each with the figures it cites.",
		"flagged_districts":      "The codes of the flagged districts.",
	}
}
