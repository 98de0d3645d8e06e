package api

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/ledger"
)

// JSON shapes of the API. Amounts and quantities are decimal strings;
// dates are YYYY-MM-DD, timestamps RFC 3339. The tags are also the
// OpenAPI description (see schemas.go): a field is required unless it says
// omitempty, in requests as in responses.

type listJSON[T any] struct {
	Data       []T    `json:"data"`
	NextCursor string `json:"next_cursor,omitempty" jsonschema_description:"cursor of the next page; absent on the last page"`
}

type fundJSON struct {
	ID       int64      `json:"id"`
	Code     string     `json:"code" jsonschema_description:"e.g. POOR"`
	NameVI   string     `json:"name_vi"`
	NameEN   string     `json:"name_en"`
	Balances decimalMap `json:"balances,omitempty" jsonschema_description:"stored đồng balances by account type, each on its normal side"`
	// Restricted is the money and goods held for donors' designations.
	Restricted decimalMap `json:"restricted,omitempty" jsonschema_description:"đồng held in assets designated by donors, per designation (the rest is unrestricted)"`
	CreatedAt  string     `json:"created_at" jsonschema:"format=date-time"`
}

func fundOut(f ledger.Fund, byType map[ledger.AccountType]decimal.Decimal) fundJSON {
	out := fundJSON{ID: f.ID, Code: f.Code, NameVI: f.NameVI, NameEN: f.NameEN, CreatedAt: timestamp(f.CreatedAt)}
	if byType != nil {
		out.Balances = map[string]string{}
		for t, v := range byType {
			if !t.DebitNormal() {
				v = v.Neg() // shown on its normal side: credits as positive
			}
			out.Balances[string(t)] = v.String()
		}
	}
	return out
}

type fundCreateJSON struct {
	Code   string `json:"code" jsonschema_description:"2–20 capitals, digits or _"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en,omitempty"`
}

type dimensionsJSON struct {
	District    string `json:"district,omitempty"`
	Warehouse   string `json:"warehouse,omitempty"`
	Item        string `json:"item,omitempty"`
	Designation string `json:"designation,omitempty"`
}

type accountJSON struct {
	ID          int64          `json:"id"`
	Fund        string         `json:"fund" jsonschema_description:"fund code"`
	Code        string         `json:"code" jsonschema_description:"account code within the fund"`
	Ref         string         `json:"ref" jsonschema_description:"FUND:CODE"`
	Name        string         `json:"name"`
	Type        string         `json:"type" jsonschema:"enum=asset,enum=liability,enum=net_assets,enum=revenue,enum=expense"`
	NonNegative bool           `json:"non_negative" jsonschema_description:"balances may never go below zero"`
	Dimensions  dimensionsJSON `json:"dimensions"`
	CreatedAt   string         `json:"created_at" jsonschema:"format=date-time"`
}

func accountOut(a ledger.Account) accountJSON {
	d := a.Dimensions
	return accountJSON{ID: a.ID, Fund: a.FundCode, Code: a.Code, Ref: a.FundCode + ":" + a.Code, Name: a.Name, Type: string(a.Type),
		NonNegative: a.NonNegative, CreatedAt: timestamp(a.CreatedAt),
		Dimensions: dimensionsJSON{District: d.District, Warehouse: d.Warehouse, Item: d.Item, Designation: d.Designation}}
}

type accountCreateJSON struct {
	Fund        string         `json:"fund" jsonschema_description:"fund code"`
	Code        string         `json:"code"`
	Name        string         `json:"name"`
	Type        string         `json:"type" jsonschema:"enum=asset,enum=liability,enum=net_assets,enum=revenue,enum=expense"`
	NonNegative *bool          `json:"non_negative,omitempty" jsonschema_description:"default: true for assets"`
	Dimensions  dimensionsJSON `json:"dimensions,omitempty"`
}

type balanceJSON struct {
	Asset  string `json:"asset" jsonschema_description:"VND, or an item code for quantities"`
	Amount string `json:"amount" jsonschema:"format=decimal" jsonschema_description:"debit-positive balance"`
}

type accountBalanceJSON struct {
	Account  accountJSON   `json:"account"`
	AsOf     string        `json:"as_of,omitempty" jsonschema:"format=date" jsonschema_description:"when recomputed as of a day"`
	Balances []balanceJSON `json:"balances"`
}

type postingInJSON struct {
	AccountID int64  `json:"account_id,omitempty" jsonschema_description:"the account, or"`
	Account   string `json:"account,omitempty" jsonschema_description:"the account as FUND:CODE"`
	Amount    string `json:"amount" jsonschema:"format=decimal" jsonschema_description:"đồng; positive debits, negative credits"`
	Item      string `json:"item,omitempty" jsonschema_description:"item code, for goods"`
	Quantity  string `json:"quantity,omitempty" jsonschema:"format=decimal" jsonschema_description:"quantity of the item, signed like amount"`
}

type sourceJSON struct {
	Type string `json:"type" jsonschema_description:"kind of source document"`
	ID   string `json:"id" jsonschema_description:"its identifier"`
}

// sourceInJSON is a source as a client gives it: either part may be absent.
type sourceInJSON struct {
	Type string `json:"type,omitempty" jsonschema_description:"kind of source document"`
	ID   string `json:"id,omitempty" jsonschema_description:"its identifier"`
}

type entryCreateJSON struct {
	Date        string          `json:"date,omitempty" jsonschema:"format=date" jsonschema_description:"today when absent"`
	Kind        string          `json:"kind,omitempty" jsonschema:"enum=opening,enum=adjustment,enum=transfer"`
	Description string          `json:"description"`
	Source      *sourceInJSON   `json:"source,omitempty"`
	Postings    []postingInJSON `json:"postings" jsonschema:"minItems=2,maxItems=1000"`
}

func (e entryCreateJSON) input() (ledger.EntryInput, error) {
	var p parser
	in := ledger.EntryInput{Date: p.date("date", e.Date), Kind: ledger.EntryKind(e.Kind), Description: e.Description}
	if e.Source != nil {
		in.Source = ledger.Source{Type: e.Source.Type, ID: e.Source.ID}
	}
	for i, pj := range e.Postings {
		field := fmt.Sprintf("postings[%d]", i)
		pin := ledger.PostingInput{Account: ledger.AccountByID(pj.AccountID), Item: pj.Item,
			Amount: p.required(field+".amount", pj.Amount, "đồng"), Quantity: p.decimal(field+".quantity", pj.Quantity).Decimal}
		if pj.Account != "" {
			ref, err := ledger.ParseAccountRef(pj.Account)
			if err != nil {
				p.fe.Add(field+".account", "%v", err)
			}
			ref.ID = pj.AccountID
			pin.Account = ref
		}
		in.Postings = append(in.Postings, pin)
	}
	return in, p.err()
}

type postingJSON struct {
	Line      int    `json:"line"`
	AccountID int64  `json:"account_id"`
	Account   string `json:"account" jsonschema_description:"FUND:CODE"`
	Amount    string `json:"amount" jsonschema:"format=decimal" jsonschema_description:"đồng"`
	Item      string `json:"item,omitempty"`
	Quantity  string `json:"quantity,omitempty" jsonschema:"format=decimal"`
}

type entryJSON struct {
	ID          int64         `json:"id" jsonschema_description:"place in the journal"`
	Date        string        `json:"date" jsonschema:"format=date"`
	Kind        string        `json:"kind"`
	Description string        `json:"description"`
	Source      *sourceJSON   `json:"source,omitempty"`
	ReversesID  int64         `json:"reverses_id,omitempty" jsonschema_description:"the entry this one reverses"`
	CreatedBy   int64         `json:"created_by" jsonschema_description:"user id"`
	CreatedAt   string        `json:"created_at" jsonschema:"format=date-time"`
	PrevHash    string        `json:"prev_hash" jsonschema_description:"hash of the previous entry"`
	Hash        string        `json:"hash" jsonschema_description:"SHA-256 of this entry's canonical content and prev_hash"`
	Postings    []postingJSON `json:"postings"`
}

func (s *Server) entryOut(ctx context.Context, e ledger.Entry) entryJSON {
	out := entryJSON{ID: e.ID, Date: e.Date.String(), Kind: string(e.Kind), Description: e.Description, ReversesID: e.ReversesID,
		CreatedBy: e.CreatedBy, CreatedAt: timestamp(e.CreatedAt), PrevHash: e.PrevHash, Hash: e.Hash, Postings: []postingJSON{}}
	if e.Source.Type != "" || e.Source.ID != "" {
		out.Source = &sourceJSON{Type: e.Source.Type, ID: e.Source.ID}
	}
	for _, p := range e.Postings {
		pj := postingJSON{Line: p.Line, AccountID: p.AccountID, Amount: p.Amount.String()}
		if a, err := s.Ledger.Account(ctx, p.AccountID); err == nil {
			pj.Account = a.FundCode + ":" + a.Code
		}
		if p.Item != "" {
			pj.Item, pj.Quantity = p.Item, p.Quantity.String()
		}
		out.Postings = append(out.Postings, pj)
	}
	return out
}

type reverseJSON struct {
	Reason string `json:"reason" jsonschema_description:"why the entry is reversed"`
	Date   string `json:"date,omitempty" jsonschema:"format=date" jsonschema_description:"the reversal's accounting date (YYYY-MM-DD); today when absent, never before the entry it reverses"`
}

type trialRowJSON struct {
	AccountID int64  `json:"account_id"`
	Account   string `json:"account" jsonschema_description:"FUND:CODE"`
	Name      string `json:"name"`
	Type      string `json:"type" jsonschema:"enum=asset,enum=liability,enum=net_assets,enum=revenue,enum=expense"`
	Debit     string `json:"debit" jsonschema:"format=decimal" jsonschema_description:"đồng"`
	Credit    string `json:"credit" jsonschema:"format=decimal" jsonschema_description:"đồng"`
}

type trialBalanceJSON struct {
	Fund        string         `json:"fund"`
	AsOf        string         `json:"as_of" jsonschema:"format=date"`
	Rows        []trialRowJSON `json:"rows"`
	TotalDebit  string         `json:"total_debit" jsonschema:"format=decimal" jsonschema_description:"đồng"`
	TotalCredit string         `json:"total_credit" jsonschema:"format=decimal" jsonschema_description:"đồng"`
	Balanced    bool           `json:"balanced"`
}

type verifyJSON struct {
	OK       bool                `json:"ok"`
	Entries  int64               `json:"entries"`
	Postings int64               `json:"postings"`
	Balances int                 `json:"balances" jsonschema_description:"stored balance rows"`
	Head     headJSON            `json:"head"`
	Problems []verifyProblemJSON `json:"problems"`
}

type headJSON struct {
	LastID   int64  `json:"last_id"`
	LastHash string `json:"last_hash"`
}

// verifyProblemJSON is one difference Verify found.
type verifyProblemJSON struct {
	Kind      string `json:"kind" jsonschema:"enum=chain,enum=hash,enum=unbalanced,enum=balance,enum=head,enum=negative,enum=history"`
	EntryID   int64  `json:"entry_id,omitempty"`
	AccountID int64  `json:"account_id,omitempty"`
	Asset     string `json:"asset,omitempty"`
	Stored    string `json:"stored,omitempty"`
	Computed  string `json:"computed,omitempty"`
	Detail    string `json:"detail"`
}

func problemsOut(ps []ledger.Problem) []verifyProblemJSON {
	out := make([]verifyProblemJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, verifyProblemJSON{Kind: p.Kind, EntryID: p.EntryID, AccountID: p.AccountID, Asset: p.Asset, Stored: p.Stored,
			Computed: p.Computed, Detail: p.Detail})
	}
	return out
}

type itemJSON struct {
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
	Unit   string `json:"unit"`
	Scale  int32  `json:"decimals" jsonschema_description:"decimals the unit allows"`
}

func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// created answers a creating request: 201, or 200 with
// Idempotent-Replayed: true when the key's first answer is repeated.
func created(c *gin.Context, replayed bool, body any) {
	if replayed {
		c.Header("Idempotent-Replayed", "true")
		c.JSON(http.StatusOK, body)
		return
	}
	c.JSON(http.StatusCreated, body)
}

// page reads limit and cursor. Cursors are opaque to clients; inside they
// hold the last ID of the previous page.
func page(c *gin.Context) (limit int, after int64, err error) {
	limit = 50
	var fe rl.Fields
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			fe.Add("limit", "must be an integer from 1 to 500")
		}
		limit = n
	}
	if v := c.Query("cursor"); v != "" {
		b, err := base64.RawURLEncoding.DecodeString(v)
		id, ok := strings.CutPrefix(string(b), "after:")
		n, perr := strconv.ParseInt(id, 10, 64)
		if err != nil || !ok || perr != nil || n < 0 {
			fe.Add("cursor", "is not a cursor this API gave out")
		}
		after = n
	}
	return limit, after, fe.Err()
}

// paged renders a page fetched with limit+1 rows: the extra row only says
// that there is a next page, whose cursor is the last shown row's ID.
func paged[T, J any](items []T, limit int, id func(T) int64, render func(T) J) listJSON[J] {
	out := listJSON[J]{Data: []J{}}
	for i, it := range items {
		if i == limit {
			out.NextCursor = cursorAfter(id(items[i-1]))
			break
		}
		out.Data = append(out.Data, render(it))
	}
	return out
}

func cursorAfter(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("after:" + strconv.FormatInt(id, 10)))
}

// pathID reads a positive integer path parameter.
func pathID(c *gin.Context, name string) (int64, error) {
	n, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, rl.InvalidFields(rl.FieldError{Field: name, Message: "must be a positive integer"})
	}
	return n, nil
}

// queryDate reads an optional YYYY-MM-DD query parameter.
func queryDate(c *gin.Context, name string, fe *rl.Fields) ledger.Date {
	v := c.Query(name)
	if v == "" {
		return ledger.Date{}
	}
	d, err := ledger.ParseDate(v)
	if err != nil {
		fe.Add(name, "%v", err)
	}
	return d
}

// fundParam resolves the optional ?fund=CODE filter to the fund's ID (0
// when absent); NotFound for an unknown fund.
func (s *Server) fundParam(c *gin.Context) (int64, error) {
	code := c.Query("fund")
	if code == "" {
		return 0, nil
	}
	fund, err := s.Ledger.Fund(c.Request.Context(), code)
	return fund.ID, err
}
