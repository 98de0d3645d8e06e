package ledger

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestRoundedShare(t *testing.T) {
	d := decimal.RequireFromString
	cases := []struct {
		name        string
		v, q, total string
		want        string
	}{
		{"even", "3000", "10", "300", "100"},
		{"round down", "3400100", "10", "300", "113337"}, // 113336.67
		{"half goes up", "15", "1", "2", "8"},            // 7.5
		{"just under half", "1499999", "1", "1000000", "1"},
		{"decimal quantities", "1000", "0.001", "3.000", "0"}, // 0.333…
		{"all of it", "7", "3", "3", "7"},
	}
	for _, c := range cases {
		if got := roundedShare(d(c.v), d(c.q), d(c.total)); !got.Equal(d(c.want)) {
			t.Errorf("%s: round(%s × %s / %s) = %s, want %s", c.name, c.v, c.q, c.total, got, c.want)
		}
	}
}

// TestValueAtCost checks the pairing and that the last units take the rest
// of the value exactly.
func TestValueAtCost(t *testing.T) {
	k := func(asset string) BalanceKey { return BalanceKey{AccountID: 1, Asset: asset} }
	working := map[BalanceKey]decimal.Decimal{k(AssetVND): decimal.NewFromInt(1001), k("RICE"): decimal.NewFromInt(3)}
	e := Entry{Postings: []Posting{
		{Line: 1, AccountID: 1, Item: "RICE", Quantity: decimal.NewFromInt(-1), AtCost: true},
		{Line: 2, AccountID: 2, Item: "RICE", Quantity: decimal.NewFromInt(1), CostOf: 1},
		{Line: 3, AccountID: 1, Item: "RICE", Quantity: decimal.NewFromInt(-2), AtCost: true},
		{Line: 4, AccountID: 2, Item: "RICE", Quantity: decimal.NewFromInt(2), CostOf: 3},
	}}
	got := valueAtCost(e, working)
	want := []int64{-334, 334, -667, 667} // 333.67 rounds to 334; the last 2 take 1001 − 334
	for i, p := range got.Postings {
		if p.Amount.IntPart() != want[i] || p.AtCost || p.CostOf != 0 {
			t.Errorf("line %d: amount %s (at cost %v, cost of %d), want %d", i+1, p.Amount, p.AtCost, p.CostOf, want[i])
		}
	}
	if !e.Postings[0].AtCost || !e.Postings[0].Amount.IsZero() {
		t.Error("valueAtCost changed its input, which a retried transaction reuses")
	}
}
