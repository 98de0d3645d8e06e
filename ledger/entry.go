package ledger

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	rl "reliefledger"
)

// Limits on one entry.
const (
	MaxPostings       = 1000
	MaxDescriptionLen = 500
)

// EntryInput is an entry as a caller proposes it, already parsed: the
// API, the command line and the file readers turn text into these types.
type EntryInput struct {
	Date        Date // zero means today
	Kind        EntryKind
	Description string
	Source      Source
	Postings    []PostingInput
}

// PostingInput is one proposed posting.
//
// Goods that leave a stock account are valued at its moving weighted
// average cost, which only the journal knows at the moment of posting: such
// a posting sets AtCost and no Amount, and the posting that receives the
// goods names it by CostOf (its 1-based line) and has no Amount either. The
// ledger fills both amounts under the journal lock (see valueAtCost).
type PostingInput struct {
	Account  AccountRef
	Amount   decimal.Decimal // đồng; debit positive
	Item     string
	Quantity decimal.Decimal // of Item, signed like Amount
	AtCost   bool
	CostOf   int
}

// AccountRef names an account: by ID, or by fund and code. A reference
// with Open describes the account to open when the fund has none with the
// code yet (the restricted twin of an account for an earmark, a district's
// stock of an item); it is opened in the transaction of the entry that
// needs it (Service.Record), so a refused entry leaves no account behind.
type AccountRef struct {
	ID   int64
	Fund string
	Code string
	Open *AccountSpec
}

// AccountSpec is what an account opened on demand is: its type, name and
// dimensions. Asset accounts opened this way are non-negative.
type AccountSpec struct {
	Type       AccountType
	Name       string
	Dimensions Dimensions
}

// AccountByID refers to an account by its ID.
func AccountByID(id int64) AccountRef { return AccountRef{ID: id} }

// AccountByCode refers to a fund's account by its code.
func AccountByCode(fund, code string) AccountRef {
	return AccountRef{Fund: strings.ToUpper(fund), Code: code}
}

// OpenAccount refers to a fund's account by its code, opening it with spec
// when it does not exist yet.
func OpenAccount(fund, code string, spec AccountSpec) AccountRef {
	r := AccountByCode(fund, code)
	r.Open = &spec
	return r
}

// String writes the reference as FUND:CODE, or #ID.
func (r AccountRef) String() string {
	if r.Code != "" {
		return r.Fund + ":" + r.Code
	}
	return "#" + itoa(r.ID)
}

// ParseAccountRef reads "FUND:CODE" (e.g. "POOR:1120"), as the API and the
// command line take it.
func ParseAccountRef(s string) (AccountRef, error) {
	fund, code, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || fund == "" || code == "" {
		return AccountRef{}, fmt.Errorf("must be FUND:CODE, e.g. POOR:1120")
	}
	return AccountByCode(fund, code), nil
}

// resolver looks up accounts and items (cached; they are never deleted).
type resolver interface {
	accountByID(id int64) (Account, error)
	accountByCode(fund, code string) (Account, error)
	item(code string) (Item, error)
}

// buildEntry validates in and returns an unnumbered entry. Every problem is
// reported with its field, so a client can fix them all at once.
func buildEntry(in EntryInput, today Date, r resolver) (Entry, error) {
	var fe rl.Fields
	e := Entry{Kind: in.Kind, Description: strings.TrimSpace(in.Description), Source: in.Source}
	switch {
	case in.Date.IsZero():
		e.Date = today
	case in.Date.After(today.AddDays(1)):
		fe.Add("date", "must not be more than one day in the future (today is %s)", today)
	case CheckDate(in.Date) != nil:
		fe.Add("date", "%v", CheckDate(in.Date))
	default:
		e.Date = in.Date
	}
	if e.Description == "" {
		fe.Add("description", "is required")
	} else if utf8.RuneCountInString(e.Description) > MaxDescriptionLen {
		fe.Add("description", "must be at most %d characters", MaxDescriptionLen)
	}
	if n := len(in.Postings); n < 2 || n > MaxPostings {
		fe.Add("postings", "must have between 2 and %d postings, got %d", MaxPostings, n)
	}
	accounts := map[int64]Account{}
	for i, pin := range in.Postings {
		p, acc, ok := buildPosting(fmt.Sprintf("postings[%d]", i), pin, r, &fe)
		if !ok {
			continue
		}
		p.Line = i + 1
		accounts[acc.ID] = acc
		e.Postings = append(e.Postings, p)
	}
	if len(fe) == 0 {
		checkCostPairs(e.Postings, accounts, &fe)
	}
	if len(fe) > 0 {
		return Entry{}, fe.Err()
	}
	if err := checkBalanced(e.Postings, accounts); err != nil {
		return Entry{}, err
	}
	if err := checkDesignations(e, accounts); err != nil {
		return Entry{}, err
	}
	return e, nil
}

// checkDesignations keeps restricted money to its designation: when an
// entry takes money or goods out of an asset account designated for
// something (a district, a household category, a purpose), everything it
// moves them to must carry the same designation. Reversals, which undo an
// entry exactly, are exempt.
func checkDesignations(e Entry, accounts map[int64]Account) error {
	if e.Kind == KindReversal {
		return nil
	}
	out := map[string]bool{}
	for _, p := range e.Postings {
		a := accounts[p.AccountID]
		if a.Type == Asset && a.Dimensions.Designation != "" && (p.Amount.IsNegative() || p.Quantity.IsNegative()) {
			out[a.Dimensions.Designation] = true
		}
	}
	for d := range out {
		for i, p := range e.Postings {
			a := accounts[p.AccountID]
			if (p.Amount.IsPositive() || p.Quantity.IsPositive()) && a.Dimensions.Designation != d {
				got := a.Dimensions.Designation
				if got == "" {
					got = "none"
				}
				err := rl.CodedErrorf(rl.Conflict, "restricted-money",
					"money designated %q by its donors can only go to accounts designated %q; account %s:%s is designated %s",
					d, d, a.FundCode, a.Code, got)
				err.Fields = []rl.FieldError{{Field: fmt.Sprintf("postings[%d].account_id", i), Message: "not designated " + d}}
				return err
			}
		}
	}
	return nil
}

func buildPosting(field string, in PostingInput, r resolver, fe *rl.Fields) (Posting, Account, bool) {
	var acc Account
	var err error
	switch {
	case in.Account.ID != 0 && in.Account.Code != "":
		fe.Add(field+".account_id", "give account_id or account, not both")
		return Posting{}, acc, false
	case in.Account.ID != 0:
		acc, err = r.accountByID(in.Account.ID)
	case in.Account.Code != "":
		acc, err = r.accountByCode(in.Account.Fund, in.Account.Code)
	default:
		fe.Add(field+".account_id", "is required")
		return Posting{}, acc, false
	}
	if err != nil {
		if rl.ErrorKind(err) == rl.NotFound {
			fe.Add(field+".account_id", "no such account")
			return Posting{}, acc, false
		}
		fe.Add(field+".account_id", "could not be looked up")
		return Posting{}, acc, false
	}
	ok := true
	p := Posting{AccountID: acc.ID, Amount: in.Amount, AtCost: in.AtCost, CostOf: in.CostOf}
	if in.AtCost || in.CostOf != 0 {
		if !in.Amount.IsZero() {
			fe.Add(field+".amount", "must be empty: the value is the stock's moving average cost")
			ok = false
		}
	} else if err := CheckDecimal(in.Amount, VNDScale); err != nil {
		fe.Add(field+".amount", "%v (đồng)", err)
		ok = false
	}
	switch {
	case in.Item == "" && !in.Quantity.IsZero():
		fe.Add(field+".item", "is required when a quantity is given")
		ok = false
	case in.Item != "":
		it, err := r.item(in.Item)
		if err != nil {
			fe.Add(field+".item", "no such item %q", in.Item)
			return p, acc, false
		}
		if in.Quantity.IsZero() {
			fe.Add(field+".quantity", "is required with an item and must not be zero")
			return p, acc, false
		}
		if err := CheckDecimal(in.Quantity, it.Scale); err != nil {
			fe.Add(field+".quantity", "%v (%s of %s)", err, it.Unit, it.Code)
			return p, acc, false
		}
		p.Item, p.Quantity = it.Code, in.Quantity
	}
	if ok && (in.AtCost || in.CostOf != 0) && p.Item == "" {
		fe.Add(field+".item", "is required for goods valued at cost")
		ok = false
	}
	if ok && p.Amount.IsZero() && p.Item == "" {
		fe.Add(field+".amount", "must not be zero")
		ok = false
	}
	return p, acc, ok
}

// checkBalanced enforces fund accounting: within each fund the đồng values
// sum to zero, and so do the quantities of each item.
func checkBalanced(ps []Posting, accounts map[int64]Account) error {
	values := map[string]decimal.Decimal{}
	qty := map[string]decimal.Decimal{}
	for _, p := range ps {
		fund := accounts[p.AccountID].FundCode
		values[fund] = values[fund].Add(p.Amount)
		if p.Item != "" {
			k := fund + ":" + p.Item
			qty[k] = qty[k].Add(p.Quantity)
		}
	}
	var fe rl.Fields
	for _, fund := range sortedKeys(values) {
		if v := values[fund]; !v.IsZero() {
			fe.Add("postings", "the entry does not balance in fund %s: amounts sum to %s đồng, must be 0", fund, v)
		}
	}
	for _, k := range sortedKeys(qty) {
		if q := qty[k]; !q.IsZero() {
			fund, item, _ := strings.Cut(k, ":")
			fe.Add("postings", "the quantities of item %s in fund %s sum to %s, must be 0", item, fund, q)
		}
	}
	return fe.Err()
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// reversalOf returns the entry that undoes orig: the same postings negated.
func reversalOf(orig Entry, reason string, date Date) Entry {
	e := Entry{
		Date:        date,
		Kind:        KindReversal,
		Description: reason,
		Source:      Source{Type: "entry", ID: itoa(orig.ID)},
		ReversesID:  orig.ID,
	}
	for i, p := range orig.Postings {
		e.Postings = append(e.Postings, Posting{
			Line: i + 1, AccountID: p.AccountID, Amount: p.Amount.Neg(),
			Item: p.Item, Quantity: p.Quantity.Neg(),
		})
	}
	return e
}

// ClipDescription cuts a generated description to what an entry allows.
func ClipDescription(s string) string {
	if r := []rune(s); len(r) > MaxDescriptionLen {
		return string(r[:MaxDescriptionLen])
	}
	return s
}
