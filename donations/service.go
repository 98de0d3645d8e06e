package donations

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/internal/fold"
	"reliefledger/ledger"
)

// Service records donations.
type Service struct {
	store  Store
	ledger *ledger.Service
	now    func() time.Time
	donors donorCache
	// DistrictExists, when set, checks district earmarks.
	DistrictExists func(ctx context.Context, code string) bool
	// Warehouse, when set, checks the warehouse in-kind goods are received
	// into and tells its district ("" for the province's).
	Warehouse func(ctx context.Context, code string) (district string, ok bool)
}

// DefaultWarehouse receives in-kind donations that name no warehouse: the
// province's.
const DefaultWarehouse = "PROV"

// NewService returns the donations service.
func NewService(store Store, l *ledger.Service, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, ledger: l, now: now}
}

// DonorInput proposes a donor.
type DonorInput struct {
	Name           string
	Kind           DonorKind
	InsideProvince bool
	Phone, Email   string
	Address        string
	PublishName    bool
}

// CreateDonor registers a donor. Invalid for bad fields.
func (s *Service) CreateDonor(ctx context.Context, in DonorInput, idem *rl.IdemRecord) (Donor, bool, error) {
	var fe rl.Fields
	name := strings.Join(strings.Fields(in.Name), " ")
	if name == "" || utf8.RuneCountInString(name) > 200 {
		fe.Add("name", "is required, at most 200 characters")
	}
	if !in.Kind.Valid() {
		fe.Add("kind", "must be individual, organisation, business, religious or overseas")
	}
	if utf8.RuneCountInString(in.Address) > 300 || len(in.Email) > 200 || len(in.Phone) > 30 {
		fe.Add("contact", "phone, email or address is too long")
	}
	if err := fe.Err(); err != nil {
		return Donor{}, false, err
	}
	d := Donor{Name: name, Kind: in.Kind, InsideProvince: in.InsideProvince, Phone: strings.TrimSpace(in.Phone),
		Email: strings.TrimSpace(in.Email), Address: strings.TrimSpace(in.Address), PublishName: in.PublishName, CreatedAt: rl.Stamp(s.now())}
	return s.store.CreateDonor(ctx, d, idem)
}

// Donors lists donors whose folded name contains query.
func (s *Service) Donors(ctx context.Context, query string, afterID int64, limit int) ([]Donor, error) {
	return s.store.Donors(ctx, fold.String(query), afterID, limit)
}

// Input is a donation as a caller proposes it, already parsed. The
// optional amounts are NullDecimal: Amount may be left out of a donation
// in another currency (it is OriginalAmount × Rate).
type Input struct {
	Fund           string
	DonorID        int64
	DonorName      string // when the donor is not registered
	Anonymous      bool   // with DonorName: do not publish the name
	Channel        Channel
	Amount         decimal.NullDecimal // đồng
	Currency       string              // e.g. USD; empty or VND for đồng
	OriginalAmount decimal.NullDecimal // in Currency
	Rate           decimal.NullDecimal // đồng per unit of Currency
	BankRef        string
	ReceivedDate   ledger.Date
	Earmark        string // district:CODE, category:poor|near_poor, purpose:TEXT
	Description    string
	Lines          []LineInput
	Warehouse      string // in-kind: where the goods are received (default PROV)
	StatementKey   string // set by statement imports
}

// LineInput is one goods line of an in-kind donation. Unit, when given,
// must be the item's unit.
type LineInput struct {
	Item      string
	Quantity  decimal.Decimal
	Unit      string
	UnitValue decimal.Decimal // đồng per unit
}

// Record records a donation with its receipt number. Invalid for bad
// fields (each named), NotFound for an unknown donor; with an idempotency
// key a replay returns the first donation and replayed=true.
//
// A donation goes through the ledger's single writer (group commit, see
// ledger.PostWith): its receipt number is taken in the batch's
// transaction, in commit order, and its rows are written there with the
// batch's entries. Nothing is read before: the key is checked in the batch
// and the fund, items and donors come from caches. Only a donation whose
// earmark opens accounts gets a transaction of its own (recordAlone).
func (s *Service) Record(ctx context.Context, a ledger.Actor, in Input) (Donation, bool, error) {
	d, entry, err := s.prepare(ctx, in)
	if err != nil {
		// The request may have been valid when first made (its date was not
		// yet too old): a replay answers as the first time.
		if d, ok, rerr := s.replayed(ctx, a); ok || rerr != nil {
			return d, ok, rerr
		}
		return Donation{}, false, err
	}
	d.CreatedBy = a.UserID
	if s.ledger.NeedsOpening(entry) {
		return s.recordAlone(ctx, a, d, entry)
	}
	p := &part{store: s.store, ctx: ctx, d: d}
	e, replayed, err := s.ledger.PostWith(ctx, a, entry, p)
	if err != nil {
		return Donation{}, false, err
	}
	if replayed {
		d, err := s.store.DonationByEntry(ctx, e.ID)
		return d, true, err
	}
	out := p.out
	out.FundCode = d.FundCode
	return out, false, nil
}

// replayed answers a request whose idempotency key is stored already.
func (s *Service) replayed(ctx context.Context, a ledger.Actor) (Donation, bool, error) {
	id, ok, err := s.ledger.Replayed(ctx, a.Idem)
	if err != nil || !ok {
		return Donation{}, false, err
	}
	d, err := s.store.DonationByEntry(ctx, id)
	return d, err == nil, err
}

// recordAlone records a donation in a journal transaction of its own: its
// entry opens the restricted accounts of a new earmark, and a refusal must
// leave no account behind.
func (s *Service) recordAlone(ctx context.Context, a ledger.Actor, d Donation, entry ledger.EntryInput) (Donation, bool, error) {
	var out Donation
	var replayedEntry int64
	err := s.store.InJournal(ctx, func(tx Tx) error {
		numbered, err := tx.NumberReceipts([]Donation{d})
		if err != nil {
			return err
		}
		// The entry names its source document: the receipt.
		entry.Source.ID = numbered[0].ReceiptNo
		es, replayed, err := s.ledger.Record(ctx, tx, a, []ledger.EntryInput{entry})
		if err != nil || replayed {
			if replayed {
				replayedEntry = es[0].ID
			}
			return err
		}
		numbered[0].EntryID = es[0].ID
		stored, err := tx.InsertDonations(numbered)
		if err != nil {
			return err
		}
		out = stored[0]
		return nil
	})
	if err != nil {
		return Donation{}, false, err
	}
	if replayedEntry != 0 {
		d, err := s.store.DonationByEntry(ctx, replayedEntry)
		return d, true, err
	}
	out.FundCode = d.FundCode
	return out, false, nil
}

var currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)

// prepare validates a donation and builds its entry.
func (s *Service) prepare(ctx context.Context, in Input) (Donation, ledger.EntryInput, error) {
	var fe rl.Fields
	d := Donation{Channel: in.Channel, Status: Recorded, BankRef: strings.TrimSpace(in.BankRef), StatementKey: in.StatementKey,
		Description: strings.Join(strings.Fields(in.Description), " "), CreatedAt: rl.Stamp(s.now())}
	fund, err := s.ledger.Fund(ctx, in.Fund)
	if err != nil {
		if rl.ErrorKind(err) != rl.NotFound {
			return d, ledger.EntryInput{}, err
		}
		fe.Add("fund", "no fund %q", in.Fund)
	}
	d.FundID, d.FundCode = fund.ID, fund.Code
	s.donor(ctx, in, &d, &fe)
	today := ledger.DateOf(s.now())
	switch date := in.ReceivedDate; {
	case date.IsZero():
		fe.Add("received_date", "is required (YYYY-MM-DD)")
	case date.After(today.AddDays(1)):
		fe.Add("received_date", "must not be more than one day in the future (today is %s)", today)
	case date.Before(ledger.NewDate(2000, 1, 1)):
		fe.Add("received_date", "must be in 2000 or later")
	default:
		d.ReceivedDate = date
	}
	switch in.Channel {
	case Cash, Bank:
		s.money(in, &d, &fe)
		if len(in.Lines) > 0 {
			fe.Add("lines", "only in-kind donations have goods lines")
		}
	case InKind:
		s.goods(ctx, in, &d, &fe)
	default:
		fe.Add("channel", "must be cash, bank or in_kind")
	}
	if d.BankRef != "" && in.Channel != Bank {
		fe.Add("bank_ref", "only bank transfers have a bank reference")
	}
	if d.BankRef == "" && in.Channel == Bank {
		fe.Add("bank_ref", "is required for a bank transfer: the bank's reference of the transfer, as on the statement")
	}
	if utf8.RuneCountInString(d.BankRef) > 100 {
		fe.Add("bank_ref", "is longer than 100 characters")
	}
	if utf8.RuneCountInString(d.Description) > 400 {
		fe.Add("description", "is longer than 400 characters")
	}
	d.Earmark = s.earmark(ctx, in.Earmark, &fe)
	if kind, value, _ := strings.Cut(d.Earmark, ":"); kind == "district" && d.warehouseDistrict != "" && d.warehouseDistrict != value {
		fe.Add("warehouse", "goods earmarked for district %s cannot be received into a warehouse of district %s", value, d.warehouseDistrict)
	}
	if err := fe.Err(); err != nil {
		return d, ledger.EntryInput{}, err
	}
	return d, s.entryOf(d), nil
}

func (s *Service) donor(ctx context.Context, in Input, d *Donation, fe *rl.Fields) {
	name := strings.Join(strings.Fields(in.DonorName), " ")
	switch {
	case in.DonorID != 0 && name != "":
		fe.Add("donor_name", "give donor_id or donor_name, not both")
	case in.DonorID != 0:
		donor, err := s.registeredDonor(ctx, in.DonorID)
		if err != nil {
			fe.Add("donor_id", "no donor %d", in.DonorID)
			return
		}
		d.DonorID, d.DonorName = donor.ID, donor.Name
		d.PublicName = donor.Name
		if !donor.PublishName {
			d.PublicName = AnonymousName
		}
	case name != "":
		if utf8.RuneCountInString(name) > 200 {
			fe.Add("donor_name", "is longer than 200 characters")
		}
		d.DonorName, d.PublicName = name, name
		if in.Anonymous {
			d.PublicName = AnonymousName
		}
	case in.Anonymous:
		d.DonorName, d.PublicName = AnonymousName, AnonymousName
	default:
		fe.Add("donor_name", "give a registered donor (donor_id), the donor's name (donor_name), or anonymous: true for a donor who gave no name")
	}
}

func (s *Service) money(in Input, d *Donation, fe *rl.Fields) {
	cur := strings.ToUpper(strings.TrimSpace(in.Currency))
	if cur == "" || cur == "VND" {
		d.Currency = "VND"
		if in.OriginalAmount.Valid || in.Rate.Valid {
			fe.Add("currency", "original_amount and rate are for donations in another currency")
		}
		amount := in.Amount.Decimal
		switch {
		case !in.Amount.Valid:
			fe.Add("amount", "is required (đồng, e.g. \"1500000\")")
		case ledger.CheckDecimal(amount, ledger.VNDScale) != nil:
			fe.Add("amount", "%v (đồng)", ledger.CheckDecimal(amount, ledger.VNDScale))
		case !amount.IsPositive():
			fe.Add("amount", "must be more than zero")
		default:
			d.Amount = amount
		}
		return
	}
	if !currencyPattern.MatchString(cur) {
		fe.Add("currency", "must be a three-letter code such as USD")
		return
	}
	d.Currency = cur
	orig, rate := in.OriginalAmount.Decimal, in.Rate.Decimal
	okOrig := in.OriginalAmount.Valid && orig.IsPositive() && ledger.CheckDecimal(orig, 2) == nil
	okRate := in.Rate.Valid && rate.IsPositive() && ledger.CheckDecimal(rate, 6) == nil
	if !okOrig {
		fe.Add("original_amount", "must be a positive amount in %s with at most 2 decimals", cur)
	}
	if !okRate {
		fe.Add("rate", "must be a positive number of đồng per %s, at most 6 decimals", cur)
	}
	if !okOrig || !okRate {
		return
	}
	amount := orig.Mul(rate).Round(0)
	if in.Amount.Valid && !in.Amount.Decimal.Equal(amount) {
		fe.Add("amount", "is %s × %s = %s đồng (rounded); leave it out or give that", orig, rate, amount)
		return
	}
	d.Amount = amount
	d.OriginalAmount = decimal.NullDecimal{Decimal: orig, Valid: true}
	d.Rate = decimal.NullDecimal{Decimal: rate, Valid: true}
}

func (s *Service) goods(ctx context.Context, in Input, d *Donation, fe *rl.Fields) {
	d.Currency = "VND"
	if in.Amount.Valid || in.Currency != "" {
		fe.Add("amount", "an in-kind donation's value comes from its lines")
	}
	d.Warehouse = strings.ToUpper(strings.TrimSpace(in.Warehouse))
	if d.Warehouse == "" {
		d.Warehouse = DefaultWarehouse
	}
	if s.Warehouse != nil {
		if district, ok := s.Warehouse(ctx, d.Warehouse); ok {
			d.warehouseDistrict = district
		} else {
			fe.Add("warehouse", "no warehouse %q", d.Warehouse)
		}
	}
	if len(in.Lines) == 0 || len(in.Lines) > 100 {
		fe.Add("lines", "an in-kind donation needs 1 to 100 goods lines")
		return
	}
	total := decimal.Zero
	for i, l := range in.Lines {
		field := fmt.Sprintf("lines[%d]", i)
		item, err := s.ledger.Item(ctx, l.Item)
		if err != nil {
			fe.Add(field+".item", "no item %q", l.Item)
			continue
		}
		if err := ledger.CheckUnit(item, l.Unit); err != nil {
			fe.Add(field+".unit", "%v", err)
			continue
		}
		qty, unit := l.Quantity, l.UnitValue
		if ledger.CheckDecimal(qty, item.Scale) != nil || !qty.IsPositive() {
			fe.Add(field+".quantity", "must be a positive quantity of %s with at most %d decimals", item.Unit, item.Scale)
			continue
		}
		if ledger.CheckDecimal(unit, ledger.VNDScale) != nil || unit.IsNegative() {
			fe.Add(field+".unit_value", "must be a whole number of đồng per %s, zero or more", item.Unit)
			continue
		}
		value := qty.Mul(unit).Round(0)
		d.Lines = append(d.Lines, Line{Item: item.Code, Quantity: qty, UnitValue: unit, Value: value})
		total = total.Add(value)
	}
	d.Amount = total
}

// earmark checks a designation: district:CODE, category:poor|near_poor or
// purpose:TEXT.
func (s *Service) earmark(ctx context.Context, e string, fe *rl.Fields) string {
	e = strings.TrimSpace(e)
	if e == "" {
		return ""
	}
	kind, value, _ := strings.Cut(e, ":")
	value = strings.Join(strings.Fields(value), " ")
	switch kind {
	case "district":
		if s.DistrictExists != nil && !s.DistrictExists(ctx, value) {
			fe.Add("earmark", "no district %q", value)
		}
	case "category":
		if value != "poor" && value != "near_poor" {
			fe.Add("earmark", "category must be poor or near_poor")
		}
	case "purpose":
		if value == "" || utf8.RuneCountInString(value) > 100 {
			fe.Add("earmark", "a purpose needs 1 to 100 characters")
		}
	default:
		fe.Add("earmark", "must be district:CODE, category:poor|near_poor or purpose:TEXT")
	}
	return kind + ":" + value
}

var slugUnsafe = regexp.MustCompile(`[^a-z0-9]+`)

// designationSlug turns an earmark into part of an account code.
func designationSlug(earmark string) string {
	kind, value, _ := strings.Cut(earmark, ":")
	slug := strings.Trim(slugUnsafe.ReplaceAllString(fold.String(value), "-"), "-")
	if kind == "purpose" {
		sum := sha256.Sum256([]byte(value))
		if len(slug) > 16 {
			slug = slug[:16]
		}
		slug += "-" + hex.EncodeToString(sum[:3])
	}
	return kind[:1] + "-" + slug
}

// accountFor refers to the fund's account for a base code (1110 cash,
// 1120 bank, 4100/4200 donations), or to its restricted twin for an
// earmark, opened with the donation's entry when it is the first.
func accountFor(d Donation, base string, typ ledger.AccountType, name string) ledger.AccountRef {
	if d.Earmark == "" {
		return ledger.AccountByCode(d.FundCode, base)
	}
	return ledger.OpenAccount(d.FundCode, base+".R."+designationSlug(d.Earmark),
		ledger.AccountSpec{Type: typ, Name: name + " — chỉ định " + d.Earmark, Dimensions: ledger.Dimensions{Designation: d.Earmark}})
}

// stockAccountFor refers to the stock account of an item in the donation's
// warehouse (1150.WAREHOUSE.ITEM), restricted when earmarked.
func stockAccountFor(d Donation, item string) ledger.AccountRef {
	code, name := ledger.StockCode(d.Warehouse, item), "Hàng hóa "+item+" tại kho "+d.Warehouse
	dims := ledger.Dimensions{Warehouse: d.Warehouse, Item: item, District: d.warehouseDistrict, Designation: d.Earmark}
	if d.Earmark != "" {
		code += ".R." + designationSlug(d.Earmark)
		name += " — chỉ định " + d.Earmark
	}
	return ledger.OpenAccount(d.FundCode, code, ledger.AccountSpec{Type: ledger.Asset, Name: name, Dimensions: dims})
}

var channelVI = map[Channel]string{Cash: "tiền mặt", Bank: "chuyển khoản", InKind: "hiện vật"}

// entryOf builds the donation's journal entry: the asset it brought in
// against donations received, both restricted when earmarked.
func (s *Service) entryOf(d Donation) ledger.EntryInput {
	desc := fmt.Sprintf("Tiếp nhận ủng hộ %s (%s) – %s", d.FundCode, channelVI[d.Channel], d.PublicName)
	if d.Description != "" {
		desc += " – " + d.Description
	}
	e := ledger.EntryInput{Date: d.ReceivedDate, Kind: ledger.KindDonation, Description: ledger.ClipDescription(desc),
		Source: ledger.Source{Type: "donation", ID: d.ReceiptNo}}
	if d.Channel == InKind {
		rev := accountFor(d, "4200", ledger.Revenue, "Tiếp nhận ủng hộ hiện vật")
		for _, l := range d.Lines {
			e.Postings = append(e.Postings,
				ledger.PostingInput{Account: stockAccountFor(d, l.Item), Amount: l.Value, Item: l.Item, Quantity: l.Quantity},
				ledger.PostingInput{Account: rev, Amount: l.Value.Neg(), Item: l.Item, Quantity: l.Quantity.Neg()})
		}
		return e
	}
	base, name := "1120", "Tiền gửi ngân hàng"
	if d.Channel == Cash {
		base, name = "1110", "Tiền mặt"
	}
	e.Postings = []ledger.PostingInput{
		{Account: accountFor(d, base, ledger.Asset, name), Amount: d.Amount},
		{Account: accountFor(d, "4100", ledger.Revenue, "Tiếp nhận ủng hộ bằng tiền"), Amount: d.Amount.Neg()},
	}
	return e
}

// Void reverses a donation with a reason, dated date (zero: today; never
// before the donation was received): registers and reconciliations count
// the void on that date. Its receipt number stays used. NotFound for an
// unknown donation, Conflict when it is void already, Invalid for a date
// before the donation's.
func (s *Service) Void(ctx context.Context, a ledger.Actor, id int64, reason string, date ledger.Date) (Donation, error) {
	reason = strings.Join(strings.Fields(reason), " ")
	if reason == "" || utf8.RuneCountInString(reason) > 300 {
		return Donation{}, rl.InvalidFields(rl.FieldError{Field: "reason", Message: "is required, at most 300 characters"})
	}
	if _, ok, err := s.ledger.Replayed(ctx, a.Idem); err != nil || ok {
		if err != nil {
			return Donation{}, err
		}
		return s.store.Donation(ctx, id)
	}
	d, err := s.store.Donation(ctx, id)
	if err != nil {
		return Donation{}, err
	}
	if d.Status == Voided {
		return Donation{}, rl.CodedErrorf(rl.Conflict, "already-voided", "receipt %s was voided already", d.ReceiptNo)
	}
	if !date.IsZero() && date.Before(d.ReceivedDate) {
		return Donation{}, rl.InvalidFields(rl.FieldError{Field: "date",
			Message: fmt.Sprintf("must not be before %s, when the donation was received", d.ReceivedDate)})
	}
	err = s.store.InJournal(ctx, func(tx Tx) error {
		e, replayed, err := s.ledger.RecordReversal(ctx, tx, a, d.EntryID, "Hủy biên nhận "+d.ReceiptNo+": "+reason, date)
		if err != nil || replayed {
			return err
		}
		return tx.MarkVoided(d.ID, e.ID, reason)
	})
	if err != nil {
		return Donation{}, err
	}
	return s.store.Donation(ctx, id)
}

// Get returns a donation; NotFound when there is none.
func (s *Service) Get(ctx context.Context, id int64) (Donation, error) {
	return s.store.Donation(ctx, id)
}

// ByReceipt returns the donation of a receipt number; NotFound when there
// is none.
func (s *Service) ByReceipt(ctx context.Context, no string) (Donation, error) {
	return s.store.DonationByReceipt(ctx, strings.ToUpper(strings.TrimSpace(no)))
}

// Donor returns a donor; NotFound when there is none.
func (s *Service) Donor(ctx context.Context, id int64) (Donor, error) {
	return s.store.Donor(ctx, id)
}

// List returns donations matching f, in ID order.
func (s *Service) List(ctx context.Context, f Filter) ([]Donation, error) {
	f.Query = fold.String(f.Query)
	return s.store.Donations(ctx, f)
}

// ReceiptNo formats a receipt number: POOR-2021-000123.
func ReceiptNo(fund string, year int, seq int64) string {
	return fmt.Sprintf("%s-%d-%06d", fund, year, seq)
}

// MaskNumbers hides phone and account numbers inside free text for the
// public: every run of 8 or more digits keeps its first 4 and last 2.
// A run is what `\+?\d[\d .-]{6,}\d` matches (spaces, dots and dashes
// inside it, a leading plus): it is found by hand, a byte at a time,
// because every search result and every published line goes through here
// (the regular expression was a sixth of a search's time in the server).
// A test holds it to that expression.
func MaskNumbers(s string) string {
	if !hasDigits(s, 8) {
		return s
	}
	// A receipt number (POOR-2021-000004) is public and is what a reader
	// checks: the text around it is masked, it is not.
	if !mayHoldReceipt(s) {
		return maskRuns(s)
	}
	var b strings.Builder
	last := 0
	for _, loc := range receiptInText.FindAllStringIndex(s, -1) {
		b.WriteString(maskRuns(s[last:loc[0]]))
		b.WriteString(s[loc[0]:loc[1]])
		last = loc[1]
	}
	b.WriteString(maskRuns(s[last:]))
	return b.String()
}

var receiptInText = regexp.MustCompile(`\b[A-Z][A-Z0-9_]{0,19}-\d{4}-\d{6}\b`)

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// hasDigits says whether s holds at least n ASCII digits.
func hasDigits(s string, n int) bool {
	for i := 0; i < len(s) && n > 0; i++ {
		if isDigit(s[i]) {
			n--
		}
	}
	return n == 0
}

// mayHoldReceipt says whether s holds "-dddd-dddddd", which every receipt
// number in it would.
func mayHoldReceipt(s string) bool {
	for i := strings.IndexByte(s, '-'); i >= 0 && i+12 <= len(s); {
		if hasDigits(s[i+1:i+5], 4) && s[i+5] == '-' && hasDigits(s[i+6:i+12], 6) {
			return true
		}
		j := strings.IndexByte(s[i+1:], '-')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// maskRuns masks the runs of s: from a digit (or a plus before one),
// as far as digits, spaces, dots and dashes go, back to the last digit;
// a run of 8 characters or more is a match, masked when it holds 8 digits
// or more. What follows a run (its trailing spaces, dots, dashes) starts
// no run, so the scan goes on after it.
func maskRuns(s string) string {
	var out []byte // nil until something is masked
	done := 0      // s is in out up to here
	i := 0
	for i < len(s) {
		start := i
		if s[i] == '+' && i+1 < len(s) && isDigit(s[i+1]) {
			i++
		} else if !isDigit(s[i]) {
			i++
			continue
		}
		lastDigit, digits := i, 1
		j := i + 1
		for ; j < len(s); j++ {
			c := s[j]
			if isDigit(c) {
				lastDigit = j
				digits++
			} else if c != ' ' && c != '.' && c != '-' {
				break
			}
		}
		// (A plus before a run too short leaves the digit after it to
		// start one: it ends at the same place, so it is no longer.)
		if lastDigit-i >= 7 && digits >= 8 {
			if out == nil {
				out = make([]byte, 0, len(s))
			}
			out = append(out, s[done:start]...)
			seen := 0
			for k := start; k <= lastDigit; k++ {
				c := s[k]
				if isDigit(c) {
					seen++
					if seen > 4 && seen <= digits-2 {
						c = '*'
					}
				}
				out = append(out, c)
			}
			done = lastDigit + 1
		}
		i = j
	}
	if out == nil {
		return s
	}
	return string(append(out, s[done:]...))
}
