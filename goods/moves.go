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
// district, usually). Quantity is a decimal string in the item's unit; Unit,
// when given, must be the item's. Designation picks earmarked goods ("" for
// unrestricted ones).
type TransferInput struct {
	Fund, From, To, Item, Quantity, Unit, Designation, Date, Note string
}

// IssueInput gives goods out of a warehouse to an organisation (a
// checkpoint, a quarantine site, a relief trip).
type IssueInput struct {
	Fund, Warehouse, Item, Quantity, Unit, Designation, Date string
	Recipient, Purpose                                       string
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
	q := s.parseQuantity(ctx, in.Fund, in.Item, in.Quantity, in.Unit, &fe)
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
	dst, err := s.ensureStock(ctx, src, to)
	if err != nil {
		return ledger.Entry{}, false, err
	}
	desc := fmt.Sprintf("Điều chuyển %s %s %s từ %s đến %s", q.qty, q.item.Unit, q.item.NameVI, from.Name, to.Name)
	if note != "" {
		desc += " – " + note
	}
	return s.ledger.Post(ctx, a, ledger.EntryInput{Date: in.Date, Kind: ledger.KindStock, Description: ledger.ClipDescription(desc),
		Source:   ledger.Source{Type: "stock-transfer", ID: from.Code + ">" + to.Code},
		Postings: Pair(src.ID, dst.ID, q.item.Code, q.qty)})
}

// Issue gives goods to an organisation, valued at average cost, as aid to
// organisations (5200). Errors and scope as for Transfer.
func (s *Service) Issue(ctx context.Context, a ledger.Actor, scope string, in IssueInput) (ledger.Entry, bool, error) {
	if err := s.inScope(ctx, scope, in.Warehouse); err != nil {
		return ledger.Entry{}, false, err
	}
	var fe rl.Fields
	q := s.parseQuantity(ctx, in.Fund, in.Item, in.Quantity, in.Unit, &fe)
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
	exp, err := s.Expense(ctx, src, "5200")
	if err != nil {
		return ledger.Entry{}, false, err
	}
	desc := fmt.Sprintf("Xuất %s %s %s từ %s cho %s", q.qty, q.item.Unit, q.item.NameVI, wh.Name, recipient)
	if purpose != "" {
		desc += " – " + purpose
	}
	return s.ledger.Post(ctx, a, ledger.EntryInput{Date: in.Date, Kind: ledger.KindStock, Description: ledger.ClipDescription(desc),
		Source: ledger.Source{Type: "stock-issue", ID: wh.Code}, Postings: Pair(src.ID, exp.ID, q.item.Code, q.qty)})
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
func Pair(from, to int64, item string, qty decimal.Decimal) []ledger.PostingInput {
	return []ledger.PostingInput{
		{AccountID: from, Item: item, Quantity: qty.Neg().String(), AtCost: true},
		{AccountID: to, Item: item, Quantity: qty.String(), CostOf: 1},
	}
}

type quantity struct {
	fund string
	item ledger.Item
	qty  decimal.Decimal
}

// parseQuantity checks the fund, the item, the unit and the quantity (more
// decimals than the item's unit allows are refused).
func (s *Service) parseQuantity(ctx context.Context, fund, item, qty, unit string, fe *rl.Fields) quantity {
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
	v, err := ledger.ParseDecimal(qty, it.Scale)
	switch {
	case qty == "":
		fe.Add("quantity", "is required, in %s", it.Unit)
	case err != nil:
		fe.Add("quantity", "%v (%s of %s allows %d decimals)", err, it.Unit, it.Code, it.Scale)
	case !v.IsPositive():
		fe.Add("quantity", "must be more than zero")
	}
	q.qty = v
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

// ensureStock returns the stock account in warehouse to that mirrors src:
// same fund, item and designation.
func (s *Service) ensureStock(ctx context.Context, src ledger.Account, to Warehouse) (ledger.Account, error) {
	code := ledger.StockCode(to.Code, src.Dimensions.Item) + ledger.RestrictedSuffix(src.Code)
	name := "Hàng hóa " + src.Dimensions.Item + " tại kho " + to.Code
	if d := src.Dimensions.Designation; d != "" {
		name += " — chỉ định " + d
	}
	return s.ledger.EnsureAccount(ctx, ledger.AccountInput{Fund: src.FundCode, Code: code, Type: ledger.Asset, Name: name,
		Dimensions: ledger.Dimensions{Warehouse: to.Code, Item: src.Dimensions.Item, District: to.District, Designation: src.Dimensions.Designation}})
}

// Expense returns the expense account (5100 aid to households, 5200 aid to
// organisations) that goods of src are given out to: the restricted twin
// when src is designated, since designated goods stay designated.
func (s *Service) Expense(ctx context.Context, src ledger.Account, base string) (ledger.Account, error) {
	suffix := ledger.RestrictedSuffix(src.Code)
	if suffix == "" {
		return s.ledger.EnsureAccount(ctx, ledger.AccountInput{Fund: src.FundCode, Code: base, Type: ledger.Expense, Name: base})
	}
	name := map[string]string{"5100": "Hỗ trợ hộ gia đình", "5200": "Hỗ trợ tổ chức"}[base] + " — chỉ định " + src.Dimensions.Designation
	return s.ledger.EnsureAccount(ctx, ledger.AccountInput{Fund: src.FundCode, Code: base + suffix, Type: ledger.Expense, Name: name,
		Dimensions: ledger.Dimensions{Designation: src.Dimensions.Designation}})
}
