package distribution

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/ledger"
)

// RequestInput is a district's request as proposed.
type RequestInput struct {
	Fund, District string
	Item           string          // goods requests: the item; "" for money
	Amount         decimal.Decimal // đồng, or the quantity of the item
	Households     int
	Reason         string
}

// FileRequest records a pending request. A district officer (scope set)
// files for their own district only. Invalid for bad fields.
func (s *Service) FileRequest(ctx context.Context, a ledger.Actor, scope string, in RequestInput) (Request, bool, error) {
	var fe rl.Fields
	r := Request{District: strings.TrimSpace(in.District), Households: in.Households, Reason: strings.Join(strings.Fields(in.Reason), " "), Kind: Money}
	if r.District == "" && scope != "" {
		r.District = scope
	}
	if scope != "" && r.District != scope {
		fe.Add("district", "you file requests for district %s only", scope)
	} else if !s.households.DistrictExists(ctx, r.District) {
		fe.Add("district", "no district %q", in.District)
	}
	f, err := s.ledger.Fund(ctx, strings.ToUpper(strings.TrimSpace(in.Fund)))
	if err != nil {
		fe.Add("fund", "no fund %q", in.Fund)
	}
	r.FundID, r.Fund = f.ID, f.Code
	r.Amount = s.quantity(ctx, "amount", in.Item, in.Amount, &r.Kind, &r.Item, &fe)
	if in.Households < 0 || in.Households > 1_000_000 {
		fe.Add("households", "must be between 0 and 1,000,000")
	}
	if r.Reason == "" || utf8.RuneCountInString(r.Reason) > 1000 {
		fe.Add("reason", "is required, at most 1000 characters")
	}
	if err := fe.Err(); err != nil {
		return Request{}, false, err
	}
	r.Status, r.CreatedBy, r.CreatedAt = Pending, a.UserID, rl.Stamp(s.now())
	return s.store.CreateRequest(ctx, r, a.Idem)
}

// quantity checks an amount of money (item "") or of an item: positive,
// with no more decimals than the unit allows.
func (s *Service) quantity(ctx context.Context, field, item string, d decimal.Decimal, kind *Kind, code *string, fe *rl.Fields) decimal.Decimal {
	scale, unit := int32(ledger.VNDScale), "đồng"
	if item != "" {
		it, err := s.ledger.Item(ctx, strings.ToUpper(strings.TrimSpace(item)))
		if err != nil {
			fe.Add("item", "no item %q", item)
			return decimal.Zero
		}
		*kind, *code, scale, unit = Goods, it.Code, it.Scale, it.Unit
	}
	switch err := ledger.CheckDecimal(d, scale); {
	case err != nil:
		fe.Add(field, "%v (%s)", err, unit)
	case !d.IsPositive():
		fe.Add(field, "must be more than zero")
	}
	return d
}

// DecisionInput approves a request in full or in part, or rejects it.
type DecisionInput struct {
	Decision string              // approve or reject
	Amount   decimal.NullDecimal // approve: the approved amount (default: as requested)
	Reason   string              // required to reject or to approve in part
	Source   string              // money: bank (default) or cash; goods: warehouse (default PROV)
	Date     ledger.Date         // the approval's date; zero is today
}

// Decide decides a pending request. Approval posts source → the district's
// outstanding allocation like a plan. The requester cannot decide their own
// request (Forbidden, "own-request"); Conflict "already-decided" when it
// was decided, "insufficient-balance" when the source cannot cover it.
func (s *Service) Decide(ctx context.Context, a ledger.Actor, id int64, in DecisionInput) (Request, bool, error) {
	if rec, ok, err := s.ledger.LookupIdem(ctx, a.Idem); err != nil || ok {
		if err != nil {
			return Request{}, false, err
		}
		if rec.RequestHash != a.Idem.RequestHash {
			return Request{}, false, ledger.IdemMismatch(a.Idem.Key)
		}
		r, err := s.store.Request(ctx, id)
		return r, true, err
	}
	r, err := s.store.Request(ctx, id)
	if err != nil {
		return Request{}, false, err
	}
	if r.Status != Pending {
		return Request{}, false, rl.CodedErrorf(rl.Conflict, "already-decided", "request %d was %s already", id, r.Status)
	}
	if r.CreatedBy == a.UserID {
		return Request{}, false, rl.CodedErrorf(rl.Forbidden, "own-request", "request %d was filed by you; another approver must decide it", id)
	}
	var fe rl.Fields
	reason := strings.Join(strings.Fields(in.Reason), " ")
	if utf8.RuneCountInString(reason) > 1000 {
		fe.Add("reason", "must be at most 1000 characters")
	}
	r.DecidedBy, r.DecidedAt, r.DecisionReason = a.UserID, rl.Stamp(s.now()), reason
	switch in.Decision {
	case "reject":
		if reason == "" {
			fe.Add("reason", "is required to reject a request")
		}
		if err := fe.Err(); err != nil {
			return Request{}, false, err
		}
		r.Status = Rejected
		return r, false, s.store.RejectRequest(ctx, r, a.Idem)
	case "approve":
	default:
		fe.Add("decision", "must be approve or reject")
		return Request{}, false, fe.Err()
	}
	amount := r.Amount
	if in.Amount.Valid {
		kind, item := r.Kind, r.Item
		amount = s.quantity(ctx, "amount", r.Item, in.Amount.Decimal, &kind, &item, &fe)
		if amount.GreaterThan(r.Amount) {
			fe.Add("amount", "must not exceed the %s requested", r.Amount)
		}
		if amount.LessThan(r.Amount) && reason == "" {
			fe.Add("reason", "is required to approve in part")
		}
	}
	r.Source = s.sourceOf(ctx, r.Kind, in.Source, &fe)
	if err := fe.Err(); err != nil {
		return Request{}, false, err
	}
	src, err := s.sourceAccount(ctx, r.Fund, r.Kind, r.Item, r.Source, "")
	if err != nil {
		return Request{}, false, err
	}
	desc := fmt.Sprintf("Duyệt đề nghị hỗ trợ số %d của huyện %s: %s", r.ID, r.District, r.Reason)
	e := allocationEntry(src, r.Kind, r.Item, map[string]decimal.Decimal{r.District: amount}, in.Date, desc,
		ledger.Source{Type: "allocation-request", ID: fmt.Sprint(r.ID)})
	replayed := false
	err = s.store.InJournal(ctx, func(tx Tx) error {
		es, again, err := s.ledger.Record(ctx, tx, a, []ledger.EntryInput{e})
		if replayed = again; err != nil || again {
			return err
		}
		r.Status, r.EntryID = Approved, es[0].ID
		r.ApprovedAmount = decimal.NullDecimal{Decimal: amount, Valid: true}
		return tx.DecideRequest(r)
	})
	if err != nil || replayed {
		if err == nil {
			r, err = s.store.Request(ctx, id)
		}
		return r, replayed, err
	}
	return r, false, nil
}

// sourceOf checks where money (bank, the default, or cash) or goods (a
// warehouse, PROV by default) come from.
func (s *Service) sourceOf(ctx context.Context, kind Kind, v string, fe *rl.Fields) string {
	v = strings.TrimSpace(v)
	if kind == Goods {
		v = strings.ToUpper(v)
		if v == "" {
			v = "PROV"
		}
		if _, err := s.goods.Warehouse(ctx, v); err != nil {
			fe.Add("source", "no warehouse %q", v)
		}
		return v
	}
	v = strings.ToLower(v)
	if v == "" {
		v = "bank"
	}
	if v != "bank" && v != "cash" {
		fe.Add("source", "must be bank or cash for money (a warehouse code for goods)")
	}
	return v
}

// Request returns a request; NotFound when there is none or it belongs to
// another district than scope.
func (s *Service) Request(ctx context.Context, id int64, scope string) (Request, error) {
	r, err := s.store.Request(ctx, id)
	if err == nil && scope != "" && r.District != scope {
		return Request{}, rl.Errorf(rl.NotFound, "no allocation request %d", id)
	}
	return r, err
}

// Requests lists requests; a district officer sees their own.
func (s *Service) Requests(ctx context.Context, f RequestFilter, scope string) ([]Request, error) {
	if scope != "" {
		f.District = scope
	}
	return s.store.Requests(ctx, f)
}
