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
// dates are YYYY-MM-DD, timestamps RFC 3339.

type listJSON[T any] struct {
	Data       []T    `json:"data"`
	NextCursor string `json:"next_cursor,omitempty"`
}

type fundJSON struct {
	ID       int64             `json:"id"`
	Code     string            `json:"code"`
	NameVI   string            `json:"name_vi"`
	NameEN   string            `json:"name_en"`
	Balances map[string]string `json:"balances,omitempty"`
	// Restricted is the money and goods held for donors' designations.
	Restricted map[string]string `json:"restricted,omitempty"`
	CreatedAt  string            `json:"created_at"`
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
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
}

type dimensionsJSON struct {
	District    string `json:"district,omitempty"`
	Warehouse   string `json:"warehouse,omitempty"`
	Item        string `json:"item,omitempty"`
	Designation string `json:"designation,omitempty"`
}

type accountJSON struct {
	ID          int64          `json:"id"`
	Fund        string         `json:"fund"`
	Code        string         `json:"code"`
	Ref         string         `json:"ref"`
	Name        string         `json:"name"`
	Type        string         `json:"type"`
	NonNegative bool           `json:"non_negative"`
	Dimensions  dimensionsJSON `json:"dimensions"`
	CreatedAt   string         `json:"created_at"`
}

func accountOut(a ledger.Account) accountJSON {
	d := a.Dimensions
	return accountJSON{ID: a.ID, Fund: a.FundCode, Code: a.Code, Ref: a.FundCode + ":" + a.Code, Name: a.Name, Type: string(a.Type),
		NonNegative: a.NonNegative, CreatedAt: timestamp(a.CreatedAt),
		Dimensions: dimensionsJSON{District: d.District, Warehouse: d.Warehouse, Item: d.Item, Designation: d.Designation}}
}

type accountCreateJSON struct {
	Fund        string         `json:"fund"`
	Code        string         `json:"code"`
	Name        string         `json:"name"`
	Type        string         `json:"type"`
	NonNegative *bool          `json:"non_negative"`
	Dimensions  dimensionsJSON `json:"dimensions"`
}

type balanceJSON struct {
	Asset  string `json:"asset"`
	Amount string `json:"amount"`
}

type accountBalanceJSON struct {
	Account  accountJSON   `json:"account"`
	AsOf     string        `json:"as_of,omitempty"`
	Balances []balanceJSON `json:"balances"`
}

type postingInJSON struct {
	AccountID int64  `json:"account_id"`
	Account   string `json:"account"`
	Amount    string `json:"amount"`
	Item      string `json:"item"`
	Quantity  string `json:"quantity"`
}

type sourceJSON struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

type entryCreateJSON struct {
	Date        string          `json:"date"`
	Kind        string          `json:"kind"`
	Description string          `json:"description"`
	Source      *sourceJSON     `json:"source"`
	Postings    []postingInJSON `json:"postings"`
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
	Account   string `json:"account"`
	Amount    string `json:"amount"`
	Item      string `json:"item,omitempty"`
	Quantity  string `json:"quantity,omitempty"`
}

type entryJSON struct {
	ID          int64         `json:"id"`
	Date        string        `json:"date"`
	Kind        string        `json:"kind"`
	Description string        `json:"description"`
	Source      *sourceJSON   `json:"source,omitempty"`
	ReversesID  int64         `json:"reverses_id,omitempty"`
	CreatedBy   int64         `json:"created_by"`
	CreatedAt   string        `json:"created_at"`
	PrevHash    string        `json:"prev_hash"`
	Hash        string        `json:"hash"`
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
	Reason string `json:"reason"`
}

type trialRowJSON struct {
	AccountID int64  `json:"account_id"`
	Account   string `json:"account"`
	Name      string `json:"name"`
	Type      string `json:"type"`
	Debit     string `json:"debit"`
	Credit    string `json:"credit"`
}

type trialBalanceJSON struct {
	Fund        string         `json:"fund"`
	AsOf        string         `json:"as_of"`
	Rows        []trialRowJSON `json:"rows"`
	TotalDebit  string         `json:"total_debit"`
	TotalCredit string         `json:"total_credit"`
	Balanced    bool           `json:"balanced"`
}

type verifyJSON struct {
	OK       bool             `json:"ok"`
	Entries  int64            `json:"entries"`
	Postings int64            `json:"postings"`
	Balances int              `json:"balances"`
	Head     headJSON         `json:"head"`
	Problems []ledger.Problem `json:"problems"`
}

type headJSON struct {
	LastID   int64  `json:"last_id"`
	LastHash string `json:"last_hash"`
}

type itemJSON struct {
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
	Unit   string `json:"unit"`
	Scale  int32  `json:"decimals"`
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
