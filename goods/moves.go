package goods

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/ledger"
)

// TransferInput moves goods from one warehouse to another (province →
// district, usually). Quantity is in the item's unit; Unit, when given,
// must be the item's. Designation picks earmarked goods ("" for
// unrestricted ones). A zero Date is today.
type TransferInput struct {
	Fund, From, To, Item, Unit, Designation, Note string
	Quantity                                      decimal.Decimal
	Date                                          ledger.Date
}

// IssueInput gives goods out of a warehouse to an organisation (a
// checkpoint, a quarantine site, a relief trip).
type IssueInput struct {
	Fund, Warehouse, Item, Unit, Designation string
	Quantity                                 decimal.Decimal
	Date                                     ledger.Date
	Recipient, Purpose                       string
}

// Transfer moves goods between warehouses in one entry: the quantity and
// its value at average cost leave one stock account and arrive in the
// other. Invalid for bad fields (each named), Conflict with code
// "insufficient-balance" when the warehouse holds less than asked. A
// district officer (scope set) moves goods out of their district's
// warehouses only: another warehouse is NotFound.
func (s *Service) Transfer(ctx context.Context, a ledger.Actor, scope string, in TransferInput) (ledger.Entry, bool, error) {
	if err := s.inScope(ctx, scope, in.From); err != nil {
		return ledger.Entry{}, false, err
	}
	var fe rl.Fields
	q := s.checkQuantity(ctx, in.Fund, in.Item, in.Quantity, in.Unit, &fe)
	from := s.warehouseField(ctx, "from", in.From, &fe)
	to := s.warehouseField(ctx, "to", in.To, &fe)
	if from.Code != "" && from.Code == to.Code {
		fe.Add("to", "must differ from the warehouse the goods leave")
	}
	note := strings.Join(strings.Fields(in.Note), " ")
	if utf8.RuneCountInString(note) > 300 {
		fe.Add("note", "must be at most 300 characters")
	}
	if err := fe.Err(); err != nil {
		return ledger.Entry{}, false, err
	}
	src, err := s.StockAccount(ctx, q.fund, from.Code, q.item.Code, in.Designation)
	if err != nil {
		return ledger.Entry{}, false, err
	}
	if err := EarmarkAllows(src.Dimensions.Designation, to.District); err != nil {
		return ledger.Entry{}, false, err
	}
	dst := StockRef(src, to)
	desc := fmt.Sprintf("Điều chuyển %s %s %s từ %s đến %s", q.qty, q.item.Unit, q.item.NameVI, from.Name, to.Name)
	if note != "" {
		desc += " – " + note
	}
	return s.ledger.Post(ctx, a, ledger.EntryInput{Date: in.Date, Kind: ledger.KindStock, Description: ledger.ClipDescription(desc),
		Source:   ledger.Source{Type: "stock-transfer", ID: from.Code + ">" + to.Code},
		Postings: Pair(ledger.AccountByID(src.ID), dst, q.item.Code, q.qty)})
}

// Issue gives goods to an organisation, valued at average cost, as aid to
// organisations (5200). Errors and scope as for Transfer.
func (s *Service) Issue(ctx context.Context, a ledger.Actor, scope string, in IssueInput) (ledger.Entry, bool, error) {
	if err := s.inScope(ctx, scope, in.Warehouse); err != nil {
		return ledger.Entry{}, false, err
	}
	var fe rl.Fields
	q := s.checkQuantity(ctx, in.Fund, in.Item, in.Quantity, in.Unit, &fe)
	wh := s.warehouseField(ctx, "warehouse", in.Warehouse, &fe)
	recipient := strings.Join(strings.Fields(in.Recipient), " ")
	if recipient == "" || utf8.RuneCountInString(recipient) > 200 {
		fe.Add("recipient", "is required (the checkpoint, quarantine site or trip), at most 200 characters")
	}
	purpose := strings.Join(strings.Fields(in.Purpose), " ")
	if utf8.RuneCountInString(purpose) > 300 {
		fe.Add("purpose", "must be at most 300 characters")
	}
	if err := fe.Err(); err != nil {
		return ledger.Entry{}, false, err
	}
	src, err := s.StockAccount(ctx, q.fund, wh.Code, q.item.Code, in.Designation)
	if err != nil {
		return ledger.Entry{}, false, err
	}
	if err := EarmarkAllows(src.Dimensions.Designation, wh.District); err != nil {
		return ledger.Entry{}, false, err
	}
	exp := ExpenseRef(src, "5200")
	desc := fmt.Sprintf("Xuất %s %s %s từ %s cho %s", q.qty, q.item.Unit, q.item.NameVI, wh.Name, recipient)
	if purpose != "" {
		desc += " – " + purpose
	}
	return s.ledger.Post(ctx, a, ledger.EntryInput{Date: in.Date, Kind: ledger.KindStock, Description: ledger.ClipDescription(desc),
		Source: ledger.Source{Type: "stock-issue", ID: wh.Code}, Postings: Pair(ledger.AccountByID(src.ID), exp, q.item.Code, q.qty)})
}

// inScope refuses a district officer a warehouse of another district (or
// the province's) as if it did not exist.
func (s *Service) inScope(ctx context.Context, scope, code string) error {
	if scope == "" {
		return nil
	}
	if w, err := s.Warehouse(ctx, code); err != nil || w.District != scope {
		return rl.Errorf(rl.NotFound, "no warehouse %q in your district", code)
	}
	return nil
}

// EarmarkAllows keeps goods designated for a district out of other
// districts' warehouses: they may sit in the province's warehouse ("") or
// in that district's. Conflict with code "restricted-money" otherwise.
func EarmarkAllows(designation, district string) error {
	kind, value, _ := strings.Cut(designation, ":")
	if kind != "district" || district == "" || district == value {
		return nil
	}
	return rl.CodedErrorf(rl.Conflict, "restricted-money",
		"goods designated %q can only go to district %s; the warehouse belongs to district %s", designation, value, district)
}

// Pair is the two postings that move qty of an item out of a stock account
// at its average cost into another account.
func Pair(from, to ledger.AccountRef, item string, qty decimal.Decimal) []ledger.PostingInput {
	return []ledger.PostingInput{
		{Account: from, Item: item, Quantity: qty.Neg(), AtCost: true},
		{Account: to, Item: item, Quantity: qty, CostOf: 1},
	}
}

type quantity struct {
	fund string
	item ledger.Item
	qty  decimal.Decimal
}

// parseQuantity checks the fund, the item, the unit and the quantity (more
// decimals than the item's unit allows are refused).
func (s *Service) checkQuantity(ctx context.Context, fund, item string, qty decimal.Decimal, unit string, fe *rl.Fields) quantity {
	var q quantity
	f, err := s.ledger.Fund(ctx, strings.ToUpper(strings.TrimSpace(fund)))
	if err != nil {
		fe.Add("fund", "no fund %q", fund)
	}
	q.fund = f.Code
	it, err := s.ledger.Item(ctx, strings.ToUpper(strings.TrimSpace(item)))
	if err != nil {
		fe.Add("item", "no item %q", item)
		return q
	}
	q.item = it
	if err := ledger.CheckUnit(it, unit); err != nil {
		fe.Add("unit", "%v", err)
		return q
	}
	if err := ledger.CheckDecimal(qty, it.Scale); err != nil {
		fe.Add("quantity", "%v (%s of %s allows %d decimals)", err, it.Unit, it.Code, it.Scale)
	} else if !qty.IsPositive() {
		fe.Add("quantity", "must be more than zero")
	}
	q.qty = qty
	return q
}

func (s *Service) warehouseField(ctx context.Context, field, code string, fe *rl.Fields) Warehouse {
	w, err := s.Warehouse(ctx, code)
	if err != nil {
		fe.Add(field, "no warehouse %q", code)
	}
	return w
}

// stockAccount finds the stock account of an item in a warehouse with the
// designation. None means the warehouse never held it: Conflict, like an
// empty account.
func (s *Service) StockAccount(ctx context.Context, fund, warehouse, item, designation string) (ledger.Account, error) {
	f, err := s.ledger.Fund(ctx, fund)
	if err != nil {
		return ledger.Account{}, err
	}
	accs, err := s.ledger.Accounts(ctx, ledger.AccountFilter{FundID: f.ID, Type: ledger.Asset, Warehouse: warehouse, Item: item})
	if err != nil {
		return ledger.Account{}, err
	}
	for _, a := range accs {
		if a.Dimensions.Designation == designation && strings.HasPrefix(a.Code, ledger.StockPrefix) {
			return a, nil
		}
	}
	what := "unrestricted"
	if designation != "" {
		what = "designated " + designation
	}
	return ledger.Account{}, rl.CodedErrorf(rl.Conflict, "insufficient-balance",
		"warehouse %s holds no %s %s of fund %s", warehouse, what, item, fund)
}

// StockRef refers to the stock account in warehouse to that mirrors src
// (same fund, item and designation), opening it with the entry that first
// moves goods into it.
func StockRef(src ledger.Account, to Warehouse) ledger.AccountRef {
	code := ledger.StockCode(to.Code, src.Dimensions.Item) + ledger.RestrictedSuffix(src.Code)
	name := "Hàng hóa " + src.Dimensions.Item + " tại kho " + to.Code
	if d := src.Dimensions.Designation; d != "" {
		name += " — chỉ định " + d
	}
	return ledger.OpenAccount(src.FundCode, code, ledger.AccountSpec{Type: ledger.Asset, Name: name,
		Dimensions: ledger.Dimensions{Warehouse: to.Code, Item: src.Dimensions.Item, District: to.District, Designation: src.Dimensions.Designation}})
}

// ExpenseRef refers to the expense account (5100 aid to households, 5200
// aid to organisations) that goods of src are given out to: the restricted
// twin when src is designated, since designated goods stay designated.
func ExpenseRef(src ledger.Account, base string) ledger.AccountRef {
	suffix := ledger.RestrictedSuffix(src.Code)
	if suffix == "" {
		return ledger.AccountByCode(src.FundCode, base)
	}
	name := map[string]string{"5100": "Hỗ trợ hộ gia đình", "5200": "Hỗ trợ tổ chức"}[base] + " — chỉ định " + src.Dimensions.Designation
	return ledger.OpenAccount(src.FundCode, base+suffix, ledger.AccountSpec{Type: ledger.Expense, Name: name,
		Dimensions: ledger.Dimensions{Designation: src.Dimensions.Designation}})
}
