package distribution

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/goods"
	"reliefledger/ledger"
)

// Relief trips (chuyến xe nghĩa tình) carry money and goods to Sóc Trăng
// people outside the province, or to groups inside it; frontline support
// gives them to checkpoints, quarantine sites and medical staff. Both are
// aid to organisations: the whole manifest is one journal entry, all or
// nothing,
//
//	goods  1150.<warehouse>.<item>[.R.x] → 5200[.R.x] at average cost
//	money  1110 cash or 1120 bank [.R.x] → 5200[.R.x]
//
// dated the trip's first day, with the source "relief-trip" or
// "frontline-support" and the trip's ID, and the trip's row is written in
// the same transaction. A trip is cancelled only by reversing its entry.

// TripKind says whether a trip is a relief trip or frontline support.
type TripKind string

// The kinds of trip.
const (
	TripRelief    TripKind = "trip"
	TripFrontline TripKind = "frontline"
)

// The entry source types of trips; reports select trips by them.
const (
	SourceReliefTrip       = "relief-trip"
	SourceFrontlineSupport = "frontline-support"
)

// SourceType is the source type of the entries of trips of kind k.
func (k TripKind) SourceType() string {
	if k == TripFrontline {
		return SourceFrontlineSupport
	}
	return SourceReliefTrip
}

// TripKindOf returns the kind of trip an entry source type records, and
// false for sources that are not trips.
func TripKindOf(sourceType string) (TripKind, bool) {
	switch sourceType {
	case SourceReliefTrip:
		return TripRelief, true
	case SourceFrontlineSupport:
		return TripFrontline, true
	}
	return "", false
}

// Trip is a relief trip or a frontline support with its manifest as posted.
type Trip struct {
	ID             int64
	FundID         int64
	Fund           string
	Kind           TripKind
	Destination    string
	InsideProvince bool
	From, To       ledger.Date
	Organisation   string
	PeopleReached  int
	Note           string
	Proofs         []string
	// District is where the manifest came from: the district of its
	// warehouses, "" for the province's warehouses and accounts.
	District string
	Goods    []TripGoods
	Money    []TripMoney
	EntryID  int64
	// The reversal of EntryID, once the trip is cancelled: read from the
	// journal, so a reversal through the journal's route counts too.
	ReversalEntryID int64
	ReversedOn      ledger.Date
	ReverseReason   string
	CreatedBy       int64
	CreatedAt       time.Time
}

// TripGoods is a goods line of a manifest: Value is the đồng at average
// cost the entry gave it.
type TripGoods struct {
	Warehouse, Item, Designation string
	Quantity, Value              decimal.Decimal
}

// TripMoney is a money line of a manifest: the account (code in the trip's
// fund) the money left.
type TripMoney struct {
	Account, Designation string
	Amount               decimal.Decimal
}

// MoneyTotal is the đồng of the trip's money lines.
func (t Trip) MoneyTotal() decimal.Decimal {
	sum := decimal.Zero
	for _, m := range t.Money {
		sum = sum.Add(m.Amount)
	}
	return sum
}

// GoodsValue is the đồng at average cost of the trip's goods.
func (t Trip) GoodsValue() decimal.Decimal {
	sum := decimal.Zero
	for _, g := range t.Goods {
		sum = sum.Add(g.Value)
	}
	return sum
}

// GoodsByItem is the quantity of each item the trip carried.
func (t Trip) GoodsByItem() map[string]decimal.Decimal {
	out := map[string]decimal.Decimal{}
	for _, g := range t.Goods {
		out[g.Item] = out[g.Item].Add(g.Quantity)
	}
	return out
}

// Reversed reports whether the trip was cancelled.
func (t Trip) Reversed() bool { return t.ReversalEntryID != 0 }

// TripFilter selects trips in ID order; zero values select all. District
// set keeps one district's trips (what a district officer sees).
type TripFilter struct {
	FundID   int64
	Kind     TripKind
	District string
	From, To ledger.Date // the trip's first day
	AfterID  int64
	Limit    int
}

// TripStore persists trips; distribution.Store embeds it.
type TripStore interface {
	// Trip and TripByEntry return NotFound when there is none.
	Trip(ctx context.Context, id int64) (Trip, error)
	TripByEntry(ctx context.Context, entryID int64) (Trip, error)
	Trips(ctx context.Context, f TripFilter) ([]Trip, error)
}

// TripTx writes trips in a journal transaction; distribution.Tx embeds it.
type TripTx interface {
	// NextTripID is the ID the next trip inserted on the transaction takes
	// (the journal head serialises writers, so it is not taken meanwhile).
	NextTripID() (int64, error)
	// InsertTrip stores a trip with its lines under t.ID.
	InsertTrip(t Trip) error
}

// TripGoodsInput is a goods line as a caller proposes it. Unit, when
// given, must be the item's; Designation picks earmarked stock.
type TripGoodsInput struct {
	Warehouse, Item, Unit, Designation string
	Quantity                           decimal.Decimal
}

// TripMoneyInput is a money line: Account is "FUND:CODE" or a code of the
// trip's fund — cash 1110, bank 1120, or their designated twins.
type TripMoneyInput struct {
	Account string
	Amount  decimal.Decimal
}

// TripInput is a trip as a caller proposes it, already parsed.
type TripInput struct {
	Fund           string
	Kind           TripKind
	Destination    string
	InsideProvince bool
	From, To       ledger.Date // To zero: one day
	Organisation   string
	PeopleReached  int
	Note           string
	Proofs         []string
	Goods          []TripGoodsInput
	Money          []TripMoneyInput
}

// Limits of a trip.
const (
	maxTripLines   = 200
	maxProofs      = 20
	maxProofLen    = 300
	maxTripText    = 200
	maxTripNote    = 500
	maxPeople      = 100_000_000
	maxTripDays    = 366
	moneyCodeCash  = "1110"
	moneyCodeBank  = "1120"
	tripExpenseAcc = "5200"
)

// CreateTrip records a trip and its manifest: one entry, all or nothing,
// and the trip's row in the same transaction. Invalid for bad fields (each
// named: destination, goods[1].quantity…); Conflict with code
// "insufficient-balance" naming the line when a warehouse or an account
// holds less than the manifest takes (nothing is recorded), and
// "restricted-money" when a line's earmark does not allow it. A district
// officer (scope set) takes goods from their district's warehouses only
// (another warehouse is NotFound) and no money: money lines draw on the
// province's accounts. With an idempotency key a replay returns the first
// trip and replayed=true.
func (s *Service) CreateTrip(ctx context.Context, a ledger.Actor, scope string, in TripInput) (Trip, bool, error) {
	if id, ok, err := s.ledger.Replayed(ctx, a.Idem); err != nil || ok {
		if err != nil {
			return Trip{}, false, err
		}
		t, err := s.store.TripByEntry(ctx, id)
		return t, true, err
	}
	t, lines, err := s.checkTrip(ctx, scope, in)
	if err != nil {
		return Trip{}, false, err
	}
	e, fields := tripEntry(t, lines)
	t.CreatedBy, t.CreatedAt = a.UserID, rl.Stamp(s.now())
	var replayed int64
	err = s.store.InJournal(ctx, func(tx Tx) error {
		id, err := tx.NextTripID()
		if err != nil {
			return err
		}
		e.Source.ID = strconv.FormatInt(id, 10)
		e.Description = ledger.ClipDescription(fmt.Sprintf("%s số %d: %s", tripNoun(t.Kind), id, e.Description))
		es, again, err := s.ledger.Record(ctx, tx, a, []ledger.EntryInput{e})
		if err != nil || again {
			if again {
				replayed = es[0].ID
			}
			return err
		}
		t.ID, t.EntryID = id, es[0].ID
		manifest(&t, lines, es[0])
		return tx.InsertTrip(t)
	})
	if err != nil {
		return Trip{}, false, onLine(err, fields)
	}
	if replayed != 0 {
		t, err := s.store.TripByEntry(ctx, replayed)
		return t, true, err
	}
	return t, false, nil
}

func tripNoun(k TripKind) string {
	if k == TripFrontline {
		return "Hỗ trợ lực lượng tuyến đầu"
	}
	return "Chuyến xe nghĩa tình"
}

// tripLine is a checked line with the account it draws on.
type tripLine struct {
	field string // goods[0], money[1]
	src   ledger.Account
	// goods lines: where from, and which earmark (src is looked up once
	// every field is valid)
	warehouse   goods.Warehouse
	designation string
	item        string
	qty         decimal.Decimal
	amt         decimal.Decimal
}

// checkTrip validates a trip's fields and lines and finds each line's
// account.
func (s *Service) checkTrip(ctx context.Context, scope string, in TripInput) (Trip, []tripLine, error) {
	var fe rl.Fields
	t := Trip{Kind: in.Kind, InsideProvince: in.InsideProvince, PeopleReached: in.PeopleReached}
	fund, err := s.ledger.Fund(ctx, strings.ToUpper(strings.TrimSpace(in.Fund)))
	switch {
	case err == nil:
		t.FundID, t.Fund = fund.ID, fund.Code
	case rl.ErrorKind(err) != rl.NotFound:
		return t, nil, err
	case strings.TrimSpace(in.Fund) == "":
		fe.Add("fund", "is required, e.g. POOR")
	default:
		fe.Add("fund", "no fund %q", in.Fund)
	}
	if in.Kind != TripRelief && in.Kind != TripFrontline {
		fe.Add("kind", "must be trip (a relief trip) or frontline (support to checkpoints, quarantine sites, medical staff)")
	}
	t.Destination = tripText(&fe, "destination", in.Destination, maxTripText, true)
	t.Organisation = tripText(&fe, "organisation", in.Organisation, maxTripText, true)
	t.Note = tripText(&fe, "note", in.Note, maxTripNote, false)
	if in.PeopleReached < 0 || in.PeopleReached > maxPeople {
		fe.Add("people_reached", "must be from 0 to %d", maxPeople)
	}
	s.tripDates(&t, in, &fe)
	t.Proofs = tripProofs(&fe, in.Proofs)
	switch n := len(in.Goods) + len(in.Money); {
	case n == 0:
		fe.Add("goods", "the manifest is empty: give goods lines, money lines or both")
	case n > maxTripLines:
		fe.Add("goods", "the manifest has %d lines, at most %d", n, maxTripLines)
	}
	if len(fe) > 0 && t.Fund == "" {
		return t, nil, fe.Err()
	}
	lines, places, err := s.tripLines(ctx, scope, t.Fund, in, &fe)
	if err != nil {
		return t, nil, err
	}
	if len(places) > 1 {
		fe.Add("goods", "a manifest draws from one place: the province's warehouses and accounts, or one district's warehouses")
	} else if len(places) == 1 {
		for d := range places {
			t.District = d
		}
	}
	if err := fe.Err(); err != nil {
		return t, nil, err
	}
	for i, l := range lines {
		if l.item == "" {
			continue
		}
		src, err := s.goods.StockAccount(ctx, t.Fund, l.warehouse.Code, l.item, l.designation)
		if err != nil {
			return t, nil, onField(err, l.field+".quantity")
		}
		if err := tripEarmark(src.Dimensions.Designation, l.warehouse.District); err != nil {
			return t, nil, onField(err, l.field+".designation")
		}
		lines[i].src = src
	}
	return t, lines, nil
}

func tripText(fe *rl.Fields, field, s string, max int, required bool) string {
	s = strings.Join(strings.Fields(s), " ")
	switch {
	case rl.CheckText(s) != nil:
		fe.Add(field, "%v", rl.CheckText(s))
	case required && s == "":
		fe.Add(field, "is required")
	case utf8.RuneCountInString(s) > max:
		fe.Add(field, "must be at most %d characters", max)
	}
	return s
}

func tripProofs(fe *rl.Fields, proofs []string) []string {
	if len(proofs) > maxProofs {
		fe.Add("proofs", "at most %d documents", maxProofs)
		return nil
	}
	out := make([]string, 0, len(proofs))
	seen := map[string]bool{}
	for i, p := range proofs {
		field := fmt.Sprintf("proofs[%d]", i)
		p = tripText(fe, field, p, maxProofLen, true)
		if seen[p] && p != "" {
			fe.Add(field, "is listed twice")
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}

// tripDates checks the trip's days: the first is the entry's date (not
// before 2000, not after tomorrow); the last, when given, is not before it
// nor more than a year after.
func (s *Service) tripDates(t *Trip, in TripInput, fe *rl.Fields) {
	today := s.ledger.Today()
	switch {
	case in.From.IsZero():
		fe.Add("date_from", "is required (YYYY-MM-DD): the trip's first day, the date it is posted on")
	case in.From.Before(ledger.NewDate(2000, 1, 1)):
		fe.Add("date_from", "must be in 2000 or later")
	case in.From.After(today.AddDays(1)):
		fe.Add("date_from", "must not be more than one day in the future (today is %s)", today)
	default:
		t.From = in.From
	}
	t.To = in.To
	switch {
	case in.To.IsZero():
		t.To = t.From
	case in.To.Before(ledger.NewDate(2000, 1, 1)):
		fe.Add("date_to", "must be in 2000 or later")
	case t.From.IsZero():
	case in.To.Before(t.From):
		fe.Add("date_to", "must not be before date_from")
	case in.To.After(t.From.AddDays(maxTripDays)):
		fe.Add("date_to", "must be within %d days of date_from", maxTripDays)
	}
}

// tripLines checks the manifest's lines and finds the accounts they draw
// on; places are the districts they come from ("" the province).
func (s *Service) tripLines(ctx context.Context, scope, fund string, in TripInput, fe *rl.Fields) ([]tripLine, map[string]bool, error) {
	places := map[string]bool{}
	var lines []tripLine
	seen := map[string]bool{}
	for i, g := range in.Goods {
		field := fmt.Sprintf("goods[%d]", i)
		wh, err := s.goods.Warehouse(ctx, g.Warehouse)
		if err != nil || (scope != "" && wh.District != scope) {
			if err != nil && rl.ErrorKind(err) != rl.NotFound {
				return nil, nil, err
			}
			if scope != "" {
				e := rl.Errorf(rl.NotFound, "no warehouse %q in your district", g.Warehouse)
				e.Fields = []rl.FieldError{{Field: field + ".warehouse", Message: "no such warehouse in your district"}}
				return nil, nil, e
			}
			fe.Add(field+".warehouse", "no warehouse %q", g.Warehouse)
			continue
		}
		places[wh.District] = true
		it, err := s.ledger.Item(ctx, strings.ToUpper(strings.TrimSpace(g.Item)))
		if err != nil {
			fe.Add(field+".item", "no item %q", g.Item)
			continue
		}
		ok := true
		if err := ledger.CheckUnit(it, g.Unit); err != nil {
			fe.Add(field+".unit", "%v", err)
			ok = false
		}
		if err := ledger.CheckDecimal(g.Quantity, it.Scale); err != nil {
			fe.Add(field+".quantity", "%v (%s of %s allows %d decimals)", err, it.Unit, it.Code, it.Scale)
			ok = false
		} else if !g.Quantity.IsPositive() {
			fe.Add(field+".quantity", "must be more than zero")
			ok = false
		}
		designation := strings.TrimSpace(g.Designation)
		key := "g:" + wh.Code + ":" + it.Code + ":" + designation
		if seen[key] {
			fe.Add(field, "warehouse %s, item %s is listed twice: give one line with the whole quantity", wh.Code, it.Code)
			ok = false
		}
		seen[key] = true
		if ok {
			lines = append(lines, tripLine{field: field, warehouse: wh, designation: designation, item: it.Code, qty: g.Quantity})
		}
	}
	for i, m := range in.Money {
		field := fmt.Sprintf("money[%d]", i)
		if scope != "" {
			fe.Add(field+".account", "money lines draw on the province's accounts: a district officer's trip carries goods from the district's warehouses")
			continue
		}
		acc, ok := s.moneyAccount(fund, m.Account, field, fe)
		if err := ledger.CheckDecimal(m.Amount, ledger.VNDScale); err != nil {
			fe.Add(field+".amount", "%v (đồng)", err)
			ok = false
		} else if !m.Amount.IsPositive() {
			fe.Add(field+".amount", "must be more than zero")
			ok = false
		}
		if !ok {
			continue
		}
		if seen["m:"+acc.Code] {
			fe.Add(field+".account", "account %s is listed twice: give one line with the whole amount", acc.Code)
			continue
		}
		seen["m:"+acc.Code] = true
		places[""] = true
		if err := tripEarmark(acc.Dimensions.Designation, ""); err != nil {
			return nil, nil, onField(err, field+".account")
		}
		lines = append(lines, tripLine{field: field, src: acc, amt: m.Amount})
	}
	return lines, places, nil
}

// moneyAccount finds a money line's account: cash (1110) or bank (1120) of
// the trip's fund, or their designated twins.
func (s *Service) moneyAccount(fund, ref, field string, fe *rl.Fields) (ledger.Account, bool) {
	ref = strings.TrimSpace(ref)
	code := ref
	if f, c, ok := strings.Cut(ref, ":"); ok {
		if fund != "" && !strings.EqualFold(f, fund) {
			fe.Add(field+".account", "must be an account of the trip's fund %s", fund)
			return ledger.Account{}, false
		}
		code = c
	}
	base, _, _ := strings.Cut(code, ".R.")
	if code == "" || (base != moneyCodeCash && base != moneyCodeBank) {
		fe.Add(field+".account", "must be the fund's cash (%s) or bank (%s) account, or one of their designated twins, e.g. %s:%s", moneyCodeCash, moneyCodeBank, fund, moneyCodeBank)
		return ledger.Account{}, false
	}
	if fund == "" {
		return ledger.Account{}, false
	}
	acc, err := s.ledger.AccountByCode(fund, code)
	if err != nil || acc.Type != ledger.Asset {
		fe.Add(field+".account", "fund %s has no account %s", fund, code)
		return ledger.Account{}, false
	}
	return acc, true
}

// tripEarmark keeps donors' designations: goods or money designated for
// households of a category never go to organisations, and those
// designated for a district only on a trip from that district's
// warehouses. Purposes are the officer's to judge. Conflict with code
// "restricted-money" otherwise.
func tripEarmark(designation, district string) error {
	kind, value, _ := strings.Cut(designation, ":")
	switch {
	case kind == "category":
		return rl.CodedErrorf(rl.Conflict, "restricted-money", "%q was given for households, not for organisations", designation)
	case kind == "district" && value != district:
		return rl.CodedErrorf(rl.Conflict, "restricted-money", "%q can only go out from district %s's warehouses", designation, value)
	}
	return nil
}

// tripEntry builds the manifest's entry and, for each posting, the line
// it belongs to.
func tripEntry(t Trip, lines []tripLine) (ledger.EntryInput, []string) {
	e := ledger.EntryInput{Date: t.From, Kind: ledger.KindDelivery, Source: ledger.Source{Type: t.Kind.SourceType()},
		Description: fmt.Sprintf("%s cho %s", t.Destination, t.Organisation)}
	var fields []string
	for _, l := range lines {
		exp := goods.ExpenseRef(l.src, tripExpenseAcc)
		if l.item != "" {
			pair := goods.Pair(ledger.AccountByID(l.src.ID), exp, l.item, l.qty)
			pair[1].CostOf = len(e.Postings) + 1
			e.Postings = append(e.Postings, pair...)
			fields = append(fields, l.field+".quantity", l.field+".quantity")
			continue
		}
		e.Postings = append(e.Postings, ledger.PostingInput{Account: ledger.AccountByID(l.src.ID), Amount: l.amt.Neg()},
			ledger.PostingInput{Account: exp, Amount: l.amt})
		fields = append(fields, l.field+".amount", l.field+".amount")
	}
	return e, fields
}

// manifest writes the trip's lines as posted: each line is two postings
// of e, in order, the first taking the goods (at the value the ledger gave
// them at average cost) or the money out of its account.
func manifest(t *Trip, lines []tripLine, e ledger.Entry) {
	t.Goods, t.Money = nil, nil
	for j, l := range lines {
		out := e.Postings[2*j]
		d := l.src.Dimensions
		if l.item != "" {
			t.Goods = append(t.Goods, TripGoods{Warehouse: d.Warehouse, Item: l.item, Designation: d.Designation, Quantity: l.qty, Value: out.Amount.Neg()})
			continue
		}
		t.Money = append(t.Money, TripMoney{Account: l.src.Code, Designation: d.Designation, Amount: l.amt})
	}
}

// onField names field in a refusal that has none.
func onField(err error, field string) error {
	e, ok := rl.AsError(err)
	if !ok || len(e.Fields) > 0 {
		return err
	}
	c := *e
	c.Fields = []rl.FieldError{{Field: field, Message: e.Message}}
	return &c
}

// onLine renames the ledger's postings[i] fields to the manifest lines
// they come from.
func onLine(err error, fields []string) error {
	e, ok := rl.AsError(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = make([]rl.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		c.Fields[i] = f
		rest, ok := strings.CutPrefix(f.Field, "postings[")
		if !ok {
			continue
		}
		n, _, _ := strings.Cut(rest, "]")
		if k, err := strconv.Atoi(n); err == nil && k >= 0 && k < len(fields) {
			c.Fields[i].Field = fields[k]
		}
	}
	return &c
}

// Trip returns one trip; NotFound when there is none, or when it came from
// another district than scope (set for a district officer).
func (s *Service) Trip(ctx context.Context, id int64, scope string) (Trip, error) {
	t, err := s.store.Trip(ctx, id)
	if err == nil && scope != "" && t.District != scope {
		return Trip{}, rl.Errorf(rl.NotFound, "no trip %d", id)
	}
	return t, err
}

// Trips lists trips in ID order; a district officer (scope set) sees their
// district's only.
func (s *Service) Trips(ctx context.Context, f TripFilter, scope string) ([]Trip, error) {
	if scope != "" {
		if f.District != "" && f.District != scope {
			return nil, nil
		}
		f.District = scope
	}
	return s.store.Trips(ctx, f)
}

// ReverseTrip cancels a trip: its entry is reversed with the reason, dated
// date (today when zero; never before the trip), and the trip is marked
// in the same transaction. NotFound as for Trip; Conflict (code
// "already-reversed") when it was cancelled already; Invalid for a
// missing reason or a bad date. With an idempotency key a replay returns
// the trip and replayed=true.
func (s *Service) ReverseTrip(ctx context.Context, a ledger.Actor, id int64, scope, reason string, date ledger.Date) (Trip, bool, error) {
	if _, ok, err := s.ledger.Replayed(ctx, a.Idem); err != nil || ok {
		if err != nil {
			return Trip{}, false, err
		}
		t, err := s.Trip(ctx, id, scope)
		return t, true, err
	}
	t, err := s.Trip(ctx, id, scope)
	if err != nil {
		return Trip{}, false, err
	}
	if t.Reversed() {
		return Trip{}, false, rl.CodedErrorf(rl.Conflict, "already-reversed", "trip %d was cancelled already (entry %d)", id, t.ReversalEntryID)
	}
	reason = strings.Join(strings.Fields(reason), " ")
	if err := rl.CheckText(reason); err != nil {
		return Trip{}, false, rl.InvalidFields(rl.FieldError{Field: "reason", Message: err.Error()})
	}
	if !date.IsZero() && date.Before(t.From) {
		return Trip{}, false, rl.InvalidFields(rl.FieldError{Field: "date", Message: fmt.Sprintf("must not be before the trip's first day %s", t.From)})
	}
	if _, _, err := s.ledger.Reverse(ctx, a, t.EntryID, reason, date); err != nil {
		return Trip{}, false, err
	}
	t, err = s.Trip(ctx, id, scope)
	return t, false, err
}
