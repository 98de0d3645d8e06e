package exports

import (
	"strings"

	"github.com/shopspring/decimal"

	"reliefledger/goods"
	"reliefledger/internal/i18n"
	"reliefledger/internal/xlsxw"
)

// writeStock writes nhập – xuất – tồn per fund, warehouse and item over the
// period: opening, receipts, issues and closing in quantity and value, the
// closing as a formula (opening + in − out) beside the ledger's balance;
// then the stock cards, every movement with the balance after it, and how
// issues are valued. Both are signed.
func writeStock(d *doc) error {
	ctx, src, p := d.ctx, d.src, d.p
	cards, err := src.Goods.Movements(ctx, goods.StockFilter{Fund: p.Fund, Warehouse: p.Warehouse, Item: p.Item, District: p.District}, p.From, p.To, true)
	if err != nil {
		return err
	}
	if d.to.IsZero() {
		d.to = src.Ledger.Today()
	}
	qd := quantityDecimals(d.n, cards)
	var values []decimal.Decimal
	for _, c := range cards {
		values = append(values, c.Opening.Value, c.In.Value, c.Out.Value, c.Closing.Value)
	}
	w := amountWidth(values...)
	var whs []string
	for _, c := range cards {
		whs = append(whs, d.n.warehouse(c.Warehouse))
	}
	whWidth := textWidth(whs, 10, 30)
	qty := func(k i18n.Key) column { return column{k, 11, xlsxw.Quantity, qd} }
	var cols []column
	if p.Fund == "" {
		cols = append(cols, column{i18n.ColFund, 18, xlsxw.Text, 0})
	}
	off := len(cols) // the columns below are counted from here
	cols = append(cols,
		column{i18n.ColWarehouse, whWidth, xlsxw.Text, 0},
		column{i18n.ColItem, 11, xlsxw.Text, 0},
		column{i18n.ColUnit, 6, xlsxw.Text, 0},
		column{i18n.ColEarmark, 16, xlsxw.Text, 0},
		qty(i18n.ColOpeningQty), d.money(i18n.ColOpeningVND, w),
		qty(i18n.ColInQty), d.money(i18n.ColInVND, w),
		qty(i18n.ColOutQty), d.money(i18n.ColOutVND, w),
		qty(i18n.ColClosingQty), d.money(i18n.ColClosingVND, w),
		qty(i18n.ColLedgerQty), d.money(i18n.ColLedgerVND, w),
	)
	s, err := d.sheet(i18n.SheetStock, d.cols(cols...), xlsxw.Page{})
	if err != nil {
		return err
	}
	letter := func(i int) string { return string(rune('A' + off + i)) }
	sums := map[int]decimal.Decimal{}
	for _, i := range []int{5, 7, 9, 11, 13} {
		sums[off+i] = decimal.Zero
	}
	for _, c := range cards {
		n := itoa(s.NextRow())
		for i, v := range []decimal.Decimal{c.Opening.Value, c.In.Value, c.Out.Value, c.Closing.Value, c.Ledger.Value} {
			sums[off+5+2*i] = sums[off+5+2*i].Add(v)
		}
		row := []any{d.n.warehouse(c.Warehouse), d.n.item(c.Item), d.n.unit(c.Item), d.n.earmark(c.Designation),
			c.Opening.Quantity, c.Opening.Value, c.In.Quantity, c.In.Value, c.Out.Quantity, c.Out.Value,
			xlsxw.Formula{Expr: letter(4) + n + "+" + letter(6) + n + "-" + letter(8) + n, Value: c.Closing.Quantity},
			xlsxw.Formula{Expr: letter(5) + n + "+" + letter(7) + n + "-" + letter(9) + n, Value: c.Closing.Value},
			c.Ledger.Quantity, c.Ledger.Value}
		if off > 0 {
			row = append([]any{d.n.fund(c.Fund)}, row...)
		}
		if err := s.Row(row...); err != nil {
			return err
		}
	}
	if err := s.Total(d.t(i18n.TotalValue), sums); err != nil {
		return err
	}
	if err := d.sign(s); err != nil {
		return err
	}
	return writeStockCards(d, cards, qd, w, whWidth)
}

// writeStockCards writes every card: its opening balance, then each
// movement with the balance after it.
func writeStockCards(d *doc, cards []goods.Card, qd int, w, whWidth float64) error {
	qty := func(k i18n.Key) column { return column{k, 11, xlsxw.Quantity, qd} }
	cols := d.cols(
		column{i18n.ColWarehouse, whWidth, xlsxw.Text, 0},
		column{i18n.ColItem, 11, xlsxw.Text, 0},
		column{i18n.ColDate, 11, xlsxw.Date, 0},
		column{i18n.ColEntry, 9, xlsxw.Integer, 0},
		column{i18n.ColDescription, 40, xlsxw.Text, 0},
		qty(i18n.ColInQty), d.money(i18n.ColInVND, w),
		qty(i18n.ColOutQty), d.money(i18n.ColOutVND, w),
		qty(i18n.ColBalanceQty), d.money(i18n.ColBalanceVND, w),
	)
	cols[4].Wrap = true
	lines, err := d.sheet(i18n.SheetStockCards, cols, xlsxw.Page{})
	if err != nil {
		return err
	}
	for _, c := range cards {
		wh, item := d.n.warehouse(c.Warehouse), d.n.item(c.Item)
		if c.Designation != "" {
			item += " (" + d.n.earmark(c.Designation) + ")"
		}
		if err := lines.Row(wh, item, d.from, nil, d.t(i18n.StockOpening), nil, nil, nil, nil, c.Opening.Quantity, c.Opening.Value); err != nil {
			return err
		}
		for _, l := range c.Lines {
			if err := lines.Row(wh, item, l.Date, l.EntryID, l.Description, nonZero(l.In.Quantity), nonZero(l.In.Value),
				nonZero(l.Out.Quantity), nonZero(l.Out.Value), l.Balance.Quantity, l.Balance.Value); err != nil {
				return err
			}
		}
	}
	if err := lines.Note(d.t(i18n.StockValuation)); err != nil {
		return err
	}
	return d.sign(lines)
}

// nonZero leaves a zero out of a column of movements.
func nonZero(x decimal.Decimal) any {
	if x.IsZero() {
		return nil
	}
	return x
}

// quantityDecimals is how many decimals the quantity columns show: as many
// as the most precise quantity needs, at most the items' scale.
func quantityDecimals(n *names, cards []goods.Card) int {
	dec := 0
	for _, c := range cards {
		qs := []decimal.Decimal{c.Opening.Quantity, c.In.Quantity, c.Out.Quantity, c.Closing.Quantity, c.Ledger.Quantity}
		for _, l := range c.Lines {
			qs = append(qs, l.In.Quantity, l.Out.Quantity, l.Balance.Quantity)
		}
		for _, q := range qs {
			if str := q.String(); strings.Contains(str, ".") {
				dec = max(dec, min(len(str)-strings.IndexByte(str, '.')-1, n.scale(c.Item)))
			}
		}
	}
	return dec
}
