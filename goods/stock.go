package goods

import (
	"context"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"reliefledger/ledger"
)

// StockFilter selects stock accounts; zero values select all. District
// keeps the warehouses of one district (what a district officer sees).
type StockFilter struct {
	Fund, Warehouse, Item, District string
}

// Level is a quantity of goods and its value in đồng.
type Level struct {
	Quantity decimal.Decimal
	Value    decimal.Decimal
}

func (l Level) add(o Level) Level {
	return Level{Quantity: l.Quantity.Add(o.Quantity), Value: l.Value.Add(o.Value)}
}

// Valuation states how goods are valued, by language ("vi", "en"), for the
// stock card and the reports that show values of goods.
var Valuation = map[string]string{
	"vi": "Hàng hóa tính giá theo bình quân gia quyền di động, theo thứ tự ghi sổ (số bút toán), không theo ngày chứng từ: mỗi lần xuất có giá trị = giá trị tồn × số lượng xuất ÷ số lượng tồn, làm tròn đến đồng; lần xuất hết nhận đúng phần giá trị còn lại. Phiếu nhập ghi lùi ngày không tính lại giá các lần xuất đã ghi trước nó. Đơn giá bình quân = giá trị ÷ số lượng, làm tròn đến đồng, nên đơn giá × số lượng có thể lệch giá trị do làm tròn.",
	"en": "Goods are valued at moving weighted average cost in the order entries were recorded (their entry numbers), not by their dates: an issue takes value = value held × quantity issued ÷ quantity held, rounded to the đồng (half away from zero), and the last units take exactly what is left. A back-dated receipt does not revalue issues recorded before it. The unit cost shown is value ÷ quantity rounded to the đồng, so unit cost × quantity may differ from the value by the rounding.",
}

// UnitCost is the average cost of one unit, value ÷ quantity rounded half
// away from zero to the đồng (0 when empty): unit cost × quantity may
// differ from the value by that rounding (see Valuation).
func (l Level) UnitCost() decimal.Decimal {
	if !l.Quantity.IsPositive() {
		return decimal.Zero
	}
	return l.Value.DivRound(l.Quantity, 0)
}

// StockRow is what one stock account holds: an item in a warehouse, for a
// fund, with its designation.
type StockRow struct {
	AccountID   int64
	Fund        string
	Warehouse   string
	District    string
	Item        string
	Designation string
	Level
}

// stockAccounts lists the stock accounts f selects, by fund, warehouse,
// item and designation.
func (s *Service) stockAccounts(ctx context.Context, f StockFilter) ([]StockRow, error) {
	var fundID int64
	if f.Fund != "" {
		fund, err := s.ledger.Fund(ctx, strings.ToUpper(f.Fund))
		if err != nil {
			return nil, err
		}
		fundID = fund.ID
	}
	accs, err := s.ledger.Accounts(ctx, ledger.AccountFilter{FundID: fundID, Type: ledger.Asset, Warehouse: f.Warehouse, Item: f.Item})
	if err != nil {
		return nil, err
	}
	var rows []StockRow
	for _, a := range accs {
		d := a.Dimensions
		if d.Warehouse == "" || d.Item == "" || !strings.HasPrefix(a.Code, ledger.StockPrefix) {
			continue
		}
		if f.District != "" && d.District != f.District {
			continue
		}
		rows = append(rows, StockRow{AccountID: a.ID, Fund: a.FundCode, Warehouse: d.Warehouse, District: d.District, Item: d.Item, Designation: d.Designation})
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Fund != b.Fund {
			return a.Fund < b.Fund
		}
		if a.Warehouse != b.Warehouse {
			return a.Warehouse < b.Warehouse
		}
		if a.Item != b.Item {
			return a.Item < b.Item
		}
		return a.Designation < b.Designation
	})
	return rows, nil
}

// Stock returns what each selected stock account holds at the end of asOf
// (now when asOf is zero), in quantity and value.
func (s *Service) Stock(ctx context.Context, f StockFilter, asOf ledger.Date) ([]StockRow, error) {
	rows, err := s.stockAccounts(ctx, f)
	if err != nil || len(rows) == 0 {
		return rows, err
	}
	levels, err := s.levels(ctx, rows, asOf)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].Level = levels[rows[i].AccountID]
	}
	return rows, nil
}

func (s *Service) levels(ctx context.Context, rows []StockRow, asOf ledger.Date) (map[int64]Level, error) {
	ids := make([]int64, len(rows))
	items := map[int64]string{}
	for i, r := range rows {
		ids[i] = r.AccountID
		items[r.AccountID] = r.Item
	}
	bals, err := s.ledger.Balances(ctx, asOf, ids...)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Level, len(rows))
	for _, b := range bals {
		l := out[b.AccountID]
		switch b.Asset {
		case ledger.AssetVND:
			l.Value = b.Amount
		case items[b.AccountID]:
			l.Quantity = b.Amount
		}
		out[b.AccountID] = l
	}
	return out, nil
}

// CardLine is one movement on a stock card: what came in (nhập) or went out
// (xuất), and the balance after it (tồn).
type CardLine struct {
	EntryID     int64
	Date        ledger.Date
	Kind        ledger.EntryKind
	Description string
	In, Out     Level
	Balance     Level
}

// Card is the nhập – xuất – tồn of one stock account over a period:
// Closing = Opening + In − Out, in quantity and in value, to the last
// decimal; Closing is also read back from the ledger (Ledger) so a
// difference would show.
type Card struct {
	StockRow
	Opening, In, Out, Closing Level
	Ledger                    Level // the ledger's balance at the end of the period
	Lines                     []CardLine
}

// Balanced reports whether opening + in − out equals the ledger's closing
// balance.
func (c Card) Balanced() bool {
	return c.Closing.Quantity.Equal(c.Ledger.Quantity) && c.Closing.Value.Equal(c.Ledger.Value)
}

// Movements returns the stock cards of the selected accounts for the
// period from..to (inclusive; a zero from starts at the beginning, a zero
// to ends today), with their lines when lines is set.
func (s *Service) Movements(ctx context.Context, f StockFilter, from, to ledger.Date, lines bool) ([]Card, error) {
	rows, err := s.stockAccounts(ctx, f)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	if to.IsZero() {
		to = s.ledger.Today()
	}
	var opening map[int64]Level
	if !from.IsZero() {
		if opening, err = s.levels(ctx, rows, from.AddDays(-1)); err != nil {
			return nil, err
		}
	}
	closing, err := s.levels(ctx, rows, to)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(rows))
	cards := make(map[int64]*Card, len(rows))
	out := make([]Card, len(rows))
	for i, r := range rows {
		ids[i] = r.AccountID
		out[i] = Card{StockRow: r, Opening: opening[r.AccountID], Ledger: closing[r.AccountID]}
		out[i].Level = out[i].Ledger
		cards[r.AccountID] = &out[i]
	}
	ms, err := s.ledger.Movements(ctx, ids, from, to)
	if err != nil {
		return nil, err
	}
	running := map[int64]Level{}
	for id, c := range cards {
		running[id] = c.Opening
	}
	for _, m := range ms {
		c := cards[m.AccountID]
		if c == nil || (m.Item != "" && m.Item != c.Item) {
			continue
		}
		l := CardLine{EntryID: m.EntryID, Date: m.Date, Kind: m.Kind, Description: m.Description}
		if m.Quantity.IsNegative() || (m.Quantity.IsZero() && m.Amount.IsNegative()) {
			l.Out = Level{Quantity: m.Quantity.Neg(), Value: m.Amount.Neg()}
			c.Out = c.Out.add(l.Out)
		} else {
			l.In = Level{Quantity: m.Quantity, Value: m.Amount}
			c.In = c.In.add(l.In)
		}
		running[m.AccountID] = running[m.AccountID].add(l.In).add(Level{Quantity: l.Out.Quantity.Neg(), Value: l.Out.Value.Neg()})
		l.Balance = running[m.AccountID]
		if lines {
			c.Lines = append(c.Lines, l)
		}
	}
	for i := range out {
		c := &out[i]
		c.Closing = Level{Quantity: c.Opening.Quantity.Add(c.In.Quantity).Sub(c.Out.Quantity), Value: c.Opening.Value.Add(c.In.Value).Sub(c.Out.Value)}
	}
	return out, nil
}
