package exports

import (
	"context"

	"github.com/shopspring/decimal"

	"reliefledger/goods"
	"reliefledger/internal/xlsxw"
)

// writeStock writes nhập – xuất – tồn per fund, warehouse and item over the
// period: opening, receipts, issues and closing in quantity and value, the
// closing as a formula (opening + in − out) beside the ledger's balance,
// then every movement with the balance after it.
func writeStock(ctx context.Context, src Sources, wb *xlsxw.Workbook, p Params, m Meta) error {
	cards, err := src.Goods.Movements(ctx, goods.StockFilter{Fund: p.Fund, Warehouse: p.Warehouse, Item: p.Item, District: p.District}, p.From, p.To, true)
	if err != nil {
		return err
	}
	s, err := wb.Sheet(m.label("Nhập xuất tồn", "Stock movement"), []xlsxw.Col{
		{Title: m.label("Quỹ", "Fund"), Width: 8},
		{Title: m.label("Kho", "Warehouse"), Width: 10},
		{Title: m.label("Hàng hóa", "Item"), Width: 10},
		{Title: m.label("Chỉ định", "Designation"), Width: 16},
		{Title: m.label("Tồn đầu SL", "Opening qty"), Width: 14, Kind: xlsxw.Quantity},
		{Title: m.label("Tồn đầu (đồng)", "Opening (VND)"), Width: 16, Kind: xlsxw.Money},
		{Title: m.label("Nhập SL", "In qty"), Width: 14, Kind: xlsxw.Quantity},
		{Title: m.label("Nhập (đồng)", "In (VND)"), Width: 16, Kind: xlsxw.Money},
		{Title: m.label("Xuất SL", "Out qty"), Width: 14, Kind: xlsxw.Quantity},
		{Title: m.label("Xuất (đồng)", "Out (VND)"), Width: 16, Kind: xlsxw.Money},
		{Title: m.label("Tồn cuối SL", "Closing qty"), Width: 14, Kind: xlsxw.Quantity},
		{Title: m.label("Tồn cuối (đồng)", "Closing (VND)"), Width: 16, Kind: xlsxw.Money},
		{Title: m.label("Sổ cái SL", "Ledger qty"), Width: 14, Kind: xlsxw.Quantity},
		{Title: m.label("Sổ cái (đồng)", "Ledger (VND)"), Width: 16, Kind: xlsxw.Money},
	})
	if err != nil {
		return err
	}
	sums := map[int]decimal.Decimal{5: decimal.Zero, 7: decimal.Zero, 9: decimal.Zero, 11: decimal.Zero, 13: decimal.Zero}
	for _, c := range cards {
		n := itoa(s.Rows() + 2)
		for i, v := range []decimal.Decimal{c.Opening.Value, c.In.Value, c.Out.Value, c.Closing.Value, c.Ledger.Value} {
			sums[5+2*i] = sums[5+2*i].Add(v)
		}
		if err := s.Row(c.Fund, c.Warehouse, c.Item, c.Designation, c.Opening.Quantity, c.Opening.Value, c.In.Quantity, c.In.Value,
			c.Out.Quantity, c.Out.Value,
			xlsxw.Formula{Expr: "E" + n + "+G" + n + "-I" + n, Value: c.Closing.Quantity},
			xlsxw.Formula{Expr: "F" + n + "+H" + n + "-J" + n, Value: c.Closing.Value},
			c.Ledger.Quantity, c.Ledger.Value); err != nil {
			return err
		}
	}
	if err := s.Total(m.label("Cộng (giá trị)", "Total (value)"), sums); err != nil {
		return err
	}
	lines, err := wb.Sheet(m.label("Thẻ kho", "Stock cards"), []xlsxw.Col{
		{Title: m.label("Kho", "Warehouse"), Width: 10},
		{Title: m.label("Hàng hóa", "Item"), Width: 10},
		{Title: m.label("Ngày", "Date"), Width: 12, Kind: xlsxw.Date},
		{Title: m.label("Bút toán", "Entry"), Width: 10, Kind: xlsxw.Integer},
		{Title: m.label("Diễn giải", "Description"), Width: 50},
		{Title: m.label("Nhập SL", "In qty"), Width: 14, Kind: xlsxw.Quantity},
		{Title: m.label("Nhập (đồng)", "In (VND)"), Width: 16, Kind: xlsxw.Money},
		{Title: m.label("Xuất SL", "Out qty"), Width: 14, Kind: xlsxw.Quantity},
		{Title: m.label("Xuất (đồng)", "Out (VND)"), Width: 16, Kind: xlsxw.Money},
		{Title: m.label("Tồn SL", "Balance qty"), Width: 14, Kind: xlsxw.Quantity},
		{Title: m.label("Tồn (đồng)", "Balance (VND)"), Width: 16, Kind: xlsxw.Money},
	})
	if err != nil {
		return err
	}
	for _, c := range cards {
		for _, l := range c.Lines {
			if err := lines.Row(c.Warehouse, c.Item, l.Date, l.EntryID, l.Description, l.In.Quantity, l.In.Value, l.Out.Quantity, l.Out.Value,
				l.Balance.Quantity, l.Balance.Value); err != nil {
				return err
			}
		}
	}
	return nil
}
