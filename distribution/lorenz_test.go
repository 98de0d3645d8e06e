package distribution

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestLorenzOf(t *testing.T) {
	xs := []decimal.Decimal{decimal.NewFromInt(1), decimal.Zero, decimal.NewFromInt(1), decimal.Zero}
	l := LorenzOf(xs, 0)
	if l.Households != 4 || !l.Gini.Valid || !l.Gini.Decimal.Equal(decimal.RequireFromString("0.5")) {
		t.Fatalf("LorenzOf = %+v", l)
	}
	want := []string{"0:0", "0.25:0", "0.5:0", "0.75:0.5", "1:1"}
	if len(l.Points) != len(want) {
		t.Fatalf("points %v", l.Points)
	}
	for i, p := range l.Points {
		if got := p.Population.String() + ":" + p.Share.String(); got != want[i] {
			t.Errorf("point %d = %s, want %s", i, got, want[i])
		}
	}
	// Fewer points: both ends stay.
	if l := LorenzOf(xs, 2); len(l.Points) != 3 || !l.Points[2].Share.Equal(decimal.NewFromInt(1)) || !l.Points[1].Population.Equal(decimal.RequireFromString("0.5")) {
		t.Errorf("two steps: %v", l.Points)
	}
	// Nothing delivered: no curve, no Gini.
	if l := LorenzOf([]decimal.Decimal{decimal.Zero}, 0); l.Gini.Valid || len(l.Points) != 0 || l.Households != 1 {
		t.Errorf("nothing delivered: %+v", l)
	}
}
