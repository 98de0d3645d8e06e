package distribution

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/goods"
	"reliefledger/ledger"
)

// MaxDeliveries bounds one call (a province's whole list fits).
const MaxDeliveries = 200_000

// DeliveryInput is one household's (or organisation's) receipt of aid.
type DeliveryInput struct {
	Household    string              // household code (plan or request deliveries)
	Organisation string              // request deliveries only: a checkpoint, a quarantine site…
	Amount       decimal.NullDecimal // plan: optional, must be the household's package; request: required
	Date         ledger.Date         // required
	HandedOverBy string              // required
	Proof        string              // signed list reference, photo number…
}

// DeliveryBatch is deliveries against one approved plan or request.
type DeliveryBatch struct {
	Plan, Request int64
	Items         []DeliveryInput
}

// source is what deliveries draw on: an approved plan or request.
type source struct {
	fund        string
	fundID      int64
	kind        Kind
	item        string
	src         string // the plan's source
	designation string
	approvedOn  ledger.Date
	planID      int64
	requestID   int64
	district    string          // a request's district
	approved    decimal.Decimal // a request's approved amount
	label       string
}

// Deliver records deliveries, all or none, with the entries that move their
// aid out of the districts' outstanding allocations (one entry per date).
// A district officer (scope set) delivers in their district only. Invalid
// for bad rows (each named deliveries[i].field), Conflict
// "already-delivered" when a household already got its package of the plan,
// "insufficient-balance" when a request's outstanding allocation is short.
func (s *Service) Deliver(ctx context.Context, a ledger.Actor, scope string, b DeliveryBatch) ([]Delivery, bool, error) {
	if entryID, ok, err := s.ledger.Replayed(ctx, a.Idem); err != nil || ok {
		if err != nil {
			return nil, false, err
		}
		ds, err := s.deliveriesOf(ctx, b, entryID)
		return ds, true, err
	}
	src, err := s.deliverySource(ctx, scope, b)
	if err != nil {
		return nil, false, err
	}
	ds, err := s.deliveryRows(ctx, a, scope, src, b.Items)
	if err != nil {
		return nil, false, err
	}
	entries, dates, err := s.deliveryEntries(ctx, src, ds)
	if err != nil {
		return nil, false, err
	}
	var first int64
	replayed := false
	err = s.store.InJournal(ctx, func(tx Tx) error {
		if err := s.withinApproval(tx, src, ds); err != nil {
			return err
		}
		es, again, err := s.ledger.Record(ctx, tx, a, entries)
		if err != nil {
			return err
		}
		first, replayed = es[0].ID, again
		if again {
			return nil
		}
		byDate := map[ledger.Date]int64{}
		for i, e := range es {
			byDate[dates[i]] = e.ID
		}
		for i := range ds {
			ds[i].EntryID = byDate[ds[i].Date]
		}
		return tx.InsertDeliveries(ds)
	})
	if err != nil {
		return nil, false, err
	}
	ds, err = s.deliveriesOf(ctx, b, first)
	return ds, replayed, err
}

// withinApproval keeps a request's deliveries within what was approved for
// it, counted inside the journal transaction so racing calls see each other
// (a plan's deliveries are held to their packages instead).
func (s *Service) withinApproval(tx Tx, src source, ds []Delivery) error {
	if src.requestID == 0 {
		return nil
	}
	done, err := tx.RequestDelivered(src.requestID)
	if err != nil {
		return err
	}
	batch := decimal.Zero
	for _, d := range ds {
		batch = batch.Add(d.Amount)
	}
	if done.Add(batch).GreaterThan(src.approved) {
		return rl.CodedErrorf(rl.Conflict, "over-approved",
			"request %d was approved for %s; %s was delivered already and these deliveries add %s: %s too much",
			src.requestID, src.approved, done, batch, done.Add(batch).Sub(src.approved))
	}
	return nil
}

// deliveriesOf reads back what a call recorded (with IDs), for its answer
// and for a retry: its entries are consecutive from the first, one per
// delivery date of the batch.
func (s *Service) deliveriesOf(ctx context.Context, b DeliveryBatch, first int64) ([]Delivery, error) {
	dates := map[ledger.Date]bool{}
	for _, in := range b.Items {
		dates[in.Date] = true
	}
	ds, err := s.store.Deliveries(ctx, DeliveryFilter{PlanID: b.Plan, RequestID: b.Request, MinEntryID: first, MaxEntryID: first + int64(len(dates)) - 1})
	return ds, err
}

// CheckDeliveries checks a batch like Deliver and records nothing (a dry
// run of an upload).
func (s *Service) CheckDeliveries(ctx context.Context, scope string, b DeliveryBatch) error {
	src, err := s.deliverySource(ctx, scope, b)
	if err != nil {
		return err
	}
	_, err = s.deliveryRows(ctx, ledger.Actor{}, scope, src, b.Items)
	return err
}

func (s *Service) deliverySource(ctx context.Context, scope string, b DeliveryBatch) (source, error) {
	var fe rl.Fields
	switch {
	case (b.Plan == 0) == (b.Request == 0):
		fe.Add("plan", "give a plan or a request, one of them")
	case len(b.Items) == 0 || len(b.Items) > MaxDeliveries:
		fe.Add("deliveries", "must have 1 to %d rows", MaxDeliveries)
	}
	if err := fe.Err(); err != nil {
		return source{}, err
	}
	if b.Plan != 0 {
		p, err := s.store.Plan(ctx, b.Plan)
		if err != nil {
			return source{}, err
		}
		if p.Status != Approved {
			return source{}, rl.CodedErrorf(rl.Conflict, "not-approved", "plan %d is not approved yet; nothing was allocated to deliver", p.ID)
		}
		return source{fund: p.Fund, fundID: p.FundID, kind: p.Kind, item: p.Item, src: p.Source, designation: p.Designation,
			approvedOn: p.ApprovedOn, planID: p.ID, label: fmt.Sprintf("phương án %d", p.ID)}, nil
	}
	r, err := s.Request(ctx, b.Request, scope)
	if err != nil {
		return source{}, err
	}
	if r.Status != Approved {
		return source{}, rl.CodedErrorf(rl.Conflict, "not-approved", "request %d is %s; only an approved request can be delivered", r.ID, r.Status)
	}
	e, err := s.ledger.Entry(ctx, r.EntryID)
	if err != nil {
		return source{}, err
	}
	return source{fund: r.Fund, fundID: r.FundID, kind: r.Kind, item: r.Item, src: r.Source, approvedOn: e.Date,
		requestID: r.ID, district: r.District, approved: r.ApprovedAmount.Decimal, label: fmt.Sprintf("đề nghị %d", r.ID)}, nil
}

// deliveryRows checks every row and resolves its household.
func (s *Service) deliveryRows(ctx context.Context, a ledger.Actor, scope string, src source, items []DeliveryInput) ([]Delivery, error) {
	codes := make([]string, 0, len(items))
	for _, in := range items {
		if c := strings.TrimSpace(in.Household); c != "" {
			codes = append(codes, c)
		}
	}
	var planned map[string]PlanHousehold
	var registered map[string]householdRef
	var err error
	if src.planID != 0 {
		planned, err = s.store.PlanHouseholdsByCode(ctx, src.planID, codes)
	} else {
		registered, err = s.householdRefs(ctx, codes)
	}
	if err != nil {
		return nil, err
	}
	today := s.ledger.Today()
	var fe rl.Fields
	seen := map[string]int{}
	now := rl.Stamp(s.now())
	ds := make([]Delivery, 0, len(items))
	for i, in := range items {
		field := fmt.Sprintf("deliveries[%d]", i)
		before := len(fe)
		d := Delivery{FundID: src.fundID, PlanID: src.planID, RequestID: src.requestID, Kind: src.kind, Item: src.item,
			HandedOverBy: strings.Join(strings.Fields(in.HandedOverBy), " "), Proof: strings.TrimSpace(in.Proof),
			Organisation: strings.Join(strings.Fields(in.Organisation), " "), CreatedBy: a.UserID, CreatedAt: now}
		code := strings.TrimSpace(in.Household)
		switch {
		case code != "" && d.Organisation != "":
			fe.Add(field+".household", "give a household or an organisation, not both")
		case code == "" && d.Organisation == "":
			fe.Add(field+".household", "is required (or an organisation, for a request)")
		case d.Organisation != "" && src.planID != 0:
			fe.Add(field+".organisation", "a plan's packages go to its households; deliver to organisations through a request")
		case d.Organisation != "":
			d.District = src.district
		case src.planID != 0:
			// Another district's household answers as one not on the plan:
			// a district officer learns nothing of other districts.
			h, ok := planned[code]
			if !ok || (scope != "" && h.District != scope) {
				fe.Add(field+".household", "household %s is not on plan %d", code, src.planID)
				break
			}
			if !h.Amount.IsPositive() {
				fe.Add(field+".household", "household %s gets nothing from plan %d", code, src.planID)
			}
			d.HouseholdID, d.HouseholdCode, d.District, d.Amount = h.HouseholdID, h.Code, h.District, h.Amount
		default:
			h, ok := registered[code]
			if !ok || (scope != "" && h.district != scope) {
				fe.Add(field+".household", "no household %s", code)
				break
			}
			if h.district != src.district {
				fe.Add(field+".household", "household %s lives in district %s, not %s", code, h.district, src.district)
			}
			d.HouseholdID, d.HouseholdCode, d.District = h.id, code, h.district
		}
		if code != "" {
			if j, dup := seen[code]; dup {
				fe.Add(field+".household", "household %s is listed twice (also row %d)", code, j)
			}
			seen[code] = i
		}
		s.deliveryAmount(ctx, field, in.Amount, src, &d, &fe)
		d.Date = deliveryDate(field, in.Date, src.approvedOn, today, &fe)
		if d.HandedOverBy == "" || utf8.RuneCountInString(d.HandedOverBy) > 200 {
			fe.Add(field+".handed_over_by", "is required, at most 200 characters")
		}
		if utf8.RuneCountInString(d.Proof) > 200 || utf8.RuneCountInString(d.Organisation) > 200 {
			fe.Add(field+".proof", "proof and organisation are at most 200 characters")
		}
		if len(fe) > 100 {
			fe.Add("deliveries", "too many problems; stopped at row %d", i)
			break
		}
		if len(fe) == before {
			ds = append(ds, d)
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return ds, s.checkNotDelivered(ctx, src, ds)
}

func (s *Service) deliveryAmount(ctx context.Context, field string, v decimal.NullDecimal, src source, d *Delivery, fe *rl.Fields) {
	if !v.Valid {
		if src.planID == 0 {
			fe.Add(field+".amount", "is required for a request's delivery")
		}
		return
	}
	kind, item := src.kind, src.item
	amt := s.quantity(ctx, field+".amount", src.item, v.Decimal, &kind, &item, fe)
	if src.planID != 0 && !d.Amount.IsZero() && !amt.Equal(d.Amount) {
		fe.Add(field+".amount", "household %s's package in this plan is %s, not %s", d.HouseholdCode, d.Amount, amt)
	}
	d.Amount = amt
}

func deliveryDate(field string, date, approved, today ledger.Date, fe *rl.Fields) ledger.Date {
	switch {
	case date.IsZero():
		fe.Add(field+".date", "is required (YYYY-MM-DD)")
	case date.Before(approved):
		fe.Add(field+".date", "is before the approval (%s): deliver on or after it, or approve with a date on or before the delivery", approved)
	case date.After(today.AddDays(1)):
		fe.Add(field+".date", "is in the future")
	}
	return date
}

// checkNotDelivered refuses households that already got the plan's
// package (the unique index is the backstop for racing uploads).
func (s *Service) checkNotDelivered(ctx context.Context, src source, ds []Delivery) error {
	if src.planID == 0 {
		return nil
	}
	ids := make([]int64, len(ds))
	for i, d := range ds {
		ids[i] = d.HouseholdID
	}
	done, err := s.store.Delivered(ctx, src.planID, ids)
	if err != nil || len(done) == 0 {
		return err
	}
	var codes []string
	for _, d := range ds {
		if done[d.HouseholdID] {
			codes = append(codes, d.HouseholdCode)
		}
	}
	sort.Strings(codes)
	more := ""
	if len(codes) > 10 {
		more = fmt.Sprintf(" and %d more", len(codes)-10)
		codes = codes[:10]
	}
	return rl.CodedErrorf(rl.Conflict, "already-delivered", "plan %d's package was already delivered to %s%s; a household receives at most one package per plan",
		src.planID, strings.Join(codes, ", "), more)
}

// deliveryEntries builds one entry per delivery date: per district, the aid
// leaves the outstanding allocation for aid to households (or to
// organisations).
func (s *Service) deliveryEntries(ctx context.Context, src source, ds []Delivery) ([]ledger.EntryInput, []ledger.Date, error) {
	origin, err := s.sourceAccount(ctx, src.fund, src.kind, src.item, src.src, src.designation)
	if err != nil {
		return nil, nil, err
	}
	type key struct {
		date           ledger.Date
		district, base string
	}
	sums := map[key]decimal.Decimal{}
	count := map[key]int{}
	for _, d := range ds {
		base := "5100"
		if d.Organisation != "" {
			base = "5200"
		}
		k := key{d.Date, d.District, base}
		sums[k] = sums[k].Add(d.Amount)
		count[k]++
	}
	keys := make([]key, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if !a.date.Equal(b.date) {
			return a.date.Before(b.date)
		}
		if a.district != b.district {
			return a.district < b.district
		}
		return a.base < b.base
	})
	var entries []ledger.EntryInput
	var dates []ledger.Date
	for _, k := range keys {
		if len(dates) == 0 || !dates[len(dates)-1].Equal(k.date) {
			dates = append(dates, k.date)
			entries = append(entries, ledger.EntryInput{Date: k.date, Kind: ledger.KindDelivery,
				Description: ledger.ClipDescription(fmt.Sprintf("Cấp phát theo %s ngày %s", src.label, k.date)),
				Source:      ledger.Source{Type: "deliveries", ID: src.label}})
		}
		e := &entries[len(entries)-1]
		out, err := s.ledger.AccountByCode(origin.FundCode, outstandingCode(origin, k.district, src.item))
		if err != nil {
			return nil, nil, err
		}
		exp := goods.ExpenseRef(out, k.base)
		if src.kind == Goods {
			pair := goods.Pair(ledger.AccountByID(out.ID), exp, src.item, sums[k])
			pair[1].CostOf = len(e.Postings) + 1
			e.Postings = append(e.Postings, pair...)
			continue
		}
		e.Postings = append(e.Postings, ledger.PostingInput{Account: ledger.AccountByID(out.ID), Amount: sums[k].Neg()},
			ledger.PostingInput{Account: exp, Amount: sums[k]})
		e.Description = ledger.ClipDescription(e.Description + fmt.Sprintf("; huyện %s: %d", k.district, count[k]))
	}
	return entries, dates, nil
}

// householdRef is what a request's delivery needs of a household.
type householdRef struct {
	id       int64
	district string
}

func (s *Service) householdRefs(ctx context.Context, codes []string) (map[string]householdRef, error) {
	hs, err := s.households.ByCodes(ctx, codes)
	out := make(map[string]householdRef, len(hs))
	for code, h := range hs {
		out[code] = householdRef{id: h.ID, district: h.District}
	}
	return out, err
}

// Deliveries lists deliveries; a district officer sees their own.
func (s *Service) Deliveries(ctx context.Context, f DeliveryFilter, scope string) ([]Delivery, error) {
	if scope != "" {
		f.District = scope
	}
	return s.store.Deliveries(ctx, f)
}
