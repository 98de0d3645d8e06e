package distribution

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/goods"
	"reliefledger/ledger"
)

// The ledger side of distribution:
//
//	approval  source (1120 bank, 1110 cash, or the stock of a warehouse)
//	          → 1310.D<district>[.<item>] outstanding allocation of each district
//	delivery  1310.D<district>[.<item>] → 5100 aid to households (5200 to organisations)
//
// Earmarked money or goods keep their designation all the way: each of these
// accounts then has the source's ".R.<designation>" ending. Goods move at
// the moving average cost of the account they leave.

// sourceAccount is the account a plan or request draws from.
func (s *Service) sourceAccount(ctx context.Context, fund string, kind Kind, item, source, designation string) (ledger.Account, error) {
	if kind == Goods {
		return s.goods.StockAccount(ctx, fund, source, item, designation)
	}
	base := map[string]string{"bank": "1120", "cash": "1110"}[source]
	if designation == "" {
		return s.ledger.AccountByCode(fund, base)
	}
	f, err := s.ledger.Fund(ctx, fund)
	if err != nil {
		return ledger.Account{}, err
	}
	accs, err := s.ledger.Accounts(ctx, ledger.AccountFilter{FundID: f.ID, Type: ledger.Asset})
	if err != nil {
		return ledger.Account{}, err
	}
	for _, a := range accs {
		if a.Dimensions.Designation == designation && strings.HasPrefix(a.Code, base+".R.") {
			return a, nil
		}
	}
	return ledger.Account{}, rl.CodedErrorf(rl.Conflict, "insufficient-balance",
		"fund %s holds no money designated %q in its %s account (%s)", fund, designation, source, base)
}

// outstandingCode is the code of a district's outstanding allocation
// mirroring src: 1310.D<district>[.<item>][.R.<designation>].
func outstandingCode(src ledger.Account, district, item string) string {
	code := "1310.D" + district
	if item != "" {
		code += "." + item
	}
	return code + ledger.RestrictedSuffix(src.Code)
}

// outstandingRef refers to a district's outstanding allocation mirroring
// src, opened with the approval that first allocates to it.
func outstandingRef(src ledger.Account, district, item string) ledger.AccountRef {
	name := "Phân bổ cho huyện " + district + " chưa cấp phát"
	if item != "" {
		name += " (" + item + ")"
	}
	if d := src.Dimensions.Designation; d != "" {
		name += " — chỉ định " + d
	}
	return ledger.OpenAccount(src.FundCode, outstandingCode(src, district, item), ledger.AccountSpec{Type: ledger.Asset, Name: name,
		Dimensions: ledger.Dimensions{District: district, Item: item, Designation: src.Dimensions.Designation}})
}

// balanceOf is what an account holds of the plan's asset (đồng or item).
func (s *Service) balanceOf(ctx context.Context, acc ledger.Account, item string) (decimal.Decimal, error) {
	asset := ledger.AssetVND
	if item != "" {
		asset = item
	}
	bals, err := s.ledger.Balances(ctx, ledger.Date{}, acc.ID)
	if err != nil {
		return decimal.Zero, err
	}
	for _, b := range bals {
		if b.Asset == asset {
			return b.Amount, nil
		}
	}
	return decimal.Zero, nil
}

// cover compares what a plan needs with what its source holds now.
func (s *Service) cover(ctx context.Context, p Plan) (Cover, error) {
	c := Cover{Needs: p.Total}
	src, err := s.sourceAccount(ctx, p.Fund, p.Kind, p.Item, p.Source, p.Designation)
	if rl.ErrorKind(err) == rl.Conflict {
		c.Account, c.Missing = p.Fund+":"+p.Source, p.Total
		return c, nil
	}
	if err != nil {
		return c, err
	}
	c.Account = src.FundCode + ":" + src.Code
	if c.Holds, err = s.balanceOf(ctx, src, p.Item); err != nil {
		return c, err
	}
	if c.Needs.GreaterThan(c.Holds) {
		c.Missing = c.Needs.Sub(c.Holds)
	}
	return c, nil
}

// allocationEntry builds the entry that moves amounts per district from src
// to the districts' outstanding allocations.
func allocationEntry(src ledger.Account, kind Kind, item string, amounts map[string]decimal.Decimal, date ledger.Date, desc string, source ledger.Source) ledger.EntryInput {
	e := ledger.EntryInput{Date: date, Kind: ledger.KindAllocation, Description: ledger.ClipDescription(desc), Source: source}
	total := decimal.Zero
	for _, d := range slices.Sorted(maps.Keys(amounts)) {
		amt := amounts[d]
		if !amt.IsPositive() {
			continue
		}
		dst := outstandingRef(src, d, item)
		if kind == Goods {
			pair := goods.Pair(ledger.AccountByID(src.ID), dst, item, amt)
			pair[1].CostOf = len(e.Postings) + 1
			e.Postings = append(e.Postings, pair...)
			continue
		}
		e.Postings = append(e.Postings, ledger.PostingInput{Account: dst, Amount: amt})
		total = total.Add(amt)
	}
	if kind == Money && total.IsPositive() {
		e.Postings = append(e.Postings, ledger.PostingInput{Account: ledger.AccountByID(src.ID), Amount: total.Neg()})
	}
	return e
}

// missing turns the ledger's refusal into the plan's terms: how much is
// missing, and where.
func missing(p Plan, c Cover) error {
	unit := "đồng"
	if p.Kind == Goods {
		unit = p.Item
	}
	err := rl.CodedErrorf(rl.Conflict, "insufficient-balance",
		"plan %d needs %s %s from %s, which holds %s %s: %s %s missing", p.ID, c.Needs, unit, c.Account, c.Holds, unit, c.Missing, unit)
	err.Fields = []rl.FieldError{{Field: "source", Message: fmt.Sprintf("%s %s missing in %s", c.Missing, unit, c.Account)}}
	return err
}

// PlanApproval is an approver's decision on a draft plan: the accounting
// date (today when zero) and, to approve it in part, the districts left out
// with the reason.
type PlanApproval struct {
	Date    ledger.Date
	Exclude []string // district codes of the plan left out
	Reason  string   // required when Exclude is not empty
}

// maxReason bounds an approval's reason, in characters.
const maxReason = 500

// ApprovePlan posts a draft plan to the ledger in one transaction: its
// source → each district's outstanding allocation. The approver must not
// be the plan's author (Forbidden, code "own-plan"). Conflict with code
// "insufficient-balance" saying how much is missing and where when the
// source cannot cover it, "already-approved" when it was approved already
// (two approvers racing: one wins, the other gets this).
//
// Approved in part (in.Exclude), the excluded districts leave the plan in
// the same transaction: their households are no longer the plan's, its
// total and households count the approved districts only, and its result
// keeps each excluded district's line and claimants with the reason
// (Result.Excluded, Result.ApprovalReason), so Recompute still reproduces
// the plan as drafted. Invalid for a district not in the plan, for
// excluding every district, or without a reason.
func (s *Service) ApprovePlan(ctx context.Context, a ledger.Actor, id int64, in PlanApproval) (Plan, bool, error) {
	if entryID, ok, err := s.ledger.Replayed(ctx, a.Idem); err != nil || ok {
		if err != nil {
			return Plan{}, false, err
		}
		p, err := s.store.Plan(ctx, id)
		if err == nil && p.EntryID != entryID {
			err = rl.Errorf(rl.Conflict, "idempotency key was used to approve another plan")
		}
		return p, true, err
	}
	p, err := s.store.Plan(ctx, id)
	if err != nil {
		return Plan{}, false, err
	}
	if p.Status != Draft {
		return Plan{}, false, rl.CodedErrorf(rl.Conflict, "already-approved", "plan %d was approved already (entry %d)", id, p.EntryID)
	}
	if p.CreatedBy == a.UserID {
		return Plan{}, false, rl.CodedErrorf(rl.Forbidden, "own-plan", "plan %d was drafted by you; another approver must approve it", id)
	}
	if p, err = s.excludeDistricts(ctx, p, in); err != nil {
		return Plan{}, false, err
	}
	c, err := s.cover(ctx, p)
	if err != nil {
		return Plan{}, false, err
	}
	if c.Missing.IsPositive() {
		return Plan{}, false, missing(p, c)
	}
	src, err := s.sourceAccount(ctx, p.Fund, p.Kind, p.Item, p.Source, p.Designation)
	if err != nil {
		return Plan{}, false, err
	}
	amounts := map[string]decimal.Decimal{}
	for _, d := range p.Result.Districts {
		amounts[d.District] = d.Amount
	}
	desc := fmt.Sprintf("Phê duyệt phương án phân bổ số %d: %s", p.ID, p.Title)
	if len(p.Result.Excluded) > 0 {
		desc = fmt.Sprintf("Phê duyệt một phần phương án phân bổ số %d: %s", p.ID, p.Title)
	}
	e := allocationEntry(src, p.Kind, p.Item, amounts, in.Date, desc, ledger.Source{Type: "allocation-plan", ID: fmt.Sprint(p.ID)})
	now := rl.Stamp(s.now())
	replayed := false
	err = s.store.InJournal(ctx, func(tx Tx) error {
		es, again, err := s.ledger.Record(ctx, tx, a, []ledger.EntryInput{e})
		if replayed = again; err != nil || again {
			return err
		}
		p.Status, p.ApprovedBy, p.ApprovedAt, p.ApprovedOn, p.EntryID = Approved, a.UserID, now, es[0].Date, es[0].ID
		return tx.ApprovePlan(p)
	})
	if err != nil {
		// The ledger refused it under the lock (money left meanwhile): say it
		// in the plan's terms.
		if e, ok := rl.AsError(err); ok && e.Code == "insufficient-balance" {
			if c, cerr := s.cover(ctx, p); cerr == nil && c.Missing.IsPositive() {
				return Plan{}, false, missing(p, c)
			}
		}
		return Plan{}, false, err
	}
	if replayed {
		p, err = s.store.Plan(ctx, id)
		return p, true, err
	}
	return p, false, nil
}

// excludeDistricts checks an approval's exclusions against the draft p and
// returns p without the excluded districts: its result, total and
// households count the approved part, Result.Excluded records the rest.
func (s *Service) excludeDistricts(ctx context.Context, p Plan, in PlanApproval) (Plan, error) {
	reason := strings.Join(strings.Fields(in.Reason), " ")
	var fe rl.Fields
	shares := map[string]DistrictShare{}
	for _, d := range p.Result.Districts {
		shares[d.District] = d
	}
	excluded := map[string]bool{}
	for i, d := range in.Exclude {
		d = strings.TrimSpace(d)
		field := fmt.Sprintf("exclude_districts[%d]", i)
		switch _, ok := shares[d]; {
		case excluded[d]:
			fe.Add(field, "district %s is listed twice", d)
		case !ok && s.households != nil && !s.households.DistrictExists(ctx, d):
			fe.Add(field, "no district %q", d)
		case !ok:
			fe.Add(field, "district %s is not in plan %d", d, p.ID)
		}
		excluded[d] = true
	}
	if len(in.Exclude) > 0 && len(in.Exclude) >= len(p.Result.Districts) && len(fe) == 0 {
		fe.Add("exclude_districts", "cannot exclude every district of plan %d: leave it a draft instead", p.ID)
	}
	switch {
	case len(in.Exclude) > 0 && reason == "":
		fe.Add("reason", "is required when districts are excluded")
	case utf8.RuneCountInString(reason) > maxReason:
		fe.Add("reason", "is at most %d characters", maxReason)
	}
	if err := fe.Err(); err != nil {
		return p, err
	}
	if reason != "" {
		p.Result.ApprovalReason = reason
	}
	if len(excluded) == 0 {
		return p, nil
	}
	kept := make([]DistrictShare, 0, len(p.Result.Districts))
	for _, d := range p.Result.Districts {
		if !excluded[d.District] {
			kept = append(kept, d)
			continue
		}
		hs, err := s.store.PlanHouseholds(ctx, p.ID, d.District, 0, 0)
		if err != nil {
			return p, err
		}
		x := ExcludedDistrict{District: d.District, Amount: d.Amount, Share: d, Claimants: make([]ExcludedClaimant, 0, len(hs))}
		for _, h := range hs {
			x.Claimants = append(x.Claimants, ExcludedClaimant{Code: h.Code, Commune: h.Commune, Category: h.Category, Members: h.Members, Amount: h.Amount})
			if h.Amount.IsPositive() {
				x.Households++
			} else {
				p.Result.Unfunded--
			}
		}
		p.Result.Excluded = append(p.Result.Excluded, x)
		p.Total, p.Result.Total = p.Total.Sub(d.Amount), p.Result.Total.Sub(d.Amount)
		p.Households -= x.Households
	}
	p.Result.Districts = kept
	return p, nil
}
