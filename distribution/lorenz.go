package distribution

import (
	"context"
	"slices"

	"github.com/shopspring/decimal"
)

// LorenzPoint is one point of a Lorenz curve: the poorest Population of
// the households (a fraction from 0 to 1) got Share of the total (a
// fraction from 0 to 1).
type LorenzPoint struct {
	Population, Share decimal.Decimal
}

// Lorenz is the Lorenz curve of the measure a fairness report's Gini is
// computed from: each household's fulfilled over entitled, for the
// households owed something, in increasing order.
type Lorenz struct {
	Households int                 // owed something in scope
	Points     []LorenzPoint       // from (0, 0) to (1, 1); empty when Gini is null
	Gini       decimal.NullDecimal // the same figure as the report's Overall.Gini
}

// lorenzScale is the decimals a point's fractions keep.
const lorenzScale = 4

// FairnessLorenz is the Lorenz curve behind a scope's Gini coefficient,
// with at most maxPoints+1 points (evenly spaced among the households,
// both ends included; every household when maxPoints is 0 or larger than
// their number). It reads the scope as Fairness does.
func (s *Service) FairnessLorenz(ctx context.Context, sc Scope, maxPoints int) (Lorenz, error) {
	d, err := s.scopeData(ctx, sc)
	if err != nil {
		return Lorenz{}, err
	}
	// Fulfilled per household, counted as Fairness counts it: deliveries
	// to households of the scope against what a plan in scope still owed.
	fulfilled := map[int64]decimal.Decimal{}
	for _, del := range d.deliveries {
		if _, ok := d.members[del.HouseholdID]; ok && d.planOwes[del.PlanID][del.HouseholdID] {
			fulfilled[del.HouseholdID] = fulfilled[del.HouseholdID].Add(del.Amount)
		}
	}
	var shares []decimal.Decimal
	for id, e := range d.entitled {
		if _, ok := d.members[id]; ok && e.Sign() > 0 {
			shares = append(shares, fulfilled[id].DivRound(e, shareScale))
		}
	}
	return LorenzOf(shares, maxPoints), nil
}

// LorenzOf is the Lorenz curve of xs (not negative) with at most
// maxPoints+1 points (all when maxPoints is 0), and their Gini coefficient
// as the fairness report computes it.
func LorenzOf(xs []decimal.Decimal, maxPoints int) Lorenz {
	s := slices.SortedFunc(slices.Values(xs), decimal.Decimal.Cmp)
	l := Lorenz{Households: len(s), Gini: gini(s)}
	if !l.Gini.Valid {
		return l
	}
	n := len(s)
	cum := make([]decimal.Decimal, n+1)
	cum[0] = decimal.Zero
	for i, x := range s {
		cum[i+1] = cum[i].Add(x)
	}
	total := cum[n]
	steps := n
	if maxPoints > 0 && maxPoints < n {
		steps = maxPoints
	}
	last := -1
	for k := 0; k <= steps; k++ {
		i := k * n / steps
		if i == last {
			continue
		}
		last = i
		l.Points = append(l.Points, LorenzPoint{
			Population: decimal.NewFromInt(int64(i)).DivRound(decimal.NewFromInt(int64(n)), lorenzScale),
			Share:      cum[i].DivRound(total, lorenzScale),
		})
	}
	return l
}
