package web

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/shopspring/decimal"

	"reliefledger/access"
	"reliefledger/checkpoint"
	"reliefledger/demo"
	"reliefledger/demo/story"
	"reliefledger/distribution"
	"reliefledger/donations"
	"reliefledger/goods"
	"reliefledger/households"
	"reliefledger/ledger"
	"reliefledger/store"
)

// fixture is the portal over a database with the demo books, as `go run
// ./cmd/reliefd` serves it, plus a checkpoint signed after the demo and
// one donation recorded after that checkpoint (not covered yet), whose
// donor has a hostile name.
type fixture struct {
	URL     string
	srv     *Server
	story   story.Summary
	hostile donations.Donation
	cp      checkpoint.Checkpoint
}

// hostileName would run script if a page forgot to escape it.
const hostileName = `<script>alert("x")</script><img src=x onerror=alert(1)> Trần "Ác" & Co`

// demoRegistry is a part of the synthetic registry that the demo books
// can use: every fifth household of the districts they deliver to. The
// figures differ from a full start's, but the tests take theirs from the
// domain, and the fixture loads in seconds even under the race detector.
func demoRegistry(tb testing.TB, tree *households.Tree) []households.Household {
	tb.Helper()
	var out []households.Household
	for i, h := range demo.HouseholdsOf(tree, demo.Seed) {
		switch h.District {
		case story.KeSach, story.ChauThanh, story.TranDe:
			if i%5 == 0 {
				out = append(out, h)
			}
		}
	}
	return out
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	lg := ledger.NewService(db.Ledger(), ledger.Options{})
	t.Cleanup(lg.Close)
	acc := access.NewService(db.Access(), nil)
	users := access.NewUsers(db.Access(), acc, nil)
	hh := households.NewService(db.Households(), nil)
	users.District = hh.DistrictExists
	must(t, hh.LoadRegions(ctx))
	must(t, lg.SeedFunds(ctx))
	dn := donations.NewService(db.Donations(), lg, nil)
	dn.DistrictExists = hh.DistrictExists
	gd := goods.NewService(db.Goods(), lg, nil)
	gd.DistrictExists = hh.DistrictExists
	must(t, gd.Seed(ctx, hh.DistrictNames()))
	dn.Warehouse = gd.WarehouseDistrict
	dist := distribution.NewService(db.Distribution(), lg, gd, hh, nil)
	if _, err := acc.Bootstrap(ctx, ""); err != nil {
		t.Fatal(err)
	}
	must(t, hh.InsertMany(ctx, demoRegistry(t, hh.Tree()), nil))
	sum, loaded, err := story.Load(ctx, story.Services{Ledger: lg, Users: users, Households: hh, Donations: dn, Goods: gd, Distribution: dist})
	if err != nil || !loaded {
		t.Fatalf("demo books: loaded=%v err=%v", loaded, err)
	}
	key, err := checkpoint.GenerateKey()
	must(t, err)
	cps := checkpoint.NewService(db.Checkpoints(), lg, key, nil)
	cp, _, err := cps.Make(ctx, nil)
	must(t, err)
	hostile, _, err := dn.Record(ctx, ledger.Actor{}, donations.Input{Fund: "POOR", DonorName: hostileName, Channel: donations.Cash,
		Amount: decimal.NewNullDecimal(decimal.NewFromInt(1_234_000)), ReceivedDate: ledger.NewDate(2021, 9, 30),
		Description: `<b>bold</b> gọi 0912345678`})
	must(t, err)
	s := &Server{Ledger: lg, Donations: dn, Distribution: dist, Households: hh, Goods: gd, Checkpoints: cps,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return &fixture{URL: ts.URL, srv: s, story: sum, hostile: hostile, cp: cp}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
