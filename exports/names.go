package exports

// Names instead of codes: districts and communes from the registry's
// reference units, funds, items and warehouses from the ledger and the
// stock, accounts from the translation table and their dimensions,
// earmarks and journal sources in words.

import (
	"context"
	"strings"

	"reliefledger/goods"
	"reliefledger/households"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// names turns the codes a workbook holds into what people call them. A
// code it does not know is shown as it is.
type names struct {
	ctx        context.Context
	led        *ledger.Service
	l          i18n.Lang
	tree       *households.Tree
	funds      map[string]ledger.Fund
	items      map[string]ledger.Item
	warehouses map[string]goods.Warehouse
}

func loadNames(ctx context.Context, src Sources, l i18n.Lang) (*names, error) {
	n := &names{ctx: ctx, led: src.Ledger, l: l, funds: map[string]ledger.Fund{}, items: map[string]ledger.Item{}, warehouses: map[string]goods.Warehouse{}}
	if src.Households != nil {
		n.tree = src.Households.Tree()
	}
	items, err := src.Ledger.Items(ctx)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		n.items[it.Code] = it
	}
	if src.Goods != nil {
		ws, err := src.Goods.Warehouses(ctx)
		if err != nil {
			return nil, err
		}
		for _, w := range ws {
			n.warehouses[w.Code] = w
		}
	}
	return n, nil
}

// region is a unit's name with its kind: "Huyện Kế Sách", "Xã Phú Tâm",
// "Phường 5" ("Kế Sách District", "Phú Tâm Commune" in English).
func (n *names) region(code string) string {
	if n.tree == nil || code == "" {
		return code
	}
	u, ok := n.tree.Unit(code)
	if !ok {
		return code
	}
	if strings.HasPrefix(u.Name, "Phường ") || !i18n.Has(i18n.Enum("region_kind", u.Kind)) {
		return u.Name
	}
	return i18n.F(n.l, i18n.RegionFull, i18n.Value(n.l, "region_kind", u.Kind), u.Name)
}

// shortName is a unit's name without its kind: "Kế Sách", "Phú Tâm".
func (n *names) shortName(code string) string {
	if n.tree != nil {
		if u, ok := n.tree.Unit(code); ok {
			return u.Name
		}
	}
	return code
}

// district is a district's name ("" for the province's own lines).
func (n *names) district(code string) string {
	if code == "" {
		return i18n.T(n.l, i18n.ProvinceLevel)
	}
	return n.region(code)
}

// province is the province's name, for the place of signing: the
// province of the districts the workbooks show (the 2021 units, as
// households.Service.DistrictNames), else the one in force.
func (n *names) province() string {
	if n.tree != nil {
		if ds := n.tree.Districts("2021"); len(ds) > 0 {
			if u, ok := n.tree.Unit(ds[0].Parent); ok {
				return u.Name
			}
		}
		for _, u := range n.tree.Units() {
			if u.Level == 1 && u.ValidTo == "" {
				return u.Name
			}
		}
	}
	return i18n.T(n.l, i18n.ProvinceUnknown)
}

// fund is a fund's name, read once.
func (n *names) fund(code string) string {
	f, ok := n.funds[code]
	if !ok {
		var err error
		if f, err = n.led.Fund(n.ctx, code); err == nil {
			n.funds[code], ok = f, true
		}
	}
	if ok {
		if n.l == i18n.EN && f.NameEN != "" {
			return f.NameEN
		}
		if f.NameVI != "" {
			return f.NameVI
		}
	}
	return code
}

// item is an item's name.
func (n *names) item(code string) string {
	if it, ok := n.items[code]; ok {
		if n.l == i18n.EN && it.NameEN != "" {
			return it.NameEN
		}
		return it.NameVI
	}
	return code
}

// unit is an item's unit of measure (kg, thùng).
func (n *names) unit(code string) string { return n.items[code].Unit }

// scale is how many decimals an item's quantities have.
func (n *names) scale(code string) int { return int(n.items[code].Scale) }

// maxScale is the largest scale of the items, the decimals of a column
// that may hold any of them.
func (n *names) maxScale() int {
	s := 0
	for _, it := range n.items {
		s = max(s, int(it.Scale))
	}
	return s
}

// warehouse is a warehouse's name.
func (n *names) warehouse(code string) string {
	if w, ok := n.warehouses[code]; ok && w.Name != "" {
		return w.Name
	}
	return code
}

// earmark says what a donation was given for: "Huyện Kế Sách", "hộ
// nghèo", "mục đích: …".
func (n *names) earmark(e string) string {
	kind, value, ok := strings.Cut(e, ":")
	if !ok {
		return e
	}
	switch kind {
	case "district":
		return n.region(value)
	case "category":
		return i18n.Value(n.l, "category", value)
	case "purpose":
		return i18n.F(n.l, i18n.EarmarkPurpose, value)
	}
	return e
}

// account is an account's name in the workbook's language: a standard
// account's from the table, with what its dimensions narrow it to (item,
// warehouse, district, earmark); any other account's as it was opened.
func (n *names) account(a ledger.Account) string {
	base, _, _ := strings.Cut(a.Code, ".")
	k := i18n.Enum("account", base)
	if !i18n.Has(k) {
		return a.Name
	}
	parts := []string{i18n.T(n.l, k)}
	dim := a.Dimensions
	if dim.Item != "" {
		parts = append(parts, n.item(dim.Item))
	}
	switch {
	case dim.Warehouse != "":
		parts = append(parts, n.warehouse(dim.Warehouse))
	case dim.District != "":
		parts = append(parts, n.region(dim.District))
	}
	if dim.Designation != "" {
		parts = append(parts, i18n.F(n.l, i18n.EarmarkFor, n.earmark(dim.Designation)))
	}
	return strings.Join(parts, " – ")
}

// source names the document behind a journal entry: "Biên nhận
// POOR-2021-000001", "Phương án 3", "Bút toán 12".
func (n *names) source(s ledger.Source) string {
	if s.Type == "" {
		return s.ID
	}
	k := i18n.Enum("source", s.Type)
	if !i18n.Has(k) {
		return s.Type + ": " + s.ID
	}
	id := s.ID
	switch s.Type {
	case "stock-transfer":
		if from, to, ok := strings.Cut(id, ">"); ok {
			id = n.warehouse(from) + " → " + n.warehouse(to)
		}
	case "stock-issue":
		id = n.warehouse(id)
	}
	return strings.TrimSpace(i18n.T(n.l, k) + " " + id)
}
