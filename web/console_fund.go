package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/donations"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// The fund officer's pages: the receipt register, the new-donation form,
// a donation's printable receipt with its void form, and the bank
// statement import (console_fund_statements.go). They record through the
// same donations.Service calls as the API's routes they name.

// The API routes whose role lists decide who may use these pages.
const (
	routeDonations      = "GET /api/v1/donations"
	routeDonation       = "GET /api/v1/donations/{id}"
	routeRecordDonation = "POST /api/v1/donations"
	routeVoidDonation   = "POST /api/v1/donations/{id}/void"
	routeDonors         = "GET /api/v1/donors"
)

// fundLineRows is how many goods lines the new-donation form offers (no
// JavaScript adds rows; a donation with more lines goes through the API).
const fundLineRows = 5

// fundChoices are the fixed choices of the fund pages' selects.
type fundChoices struct{}

// Channels are the donation channels, in the forms' order.
func (fundChoices) Channels() []string { return []string{"cash", "bank", "in_kind"} }

// Statuses are a donation's statuses.
func (fundChoices) Statuses() []string { return []string{donations.Recorded, donations.Voided} }

type donationsPage struct {
	consoleFrame
	fundChoices
	Funds                      []ledger.FundSummary
	Fund, Channel, From, To, Q string
	Status                     string
	MayRecord                  bool
	Donations                  []donations.Donation
	Earmarks                   map[string]string // the page's earmarks in words
	First, Next                string
	Errors                     []string
}

// consoleDonations is the receipt register with filters, in the API's
// order (by ID) and with its cursors.
func (s *Server) consoleDonations(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, routeDonations)
	if !ok {
		return
	}
	ctx, q, l := r.Context(), r.URL.Query(), lang(r)
	page := donationsPage{consoleFrame: s.frame(u), Fund: q.Get("fund"), Channel: q.Get("channel"), From: q.Get("from"), To: q.Get("to"),
		Q: q.Get("q"), Status: q.Get("status"), MayRecord: u.may[routeRecordDonation]}
	funds, err := s.Ledger.FundSummaries(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page.Funds = funds
	limit := pageLimit(l, q.Get("limit"), &page.Errors)
	f := donations.Filter{Channel: donations.Channel(page.Channel), Query: strings.TrimSpace(page.Q), Limit: limit + 1,
		From: s.formDate(l, page.From, i18n.WebSearchFrom, &page.Errors), To: s.formDate(l, page.To, i18n.WebSearchTo, &page.Errors)}
	switch f.Channel {
	case "", donations.Cash, donations.Bank, donations.InKind:
	default:
		page.Errors = append(page.Errors, i18n.F(l, i18n.ConsoleFundBadChannel, page.Channel))
	}
	switch page.Status {
	case "", donations.Recorded, donations.Voided:
		f.Status = page.Status
	default:
		page.Errors = append(page.Errors, i18n.F(l, i18n.ConsoleFundBadStatus, page.Status))
	}
	after := formCursor(l, q, &page.Errors)
	f.AfterID = after
	fundID, err := s.formFund(ctx, l, page.Fund, &page.Errors)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f.FundID = fundID
	if len(page.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "console_fund_donations", page)
		return
	}
	ds, err := s.Donations.List(ctx, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page.Donations, page.First, page.Next = pageLinks(r, ds, limit, func(d donations.Donation) int64 { return d.ID })
	page.Earmarks = map[string]string{}
	if s.Households != nil {
		names := s.Households.DistrictNames()
		for _, d := range page.Donations {
			if d.Earmark != "" {
				page.Earmarks[d.Earmark] = earmarkText(l, names, d.Earmark)
			}
		}
	}
	s.render(w, r, http.StatusOK, "console_fund_donations", page)
}

// donationForm is what the new-donation form was given, as text, to show
// it again with its errors.
type donationForm struct {
	Fund, Channel, Amount, Currency, OriginalAmount, Rate string
	BankRef, ReceivedDate, Earmark, Description           string
	DonorID, DonorName, Warehouse                         string
	Anonymous                                             bool
	Lines                                                 []formLine
}

type formLine struct {
	Index                     int
	Item, Quantity, UnitValue string
}

// Field names of a goods line, as the domain names them in its errors.
func (l formLine) ItemField() string      { return fmt.Sprintf("lines[%d].item", l.Index) }
func (l formLine) QuantityField() string  { return fmt.Sprintf("lines[%d].quantity", l.Index) }
func (l formLine) UnitValueField() string { return fmt.Sprintf("lines[%d].unit_value", l.Index) }

type newDonationPage struct {
	consoleFrame
	fundChoices
	CSRF, Idem string
	Form       donationForm
	Funds      []ledger.FundSummary
	Districts  []fundDistrictOption
	Items      []ledger.Item
	Warehouses []fundWarehouseOption
	// The donor search: its words and the registered donors found.
	DonorQ      string
	Donors      []donations.Donor
	DonorsMore  bool
	MaySearch   bool
	Errors      formErrors
	LineRowsMax int
}

type fundDistrictOption struct{ Code, Name string }
type fundWarehouseOption struct{ Code, Name string }

// consoleNewDonation shows the form, empty or with the donor search's
// results (a GET form: ?donor_q=, accents ignored).
func (s *Server) consoleNewDonation(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, routeRecordDonation)
	if !ok {
		return
	}
	q := r.URL.Query()
	form := donationForm{Fund: q.Get("fund"), Channel: q.Get("channel"), Currency: "VND",
		ReceivedDate: ledger.DateOf(time.Now()).String()}
	if form.Channel == "" {
		form.Channel = string(donations.Cash)
	}
	page := newDonationPage{consoleFrame: s.frame(u), CSRF: u.CSRF, Idem: newFormKey(), Form: form, DonorQ: strings.TrimSpace(q.Get("donor_q")),
		MaySearch: u.may[routeDonors]}
	if err := s.fillDonationPage(r.Context(), &page); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.searchDonors(r.Context(), &page); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "console_fund_new", page)
}

// searchDonors finds the registered donors whose name holds the search's
// words, accents and case ignored (as GET /api/v1/donors?q=).
func (s *Server) searchDonors(ctx context.Context, page *newDonationPage) error {
	if page.DonorQ == "" || !page.MaySearch {
		return nil
	}
	const shown = 10
	ds, err := s.Donations.Donors(ctx, page.DonorQ, 0, shown+1)
	if err != nil {
		return err
	}
	if len(ds) > shown {
		ds, page.DonorsMore = ds[:shown], true
	}
	page.Donors = ds
	return nil
}

// fillDonationPage adds the choices of the form: funds, districts, items,
// warehouses, and pads the goods lines to fundLineRows.
func (s *Server) fillDonationPage(ctx context.Context, page *newDonationPage) error {
	funds, err := s.Ledger.FundSummaries(ctx)
	if err != nil {
		return err
	}
	page.Funds = funds
	if page.Form.Fund == "" && len(funds) > 0 {
		page.Form.Fund = funds[0].Code
	}
	page.Districts = s.fundDistricts()
	if page.Items, err = s.Ledger.Items(ctx); err != nil {
		return err
	}
	if s.Goods != nil {
		whs, err := s.Goods.Warehouses(ctx)
		if err != nil {
			return err
		}
		for _, wh := range whs {
			page.Warehouses = append(page.Warehouses, fundWarehouseOption{Code: wh.Code, Name: wh.Name})
		}
	}
	for i := len(page.Form.Lines); i < fundLineRows; i++ {
		page.Form.Lines = append(page.Form.Lines, formLine{Index: i})
	}
	page.LineRowsMax = fundLineRows
	return nil
}

// fundDistricts are the districts to choose from, by code.
func (s *Server) fundDistricts() []fundDistrictOption {
	if s.Households == nil {
		return nil
	}
	var out []fundDistrictOption
	names := s.Households.DistrictNames()
	for _, c := range slices.Sorted(mapKeys(names)) {
		out = append(out, fundDistrictOption{Code: c, Name: names[c]})
	}
	return out
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// readDonationForm reads the posted form into the domain's input; bad
// numbers and dates become field errors, as the API's parser makes them.
func readDonationForm(r *http.Request) (donationForm, donations.Input, rl.Fields) {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	form := donationForm{Fund: v("fund"), Channel: v("channel"), Amount: v("amount"), Currency: strings.ToUpper(v("currency")),
		OriginalAmount: v("original_amount"), Rate: v("rate"), BankRef: v("bank_ref"), ReceivedDate: v("received_date"),
		Earmark: v("earmark"), Description: v("description"), DonorID: v("donor_id"), DonorName: v("donor_name"),
		Warehouse: v("warehouse"), Anonymous: r.PostFormValue("anonymous") != ""}
	var fe rl.Fields
	in := donations.Input{Fund: form.Fund, DonorName: form.DonorName, Anonymous: form.Anonymous, Channel: donations.Channel(form.Channel),
		BankRef: form.BankRef, Earmark: form.Earmark, Description: form.Description}
	if form.DonorID != "" {
		id, err := strconv.ParseInt(form.DonorID, 10, 64)
		if err != nil || id <= 0 {
			fe.Add("donor_id", "must be a donor of the registry")
		}
		in.DonorID = id
	}
	dec := func(field, s string) decimal.NullDecimal {
		if s == "" {
			return decimal.NullDecimal{}
		}
		d, err := decimal.NewFromString(s)
		if err != nil {
			fe.Add(field, "%q is not a number", s)
			return decimal.NullDecimal{}
		}
		return decimal.NullDecimal{Decimal: d, Valid: true}
	}
	money := in.Channel != donations.InKind
	if money {
		in.Amount = dec("amount", groupedDigits(form.Amount))
		if form.Currency != "" && form.Currency != "VND" {
			in.Currency = form.Currency
			in.OriginalAmount = dec("original_amount", form.OriginalAmount)
			in.Rate = dec("rate", form.Rate)
		}
	} else {
		in.Warehouse = form.Warehouse
	}
	if form.ReceivedDate != "" {
		d, err := ledger.ParseDate(form.ReceivedDate)
		if err != nil {
			if t, err2 := time.Parse("02/01/2006", form.ReceivedDate); err2 == nil {
				d = ledger.DateOf(t)
			} else {
				fe.Add("received_date", "%q is not a date (YYYY-MM-DD)", form.ReceivedDate)
			}
		}
		in.ReceivedDate = d
	}
	for i := 0; i < fundLineRows; i++ {
		p := fmt.Sprintf("lines[%d].", i)
		ln := formLine{Index: i, Item: v(p + "item"), Quantity: v(p + "quantity"), UnitValue: v(p + "unit_value")}
		form.Lines = append(form.Lines, ln)
		if ln.Item == "" && ln.Quantity == "" && ln.UnitValue == "" || money {
			continue
		}
		qty := dec(p+"quantity", ln.Quantity)
		if !qty.Valid {
			fe.Add(p+"quantity", "is required")
		}
		unit := dec(p+"unit_value", groupedDigits(ln.UnitValue))
		if !unit.Valid {
			fe.Add(p+"unit_value", "is required (đồng per unit)")
		}
		in.Lines = append(in.Lines, donations.LineInput{Item: ln.Item, Quantity: qty.Decimal, UnitValue: unit.Decimal})
	}
	return form, in, fe
}

// digitGroups is a whole number written with groups of three digits.
var digitGroups = regexp.MustCompile(`^[0-9]{1,3}([., ][0-9]{3})+$`)

// groupedDigits reads an amount of đồng typed as Vietnamese or English
// write it (1.500.000 or 1,500,000) as its digits; anything else stays as
// typed, for the parser to judge.
func groupedDigits(s string) string {
	if digitGroups.MatchString(s) {
		return strings.NewReplacer(".", "", ",", "", " ", "").Replace(s)
	}
	return s
}

// consoleRecordDonation records the posted donation through the same
// service call as POST /api/v1/donations; a double submit (the same form
// key) records once and lands on the same receipt.
func (s *Server) consoleRecordDonation(w http.ResponseWriter, r *http.Request) {
	u, ok := s.consoleWrite(w, r, routeRecordDonation, 0)
	if !ok {
		return
	}
	form, in, fe := readDonationForm(r)
	page := newDonationPage{consoleFrame: s.frame(u), CSRF: u.CSRF, Idem: r.PostFormValue(idemField), Form: form, MaySearch: u.may[routeDonors],
		DonorQ: strings.TrimSpace(r.PostFormValue("donor_q_kept"))}
	refuse := func(err error) {
		errs, ok := errorsOf(err)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		page.Errors = s.translateErrors(lang(r), errs)
		if page.Idem == "" {
			page.Idem = newFormKey()
		}
		if err := s.fillDonationPage(r.Context(), &page); err != nil {
			s.serverError(w, r, err)
			return
		}
		if err := s.searchDonors(r.Context(), &page); err != nil {
			s.serverError(w, r, err)
			return
		}
		s.render(w, r, statusOf(err), "console_fund_new", page)
	}
	if err := fe.Err(); err != nil {
		refuse(err)
		return
	}
	a, err := formActor(u, r)
	if err != nil {
		refuse(err)
		return
	}
	ctx, audited := s.inAudit(r, u, "/console/donations/new", "", http.StatusCreated)
	d, _, err := s.Donations.Record(ctx, a, in)
	if err != nil {
		refuse(err)
		return
	}
	if err := audited(); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/donations/"+strconv.FormatInt(d.ID, 10)+"?recorded=1", http.StatusSeeOther)
}

// translateErrors gives the messages the forms commonly show in the
// page's language; the others stay as the domain wrote them (English).
func (s *Server) translateErrors(l i18n.Lang, fe formErrors) formErrors {
	out := formErrors{Fields: map[string]string{}, General: fe.General}
	for k, m := range fe.Fields {
		out.Fields[k] = fundMessage(l, m)
	}
	return out
}

// fundMessage translates a domain message it knows; others pass.
func fundMessage(l i18n.Lang, m string) string {
	if strings.HasSuffix(m, " is not a number") {
		return i18n.F(l, i18n.ConsoleFundMsgNotNumber, strings.Trim(strings.TrimSuffix(m, " is not a number"), `"`))
	}
	if strings.HasSuffix(m, " is not a date (YYYY-MM-DD)") {
		return i18n.F(l, i18n.ConsoleFundMsgNotDate, strings.Trim(strings.TrimSuffix(m, " is not a date (YYYY-MM-DD)"), `"`))
	}
	for _, t := range fundMessages {
		if strings.HasPrefix(m, t.prefix) {
			return i18n.T(l, t.key)
		}
	}
	return m
}

var fundMessages = []struct {
	prefix string
	key    i18n.Key
}{
	{"must be more than zero", i18n.ConsoleFundMsgPositive},
	{"is required (đồng", i18n.ConsoleFundMsgAmountRequired},
	{"is required (YYYY-MM-DD)", i18n.ConsoleFundMsgDateRequired},
	{"must not be more than one day in the future", i18n.ConsoleFundMsgFuture},
	{"give a registered donor", i18n.ConsoleFundMsgDonor},
	{"give donor_id or donor_name, not both", i18n.ConsoleFundMsgDonorBoth},
	{"is required for a bank transfer", i18n.ConsoleFundMsgBankRef},
	{"only bank transfers have a bank reference", i18n.ConsoleFundMsgBankRefOnly},
	{"an in-kind donation needs 1 to 100 goods lines", i18n.ConsoleFundMsgLines},
	{"is required, at most 300 characters", i18n.ConsoleFundMsgReason},
	{"must not be before", i18n.ConsoleFundMsgVoidDate},
}

type receiptPage struct {
	consoleFrame
	receiptData
	CSRF, Idem  string
	MayVoid     bool
	Recorded    bool
	ReasonValue string // the void form's values
	VoidDate    string
	Paper       string // a5 (the default) or a4
	Errors      formErrors
}

// consoleDonation is a donation's receipt, printable (A5 or A4), with the
// QR code of its public page, and the void form.
func (s *Server) consoleDonation(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, routeDonation)
	if !ok {
		return
	}
	page, ok := s.receiptPageOf(w, r, u)
	if !ok {
		return
	}
	page.Recorded = r.URL.Query().Get("recorded") == "1"
	page.VoidDate = ledger.DateOf(time.Now()).String()
	s.render(w, r, http.StatusOK, "console_fund_receipt", page)
}

// receiptPageOf reads the donation of the path; false when it answered.
func (s *Server) receiptPageOf(w http.ResponseWriter, r *http.Request, u consoleUser) (receiptPage, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return receiptPage{}, false
	}
	d, err := s.Donations.Get(r.Context(), id)
	if rl.ErrorKind(err) == rl.NotFound {
		s.notFound(w, r)
		return receiptPage{}, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return receiptPage{}, false
	}
	data, err := s.receiptOf(r, d)
	if err != nil {
		s.serverError(w, r, err)
		return receiptPage{}, false
	}
	// The staff's receipt names the donor even when the public one does not.
	paper := "a5"
	if r.URL.Query().Get("paper") == "a4" {
		paper = "a4"
	}
	return receiptPage{consoleFrame: s.frame(u), receiptData: data, CSRF: u.CSRF, Idem: newFormKey(), Paper: paper,
		MayVoid: u.may[routeVoidDonation] && d.Status != donations.Voided}, true
}

// consoleVoidDonation voids a donation with a reason and a date, through
// the same service call as POST /api/v1/donations/{id}/void.
func (s *Server) consoleVoidDonation(w http.ResponseWriter, r *http.Request) {
	u, ok := s.consoleWrite(w, r, routeVoidDonation, 0)
	if !ok {
		return
	}
	page, ok := s.receiptPageOf(w, r, u)
	if !ok {
		return
	}
	page.ReasonValue, page.VoidDate = r.PostFormValue("reason"), strings.TrimSpace(r.PostFormValue("date"))
	refuse := func(err error) {
		errs, ok := errorsOf(err)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		page.Errors = s.translateErrors(lang(r), errs)
		page.Idem = r.PostFormValue(idemField)
		s.render(w, r, statusOf(err), "console_fund_receipt", page)
	}
	var date ledger.Date
	if page.VoidDate != "" {
		var err error
		if date, err = ledger.ParseDate(page.VoidDate); err != nil {
			refuse(rl.InvalidFields(rl.FieldError{Field: "date", Message: fmt.Sprintf("%q is not a date (YYYY-MM-DD)", page.VoidDate)}))
			return
		}
	}
	a, err := formActor(u, r)
	if err != nil {
		refuse(err)
		return
	}
	id := page.D.ID
	before := page.D.Status
	ctx, audited := s.inAudit(r, u, "/console/donations/{id}/void", "donation:"+strconv.FormatInt(id, 10), http.StatusOK)
	_, err = s.Donations.Void(ctx, a, id, page.ReasonValue, date)
	if err != nil {
		if rl.ErrorKind(err) == rl.Conflict && before == donations.Voided {
			// Voided already (by this very form posted twice, or by
			// another): the receipt says so.
			http.Redirect(w, r, "/console/donations/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
			return
		}
		refuse(err)
		return
	}
	if err := audited(); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/donations/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// receiptOf is the receipt's data as /r/{code} shows it, with the donor's
// own name (the staff see it) and the QR code of the public page.
func (s *Server) receiptOf(r *http.Request, d donations.Donation) (receiptData, error) {
	ctx, l := r.Context(), lang(r)
	data := receiptData{D: d, Anonymous: d.PublicName == donations.AnonymousName, Description: d.Description, VoidReason: d.VoidReason,
		FundName: d.FundCode}
	if len(d.Lines) > 0 {
		items, err := s.itemNames(r, l)
		if err != nil {
			return data, err
		}
		for _, ln := range d.Lines {
			it, ok := items[ln.Item]
			if !ok {
				it.NameVI = ln.Item
			}
			data.Lines = append(data.Lines, receiptLine{Line: ln, Name: it.NameVI, Unit: it.Unit})
		}
	}
	if d.Earmark != "" && s.Households != nil {
		data.Earmark = earmarkText(l, s.Households.DistrictNames(), d.Earmark)
	}
	if f, err := s.Ledger.Fund(ctx, d.FundCode); err == nil {
		data.FundName = f.NameVI
		if l == i18n.EN && f.NameEN != "" {
			data.FundName = f.NameEN
		}
	}
	e, err := s.Ledger.Entry(ctx, d.EntryID)
	if err != nil {
		return data, err
	}
	data.EntryHash = e.Hash
	data.URL = s.baseURL(r) + "/r/" + url.PathEscape(d.ReceiptNo)
	data.QR, err = qrSVG(data.URL, i18n.F(l, i18n.WebReceiptQR, data.URL))
	return data, err
}
