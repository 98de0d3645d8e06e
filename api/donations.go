package api

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/donations"
	"reliefledger/ledger"
)

type donorJSON struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	Kind           string `json:"kind" jsonschema:"enum=individual,enum=organisation,enum=business,enum=religious,enum=overseas"`
	InsideProvince bool   `json:"inside_province"`
	Phone          string `json:"phone,omitempty"`
	Email          string `json:"email,omitempty"`
	Address        string `json:"address,omitempty"`
	PublishName    bool   `json:"publish_name" jsonschema_description:"false: the public list says Nhà hảo tâm (ẩn danh)"`
	CreatedAt      string `json:"created_at" jsonschema:"format=date-time"`
}

func donorOut(d donations.Donor) donorJSON {
	return donorJSON{ID: d.ID, Name: d.Name, Kind: string(d.Kind), InsideProvince: d.InsideProvince, Phone: d.Phone, Email: d.Email,
		Address: d.Address, PublishName: d.PublishName, CreatedAt: timestamp(d.CreatedAt)}
}

type donorCreateJSON struct {
	Name           string `json:"name"`
	Kind           string `json:"kind" jsonschema:"enum=individual,enum=organisation,enum=business,enum=religious,enum=overseas"`
	InsideProvince bool   `json:"inside_province,omitempty"`
	Phone          string `json:"phone,omitempty"`
	Email          string `json:"email,omitempty"`
	Address        string `json:"address,omitempty"`
	PublishName    *bool  `json:"publish_name,omitempty" jsonschema_description:"default true"`
}

func (s *Server) createDonor(c *gin.Context) {
	var req donorCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	publish := req.PublishName == nil || *req.PublishName
	d, replayed, err := s.Donations.CreateDonor(c.Request.Context(), donations.DonorInput{Name: req.Name, Kind: donations.DonorKind(req.Kind),
		InsideProvince: req.InsideProvince, Phone: req.Phone, Email: req.Email, Address: req.Address, PublishName: publish}, actor(c).Idem)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "donor", d.ID)
	created(c, replayed, donorOut(d))
}

func (s *Server) listDonors(c *gin.Context) {
	limit, after, err := page(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ds, err := s.Donations.Donors(c.Request.Context(), c.Query("q"), after, limit+1)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, paged(ds, limit, func(d donations.Donor) int64 { return d.ID }, donorOut))
}

// lineJSON is a line of goods in a donation in kind, as given and as shown.
type lineJSON struct {
	Item      string `json:"item" jsonschema_description:"item code"`
	Quantity  string `json:"quantity" jsonschema:"format=decimal" jsonschema_description:"in the item's unit"`
	Unit      string `json:"unit,omitempty" jsonschema_description:"optional; must be the item's unit"`
	UnitValue string `json:"unit_value" jsonschema:"format=decimal" jsonschema_description:"đồng per unit"`
	Value     string `json:"value,omitempty" jsonschema:"format=decimal" jsonschema_description:"đồng"`
}

type donationJSON struct {
	ID             int64      `json:"id"`
	ReceiptNo      string     `json:"receipt_no" jsonschema_description:"FUND-YEAR-NNNNNN, unique per fund and year, without gaps"`
	Fund           string     `json:"fund"`
	DonorID        int64      `json:"donor_id,omitempty"`
	DonorName      string     `json:"donor_name"`
	PublicName     string     `json:"public_name" jsonschema_description:"what the public list shows"`
	Channel        string     `json:"channel" jsonschema:"enum=cash,enum=bank,enum=in_kind"`
	Amount         string     `json:"amount" jsonschema:"format=decimal" jsonschema_description:"đồng"`
	Currency       string     `json:"currency" jsonschema_description:"VND or the original currency"`
	OriginalAmount string     `json:"original_amount,omitempty" jsonschema:"format=decimal"`
	Rate           string     `json:"rate,omitempty" jsonschema:"format=decimal" jsonschema_description:"đồng per unit of currency"`
	BankRef        string     `json:"bank_ref,omitempty"`
	ReceivedDate   string     `json:"received_date" jsonschema:"format=date"`
	Earmark        string     `json:"earmark,omitempty" jsonschema_description:"district:CODE, category:poor|near_poor or purpose:TEXT"`
	Description    string     `json:"description,omitempty"`
	Lines          []lineJSON `json:"lines,omitempty"`
	Warehouse      string     `json:"warehouse,omitempty" jsonschema_description:"in kind: the receiving warehouse"`
	EntryID        int64      `json:"entry_id" jsonschema_description:"its journal entry"`
	Status         string     `json:"status" jsonschema:"enum=recorded,enum=voided"`
	VoidEntryID    int64      `json:"void_entry_id,omitempty"`
	VoidedOn       string     `json:"voided_on,omitempty" jsonschema:"format=date" jsonschema_description:"the void's accounting date"`
	VoidReason     string     `json:"void_reason,omitempty"`
	CreatedAt      string     `json:"created_at" jsonschema:"format=date-time"`
}

func donationOut(d donations.Donation) donationJSON {
	out := donationJSON{ID: d.ID, ReceiptNo: d.ReceiptNo, Fund: d.FundCode, DonorID: d.DonorID, DonorName: d.DonorName, PublicName: d.PublicName,
		Channel: string(d.Channel), Amount: d.Amount.String(), Currency: d.Currency, BankRef: d.BankRef, ReceivedDate: d.ReceivedDate.String(),
		Earmark: d.Earmark, Description: d.Description, EntryID: d.EntryID, Status: d.Status, VoidEntryID: d.VoidEntryID, VoidReason: d.VoidReason,
		CreatedAt: timestamp(d.CreatedAt), Warehouse: d.Warehouse}
	if d.OriginalAmount.Valid {
		out.OriginalAmount, out.Rate = d.OriginalAmount.Decimal.String(), d.Rate.Decimal.String()
	}
	if !d.VoidedOn.IsZero() {
		out.VoidedOn = d.VoidedOn.String()
	}
	for _, l := range d.Lines {
		out.Lines = append(out.Lines, lineJSON{Item: l.Item, Quantity: l.Quantity.String(), UnitValue: l.UnitValue.String(), Value: l.Value.String()})
	}
	return out
}

type donationCreateJSON struct {
	Fund           string     `json:"fund" jsonschema_description:"fund code"`
	DonorID        int64      `json:"donor_id,omitempty" jsonschema_description:"a registered donor, or"`
	DonorName      string     `json:"donor_name,omitempty" jsonschema_description:"the donor's name"`
	Anonymous      bool       `json:"anonymous,omitempty" jsonschema_description:"with donor_name: do not publish it"`
	Channel        string     `json:"channel" jsonschema:"enum=cash,enum=bank,enum=in_kind"`
	Amount         string     `json:"amount,omitempty" jsonschema:"format=decimal" jsonschema_description:"đồng (money)"`
	Currency       string     `json:"currency,omitempty" jsonschema_description:"e.g. USD; VND when absent"`
	OriginalAmount string     `json:"original_amount,omitempty" jsonschema:"format=decimal" jsonschema_description:"in currency"`
	Rate           string     `json:"rate,omitempty" jsonschema:"format=decimal" jsonschema_description:"đồng per unit of currency"`
	BankRef        string     `json:"bank_ref,omitempty" jsonschema_description:"the bank's reference"`
	ReceivedDate   string     `json:"received_date" jsonschema:"format=date"`
	Earmark        string     `json:"earmark,omitempty" jsonschema_description:"district:CODE, category:poor|near_poor or purpose:TEXT"`
	Description    string     `json:"description,omitempty"`
	Lines          []lineJSON `json:"lines,omitempty" jsonschema_description:"in kind: the goods"`
	Warehouse      string     `json:"warehouse,omitempty" jsonschema_description:"in kind: the receiving warehouse, default PROV"`
}

func (req donationCreateJSON) input() (donations.Input, error) {
	var p parser
	in := donations.Input{Fund: req.Fund, DonorID: req.DonorID, DonorName: req.DonorName, Anonymous: req.Anonymous, Channel: donations.Channel(req.Channel),
		Amount: p.decimal("amount", req.Amount), Currency: req.Currency, OriginalAmount: p.decimal("original_amount", req.OriginalAmount),
		Rate: p.decimal("rate", req.Rate), BankRef: req.BankRef, ReceivedDate: p.date("received_date", req.ReceivedDate), Earmark: req.Earmark,
		Description: req.Description, Warehouse: req.Warehouse}
	for i, l := range req.Lines {
		field := fmt.Sprintf("lines[%d]", i)
		in.Lines = append(in.Lines, donations.LineInput{Item: l.Item, Quantity: p.decimal(field+".quantity", l.Quantity).Decimal, Unit: l.Unit,
			UnitValue: p.required(field+".unit_value", l.UnitValue, "đồng per unit")})
	}
	return in, p.err()
}

func (s *Server) createDonation(c *gin.Context) {
	var req donationCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	in, err := req.input()
	if err != nil {
		s.fail(c, err)
		return
	}
	d, replayed, err := s.Donations.Record(c.Request.Context(), actor(c), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "donation", d.ID)
	created(c, replayed, donationOut(d))
}

func (s *Server) getDonation(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.Donations.Get(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, donationOut(d))
}

func (s *Server) voidDonation(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req reverseJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "donation", id)
	var ps parser
	date := ps.date("date", req.Date)
	if err := ps.err(); err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.Donations.Void(c.Request.Context(), actor(c), id, req.Reason, date)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, donationOut(d))
}

func (s *Server) listDonations(c *gin.Context) {
	limit, after, err := page(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var fe rl.Fields
	f := donations.Filter{Channel: donations.Channel(c.Query("channel")), From: queryDate(c, "from", &fe), To: queryDate(c, "to", &fe),
		Earmark: c.Query("earmark"), Status: c.Query("status"), Query: c.Query("q"), AfterID: after, Limit: limit + 1}
	if v := c.Query("donor_id"); v != "" {
		if f.DonorID, err = strconv.ParseInt(v, 10, 64); err != nil {
			fe.Add("donor_id", "must be an integer")
		}
	}
	if f.Channel != "" && f.Channel != donations.Cash && f.Channel != donations.Bank && f.Channel != donations.InKind {
		fe.Add("channel", "must be cash, bank or in_kind")
	}
	if err := fe.Err(); err != nil {
		s.fail(c, err)
		return
	}
	if f.FundID, err = s.fundParam(c); err != nil {
		s.fail(c, err)
		return
	}
	ds, err := s.Donations.List(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, paged(ds, limit, func(d donations.Donation) int64 { return d.ID }, donationOut))
}

// publicDonationJSON is what anyone may see of a donation: the donor's
// name only where they agreed, numbers in descriptions masked.
type publicDonationJSON struct {
	ReceiptNo    string `json:"receipt_no"`
	Fund         string `json:"fund"`
	Donor        string `json:"donor" jsonschema_description:"the name, or Nhà hảo tâm (ẩn danh)"`
	Channel      string `json:"channel" jsonschema:"enum=cash,enum=bank,enum=in_kind"`
	Amount       string `json:"amount" jsonschema:"format=decimal" jsonschema_description:"đồng"`
	BankRef      string `json:"bank_ref,omitempty"`
	ReceivedDate string `json:"received_date" jsonschema:"format=date"`
	Earmark      string `json:"earmark,omitempty"`
	Description  string `json:"description,omitempty" jsonschema_description:"phone and account numbers masked"`
	Status       string `json:"status" jsonschema:"enum=recorded,enum=voided"`
	EntryID      int64  `json:"entry_id"`
	EntryHash    string `json:"entry_hash,omitempty" jsonschema_description:"hash of the journal entry, to check against the published chain"`
}

func publicOut(d donations.Donation) publicDonationJSON {
	return publicDonationJSON{ReceiptNo: d.ReceiptNo, Fund: d.FundCode, Donor: d.PublicName, Channel: string(d.Channel), Amount: d.Amount.String(),
		BankRef: d.BankRef, ReceivedDate: d.ReceivedDate.String(), Earmark: d.Earmark, Description: donations.MaskNumbers(d.Description),
		Status: d.Status, EntryID: d.EntryID}
}

// publicSearchJSON is one page of the public search, newest received
// first.
type publicSearchJSON struct {
	Data        []publicDonationJSON `json:"data"`
	Count       int64                `json:"count" jsonschema_description:"how many donations match, counted up to 100"`
	CountCapped bool                 `json:"count_capped" jsonschema_description:"true: at least count match, maybe more: more than 100 do, or the search read as far as one search may (words no index serves, such as numbers of one or two digits, are looked for in the newest 10,000 donations a page); then a page may hold fewer than limit, even none, and next reads on"`
	Next        string               `json:"next" jsonschema_description:"cursor of the next page; empty on the last page"`
}

// publicDonations is the public search: Ctrl+F over the published
// donations, done right.
func (s *Server) publicDonations(c *gin.Context) {
	var ps parser
	q := donations.Search{Text: c.Query("q"), Ref: c.Query("ref"), From: ps.date("from", c.Query("from")), To: ps.date("to", c.Query("to")),
		Cursor: c.Query("cursor")}
	if v := c.Query("amount"); v != "" {
		if a, err := ledger.ParseDecimal(v, 0); err != nil || !a.IsPositive() {
			ps.fe.Add("amount", "must be a whole number of đồng above 0, e.g. 500000")
		} else {
			q.Amount = decimal.NullDecimal{Decimal: a, Valid: true}
		}
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			ps.fe.Add("limit", "must be an integer from 1 to 100")
		}
		q.Limit = n
	}
	if err := ps.err(); err != nil {
		s.fail(c, err)
		return
	}
	var err error
	if q.FundID, err = s.fundParam(c); err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.Donations.Search(c.Request.Context(), q)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := publicSearchJSON{Data: make([]publicDonationJSON, len(res.Donations)), Count: res.Count, CountCapped: res.Capped || res.Partial, Next: res.Next}
	for i, d := range res.Donations {
		out.Data[i] = publicOut(d)
	}
	c.JSON(http.StatusOK, out)
}

// publicReceipt lets a donor verify their receipt, with the hash of the
// journal entry that recorded it.
func (s *Server) publicReceipt(c *gin.Context) {
	d, err := s.Donations.ByReceipt(c.Request.Context(), c.Param("code"))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := publicOut(d)
	if e, err := s.Ledger.Entry(c.Request.Context(), d.EntryID); err == nil {
		out.EntryHash = e.Hash
	}
	c.JSON(http.StatusOK, out)
}

type publicFundJSON struct {
	Code        string `json:"code"`
	NameVI      string `json:"name_vi"`
	NameEN      string `json:"name_en"`
	Opening     string `json:"opening" jsonschema:"format=decimal" jsonschema_description:"đồng the fund held before its first donation here (opening balances)"`
	Received    string `json:"received" jsonschema:"format=decimal" jsonschema_description:"đồng received, money and goods at their value"`
	Distributed string `json:"distributed" jsonschema:"format=decimal" jsonschema_description:"đồng of aid given, money and goods at average cost"`
	Payable     string `json:"payable" jsonschema:"format=decimal" jsonschema_description:"đồng owed to others and not yet paid out (held meanwhile)"`
	OnHand      string `json:"on_hand" jsonschema:"format=decimal" jsonschema_description:"đồng held, money and goods: opening + received − distributed + payable, always"`
}

// publicFunds shows each fund's totals from the ledger, so that they add up
// on their face: opening (its net assets), received (credits of its
// donation accounts), distributed (its aid expenses), payable (its
// liabilities) and on hand (its assets: money and goods at value). The
// ledger balances, so on hand = opening + received − distributed + payable.
func (s *Server) publicFunds(c *gin.Context) {
	funds, err := s.Ledger.FundSummaries(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := listJSON[publicFundJSON]{Data: []publicFundJSON{}}
	for _, f := range funds {
		out.Data = append(out.Data, publicFundJSON{Code: f.Code, NameVI: f.NameVI, NameEN: f.NameEN,
			Opening: f.ByType[ledger.NetAssets].Neg().String(), Received: f.ByType[ledger.Revenue].Neg().String(),
			Distributed: f.ByType[ledger.Expense].String(), Payable: f.ByType[ledger.Liability].Neg().String(), OnHand: f.ByType[ledger.Asset].String()})
	}
	c.JSON(http.StatusOK, out)
}
