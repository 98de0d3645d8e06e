package goods_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/goods"
	"reliefledger/ledger"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

func setup(tb testing.TB, db *store.DB) (*ledger.Service, *goods.Service) {
	tb.Helper()
	ctx := context.Background()
	now := func() time.Time { return time.Date(2021, 7, 25, 3, 0, 0, 0, time.UTC) }
	l := ledger.NewService(db.Ledger(), ledger.Options{Now: now})
	tb.Cleanup(l.Close)
	if err := l.SeedFunds(ctx); err != nil {
		tb.Fatal(err)
	}
	g := goods.NewService(db.Goods(), l, now)
	if err := g.Seed(ctx, map[string]string{"941": "Thành phố Sóc Trăng", "943": "Kế Sách"}); err != nil {
		tb.Fatal(err)
	}
	// 300 kg of rice worth 3,400,100 đ arrive at the province's warehouse.
	stock := ledger.OpenAccount("COVID", ledger.StockCode(goods.ProvinceWarehouse, "RICE"),
		ledger.AccountSpec{Type: ledger.Asset, Name: "rice", Dimensions: ledger.Dimensions{Warehouse: goods.ProvinceWarehouse, Item: "RICE"}})
	v, q := decimal.NewFromInt(3400100), decimal.NewFromInt(300)
	_, _, err := l.Post(ctx, ledger.Actor{UserID: 1}, ledger.EntryInput{Kind: ledger.KindAdjustment, Description: "rice in",
		Postings: []ledger.PostingInput{{Account: stock, Amount: v, Item: "RICE", Quantity: q},
			{Account: ledger.AccountByCode("COVID", "4200"), Amount: v.Neg(), Item: "RICE", Quantity: q.Neg()}}})
	if err != nil {
		tb.Fatal(err)
	}
	return l, g
}

func kg(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// TestTransferOpensTheDistrictStock: the first transfer into a district's
// warehouse opens its stock account in the transfer's own transaction; a
// refused one opens nothing.
func TestTransferOpensTheDistrictStock(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l, g := setup(t, db)
		accounts := func() int {
			accs, err := l.Accounts(ctx, ledger.AccountFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return len(accs)
		}
		before := accounts()
		_, _, err := g.Transfer(ctx, ledger.Actor{UserID: 1}, "", goods.TransferInput{Fund: "COVID", From: "PROV", To: "D941", Item: "RICE", Quantity: kg("300.5")})
		if rl.ErrorKind(err) != rl.Conflict {
			t.Fatalf("transfer of more than the stock: %v, want Conflict", err)
		}
		if n := accounts(); n != before {
			t.Errorf("a refused transfer opened %d accounts", n-before)
		}
		e, _, err := g.Transfer(ctx, ledger.Actor{UserID: 1}, "", goods.TransferInput{Fund: "COVID", From: "PROV", To: "D941", Item: "RICE", Quantity: kg("100")})
		if err != nil {
			t.Fatal(err)
		}
		if n := accounts(); n != before+1 {
			t.Errorf("the first transfer opened %d accounts, want 1", n-before)
		}
		// A third of the stock leaves at a third of its value, rounded.
		if got := e.Postings[1].Amount; !got.Equal(decimal.NewFromInt(1133367)) {
			t.Errorf("100 kg arrived worth %s, want 1133367", got)
		}
		r, err := l.Verify(ctx)
		if err != nil || !r.OK() {
			t.Fatalf("verify: %+v %v", r.Problems, err)
		}
	})
}

// TestQuantityRules: quantities are checked against the item's unit in the
// domain, whatever the edge parsed.
func TestQuantityRules(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, g := setup(t, db)
		for name, q := range map[string]string{"grams below the unit": "1.0001", "zero": "0", "negative": "-5"} {
			_, _, err := g.Transfer(ctx, ledger.Actor{UserID: 1}, "", goods.TransferInput{Fund: "COVID", From: "PROV", To: "D943", Item: "RICE", Quantity: kg(q)})
			e, ok := rl.AsError(err)
			if !ok || e.Kind != rl.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != "quantity" {
				t.Errorf("%s: %v, want Invalid naming quantity", name, err)
			}
		}
		// A district officer cannot move the province's goods: as if the
		// warehouse did not exist.
		_, _, err := g.Transfer(ctx, ledger.Actor{UserID: 1}, "943", goods.TransferInput{Fund: "COVID", From: "PROV", To: "D943", Item: "RICE", Quantity: kg("1")})
		if rl.ErrorKind(err) != rl.NotFound {
			t.Errorf("district officer moving the province's rice: %v, want NotFound", err)
		}
	})
}
