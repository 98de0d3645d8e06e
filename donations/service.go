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
		Email: strings.TrimSpace(in.Email), Address: strings.TrimSpace(in.Address), PublishName: in.PublishName, CreatedAt: s.now().UTC()}
	return s.store.CreateDonor(ctx, d, idem)
}

// Donors lists donors whose folded name contains query.
func (s *Service) Donors(ctx context.Context, query string, afterID int64, limit int) ([]Donor, error) {
	return s.store.Donors(ctx, fold.String(query), afterID, limit)
}

// Input is a donation as a caller proposes it; amounts are decimal strings.
type Input struct {
	Fund           string
	DonorID        int64
	DonorName      string // when the donor is not registered
	Anonymous      bool   // with DonorName: do not publish the name
	Channel        Channel
	Amount         string // đồng
	Currency       string // e.g. USD; empty or VND for đồng
	OriginalAmount string // in Currency
	Rate           string // đồng per unit of Currency
	BankRef        string
	ReceivedDate   string
	Earmark        string // district:CODE, category:poor|near_poor, purpose:TEXT
	Description    string
	Lines          []LineInput
	Warehouse      string // in-kind: where the goods are received (default PROV)
	StatementKey   string // set by statement imports
}

// LineInput is one goods line of an in-kind donation. Unit, when given,
// must be the item's unit.
type LineInput struct {
	Item, Quantity, Unit, UnitValue string
}

// Record records a donation with its receipt number. Invalid for bad
// fields (each named), NotFound for an unknown donor; with an idempotency
// key a replay returns the first donation and replayed=true.
func (s *Service) Record(ctx context.Context, a ledger.Actor, in Input) (Donation, bool, error) {
	if id, ok, err := s.ledger.Replayed(ctx, a.Idem); err != nil || ok {
		if err != nil {
			return Donation{}, false, err
		}
		d, err := s.store.DonationByEntry(ctx, id)
		return d, true, err
	}
	d, entry, err := s.prepare(ctx, in)
	if err != nil {
		return Donation{}, false, err
	}
	d.CreatedBy = a.UserID
	var stored []Donation
	es, replayed, err := s.ledger.PostWith(ctx, a, []ledger.EntryInput{entry}, func(tx ledger.JournalTx, es []ledger.Entry) error {
		d.EntryID = es[0].ID
		var err error
		stored, err = s.store.InsertDonations(tx, []Donation{d})
		return err
	})
	if err != nil {
		return Donation{}, false, err
	}
	if replayed {
		d, err := s.store.DonationByEntry(ctx, es[0].ID)
		return d, true, err
	}
	out := stored[0]
	out.FundCode = d.FundCode
	return out, false, nil
}

var currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)

// prepare validates a donation and builds its entry.
func (s *Service) prepare(ctx context.Context, in Input) (Donation, ledger.EntryInput, error) {
	var fe rl.Fields
	d := Donation{Channel: in.Channel, Status: Recorded, BankRef: strings.TrimSpace(in.BankRef), StatementKey: in.StatementKey,
		Description: strings.Join(strings.Fields(in.Description), " "), CreatedAt: s.now().UTC()}
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
	if date, err := ledger.ParseDate(in.ReceivedDate); err != nil {
		fe.Add("received_date", "%v", err)
	} else if date.After(today.AddDays(1)) {
		fe.Add("received_date", "must not be more than one day in the future (today is %s)", today)
	} else if date.Before(ledger.NewDate(2000, 1, 1)) {
		fe.Add("received_date", "must be in 2000 or later")
	} else {
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
	entry, err := s.entryOf(ctx, d)
	return d, entry, err
}

func (s *Service) donor(ctx context.Context, in Input, d *Donation, fe *rl.Fields) {
	name := strings.Join(strings.Fields(in.DonorName), " ")
	switch {
	case in.DonorID != 0 && name != "":
		fe.Add("donor_name", "give donor_id or donor_name, not both")
	case in.DonorID != 0:
		donor, err := s.store.Donor(ctx, in.DonorID)
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
	default:
		d.DonorName, d.PublicName = AnonymousName, AnonymousName
	}
}

func (s *Service) money(in Input, d *Donation, fe *rl.Fields) {
	cur := strings.ToUpper(strings.TrimSpace(in.Currency))
	if cur == "" || cur == "VND" {
		d.Currency = "VND"
		if in.OriginalAmount != "" || in.Rate != "" {
			fe.Add("currency", "original_amount and rate are for donations in another currency")
		}
		amount, err := ledger.ParseDecimal(in.Amount, ledger.VNDScale)
		switch {
		case in.Amount == "":
			fe.Add("amount", "is required (đồng, e.g. \"1500000\")")
		case err != nil:
			fe.Add("amount", "%v (đồng)", err)
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
	orig, err1 := ledger.ParseDecimal(in.OriginalAmount, 2)
	rate, err2 := ledger.ParseDecimal(in.Rate, 6)
	if err1 != nil || !orig.IsPositive() {
		fe.Add("original_amount", "must be a positive amount in %s with at most 2 decimals", cur)
	}
	if err2 != nil || !rate.IsPositive() {
		fe.Add("rate", "must be a positive number of đồng per %s, at most 6 decimals", cur)
	}
	if err1 != nil || err2 != nil || !orig.IsPositive() || !rate.IsPositive() {
		return
	}
	amount := orig.Mul(rate).Round(0)
	if in.Amount != "" {
		given, err := ledger.ParseDecimal(in.Amount, ledger.VNDScale)
		if err != nil || !given.Equal(amount) {
			fe.Add("amount", "is %s × %s = %s đồng (rounded); leave it out or give that", orig, rate, amount)
			return
		}
	}
	d.Amount = amount
	d.OriginalAmount = decimal.NullDecimal{Decimal: orig, Valid: true}
	d.Rate = decimal.NullDecimal{Decimal: rate, Valid: true}
}

func (s *Service) goods(ctx context.Context, in Input, d *Donation, fe *rl.Fields) {
	d.Currency = "VND"
	if in.Amount != "" || in.Currency != "" {
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
		qty, err := ledger.ParseDecimal(l.Quantity, item.Scale)
		if err != nil || !qty.IsPositive() {
			fe.Add(field+".quantity", "must be a positive quantity of %s with at most %d decimals", item.Unit, item.Scale)
			continue
		}
		unit, err := ledger.ParseDecimal(l.UnitValue, ledger.VNDScale)
		if err != nil || unit.IsNegative() {
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

// accountFor returns the fund's account for a base code (1110 cash, 1120
// bank, 4100/4200 donations), or its restricted twin for an earmark.
func (s *Service) accountFor(ctx context.Context, d Donation, base string, typ ledger.AccountType, name string) (string, error) {
	if d.Earmark == "" {
		return d.FundCode + ":" + base, nil
	}
	return s.ensure(ctx, d, base+".R."+designationSlug(d.Earmark), typ, name+" — chỉ định "+d.Earmark, ledger.Dimensions{})
}

// stockAccountFor returns the stock account of an item in the donation's
// warehouse (1150.WAREHOUSE.ITEM), restricted when earmarked.
func (s *Service) stockAccountFor(ctx context.Context, d Donation, item string) (string, error) {
	code, name := ledger.StockCode(d.Warehouse, item), "Hàng hóa "+item+" tại kho "+d.Warehouse
	dims := ledger.Dimensions{Warehouse: d.Warehouse, Item: item, District: d.warehouseDistrict}
	if d.Earmark != "" {
		code += ".R." + designationSlug(d.Earmark)
		name += " — chỉ định " + d.Earmark
	}
	return s.ensure(ctx, d, code, ledger.Asset, name, dims)
}

func (s *Service) ensure(ctx context.Context, d Donation, code string, typ ledger.AccountType, name string, dims ledger.Dimensions) (string, error) {
	if d.Earmark != "" {
		dims.Designation = d.Earmark
	}
	_, err := s.ledger.EnsureAccount(ctx, ledger.AccountInput{Fund: d.FundCode, Code: code, Type: typ, Name: name, Dimensions: dims})
	return d.FundCode + ":" + code, err
}

var channelVI = map[Channel]string{Cash: "tiền mặt", Bank: "chuyển khoản", InKind: "hiện vật"}

// entryOf builds the donation's journal entry: the asset it brought in
// against donations received, both restricted when earmarked.
func (s *Service) entryOf(ctx context.Context, d Donation) (ledger.EntryInput, error) {
	desc := fmt.Sprintf("Tiếp nhận ủng hộ %s (%s) – %s", d.FundCode, channelVI[d.Channel], d.PublicName)
	if d.Description != "" {
		desc += " – " + d.Description
	}
	desc = ledger.ClipDescription(desc)
	e := ledger.EntryInput{Date: d.ReceivedDate.String(), Kind: ledger.KindDonation, Description: desc, Source: ledger.Source{Type: "donation", ID: d.StatementKey}}
	if d.Channel == InKind {
		rev, err := s.accountFor(ctx, d, "4200", ledger.Revenue, "Tiếp nhận ủng hộ hiện vật")
		if err != nil {
			return e, err
		}
		for _, l := range d.Lines {
			asset, err := s.stockAccountFor(ctx, d, l.Item)
			if err != nil {
				return e, err
			}
			e.Postings = append(e.Postings,
				ledger.PostingInput{Account: asset, Amount: l.Value.String(), Item: l.Item, Quantity: l.Quantity.String()},
				ledger.PostingInput{Account: rev, Amount: l.Value.Neg().String(), Item: l.Item, Quantity: l.Quantity.Neg().String()})
		}
		return e, nil
	}
	base := "1120"
	if d.Channel == Cash {
		base = "1110"
	}
	asset, err := s.accountFor(ctx, d, base, ledger.Asset, map[string]string{"1110": "Tiền mặt", "1120": "Tiền gửi ngân hàng"}[base])
	if err != nil {
		return e, err
	}
	rev, err := s.accountFor(ctx, d, "4100", ledger.Revenue, "Tiếp nhận ủng hộ bằng tiền")
	if err != nil {
		return e, err
	}
	e.Postings = []ledger.PostingInput{{Account: asset, Amount: d.Amount.String()}, {Account: rev, Amount: d.Amount.Neg().String()}}
	return e, nil
}

// Void reverses a donation with a reason; its receipt number stays used.
// NotFound for an unknown donation, Conflict when it is void already.
func (s *Service) Void(ctx context.Context, a ledger.Actor, id int64, reason string) (Donation, error) {
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
	_, err = s.ledger.ReverseWith(ctx, a, d.EntryID, "Hủy biên nhận "+d.ReceiptNo+": "+reason, func(tx ledger.JournalTx, es []ledger.Entry) error {
		return s.store.MarkVoided(tx, d.ID, es[0].ID, reason)
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

// List returns donations matching f, in ID order.
func (s *Service) List(ctx context.Context, f Filter) ([]Donation, error) {
	f.Query = fold.String(f.Query)
	return s.store.Donations(ctx, f)
}

// ReceiptNo formats a receipt number: POOR-2021-000123.
func ReceiptNo(fund string, year int, seq int64) string {
	return fmt.Sprintf("%s-%d-%06d", fund, year, seq)
}

var digitRun = regexp.MustCompile(`\+?\d[\d .-]{6,}\d`)

// MaskNumbers hides phone and account numbers inside free text for the
// public: every run of 8 or more digits keeps its first 4 and last 2.
func MaskNumbers(s string) string {
	return digitRun.ReplaceAllStringFunc(s, func(m string) string {
		digits := 0
		for _, r := range m {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if digits < 8 {
			return m
		}
		seen := 0
		var b strings.Builder
		for _, r := range m {
			if r < '0' || r > '9' {
				b.WriteRune(r)
				continue
			}
			seen++
			if seen <= 4 || seen > digits-2 {
				b.WriteRune(r)
			} else {
				b.WriteByte('*')
			}
		}
		return b.String()
	})
}
