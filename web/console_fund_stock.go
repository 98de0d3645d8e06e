package web

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/goods"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// Stock by warehouse: what each warehouse holds of each item, per fund and
// designation, in quantity and value at average cost, as GET
// /api/v1/stock answers. A district officer sees the warehouses of their
// district only, as the API's scope. The list is as long as the stock
// accounts (a few per warehouse and item): the API does not page it
// either.

const routeStock = "GET /api/v1/stock"

type stockPage struct {
	consoleFrame
	Funds                       []ledger.FundSummary
	Warehouses                  []fundWarehouseOption
	Items                       []ledger.Item
	Fund, Warehouse, Item, AsOf string
	Groups                      []stockGroup
	Asked                       bool
	Errors                      []string
}

// stockGroup is one warehouse's rows and their total value.
type stockGroup struct {
	Code, Name string
	Rows       []stockLine
	Value      decimal.Decimal
}

type stockLine struct {
	goods.StockRow
	ItemName, Unit, Designation string
}

func (s *Server) consoleStock(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, routeStock)
	if !ok {
		return
	}
	ctx, q, l := r.Context(), r.URL.Query(), lang(r)
	page := stockPage{consoleFrame: s.frame(u), Fund: q.Get("fund"), Warehouse: q.Get("warehouse"), Item: q.Get("item"), AsOf: q.Get("as_of")}
	funds, err := s.Ledger.FundSummaries(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page.Funds = funds
	if page.Items, err = s.Ledger.Items(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	scope := ""
	if u.User.Role == access.DistrictOfficer {
		scope = u.User.District
	}
	whs, err := s.Goods.Warehouses(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	names := map[string]string{}
	for _, wh := range whs {
		if scope != "" && wh.District != scope {
			continue
		}
		names[wh.Code] = wh.Name
		page.Warehouses = append(page.Warehouses, fundWarehouseOption{Code: wh.Code, Name: wh.Name})
	}
	asOf := s.formDate(l, page.AsOf, i18n.ConsoleAsOf, &page.Errors)
	if len(page.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "console_fund_stock", page)
		return
	}
	rows, err := s.Goods.Stock(ctx, goods.StockFilter{Fund: page.Fund, Warehouse: page.Warehouse, Item: page.Item, District: scope}, asOf)
	if rl.ErrorKind(err) == rl.NotFound {
		page.Errors = append(page.Errors, i18n.F(l, i18n.ConsoleUnknownFund, page.Fund))
		s.render(w, r, http.StatusBadRequest, "console_fund_stock", page)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	items, err := s.itemNames(r, l)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	districts := map[string]string{}
	if s.Households != nil {
		districts = s.Households.DistrictNames()
	}
	page.Asked = true
	slices.SortStableFunc(rows, func(a, b goods.StockRow) int {
		return cmp.Or(cmp.Compare(a.Warehouse, b.Warehouse), cmp.Compare(a.Item, b.Item), cmp.Compare(a.Fund, b.Fund), cmp.Compare(a.Designation, b.Designation))
	})
	for _, row := range rows {
		if row.Quantity.IsZero() && row.Value.IsZero() {
			continue // an account emptied long ago
		}
		if n := len(page.Groups); n == 0 || page.Groups[n-1].Code != row.Warehouse {
			page.Groups = append(page.Groups, stockGroup{Code: row.Warehouse, Name: names[row.Warehouse]})
		}
		g := &page.Groups[len(page.Groups)-1]
		it, ok := items[row.Item]
		if !ok {
			it.NameVI = row.Item
		}
		line := stockLine{StockRow: row, ItemName: it.NameVI, Unit: it.Unit}
		if row.Designation != "" {
			line.Designation = earmarkText(l, districts, row.Designation)
		}
		g.Rows = append(g.Rows, line)
		g.Value = g.Value.Add(row.Value)
	}
	s.render(w, r, http.StatusOK, "console_fund_stock", page)
}
