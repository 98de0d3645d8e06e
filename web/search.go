package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/donations"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// maxSearchText is the longest name, text or reference a search takes, in
// bytes.
const maxSearchText = 200

// searchForm is the search's query string as typed: it fills the form
// again on the result page.
type searchForm struct {
	Q, Ref, Amount, From, To, Fund string
}

type searchRow struct {
	donations.Donation
	Anonymous   bool
	Description string // masked
}

type searchData struct {
	Form   searchForm
	Funds  []fundView
	Errors []string
	// Asked: the form was submitted (any field given); results show.
	Asked   bool
	Rows    []searchRow
	Count   int64
	Capped  bool
	Partial bool // at least Count: the search stopped where one search may
	NextURL string
	// First is the link back to the first page when this is a later one.
	First string
}

// searchDonations is the public search over the donations: words of the
// published name or transfer text without accents, a bank reference or
// receipt number, an amount, dates; newest first, a page at a time.
func (s *Server) searchDonations(w http.ResponseWriter, r *http.Request) {
	ctx, l, qs := r.Context(), lang(r), r.URL.Query()
	f := searchForm{Q: qs.Get("q"), Ref: qs.Get("ref"), Amount: qs.Get("amount"), From: qs.Get("from"), To: qs.Get("to"), Fund: qs.Get("fund")}
	sums, err := s.Ledger.FundSummaries(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := searchData{Form: f}
	q := donations.Search{Text: f.Q, Ref: f.Ref, Cursor: qs.Get("cursor"), Limit: s.PageSize}
	for _, fs := range sums {
		d.Funds = append(d.Funds, fundFigures(l, fs))
		if strings.EqualFold(fs.Code, f.Fund) {
			q.FundID = fs.ID
		}
	}
	// A search is a few words; a page's worth of text is a mistake or an
	// attack, and would only make the query slow.
	if len(f.Q) > maxSearchText || len(f.Ref) > maxSearchText {
		d.Errors = append(d.Errors, i18n.F(l, i18n.WebSearchTooLong, maxSearchText))
	} else if len(donations.SearchWords(f.Q)) > donations.MaxSearchWords {
		d.Errors = append(d.Errors, i18n.F(l, i18n.WebSearchTooManyWords, donations.MaxSearchWords))
	}
	if f.Fund != "" && q.FundID == 0 {
		d.Errors = append(d.Errors, i18n.F(l, i18n.WebSearchBadFund, f.Fund))
	}
	if f.Amount != "" {
		if a, ok := parseAmount(f.Amount); ok {
			q.Amount = decimal.NewNullDecimal(a)
		} else {
			d.Errors = append(d.Errors, i18n.F(l, i18n.WebSearchBadAmount, f.Amount))
		}
	}
	q.From = s.formDate(l, f.From, i18n.WebSearchFrom, &d.Errors)
	q.To = s.formDate(l, f.To, i18n.WebSearchTo, &d.Errors)
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		d.Errors = append(d.Errors, i18n.T(l, i18n.WebSearchBadRange))
	}
	if len(d.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "donations", d)
		return
	}
	res, err := s.Donations.Search(ctx, q)
	if rl.ErrorKind(err) == rl.Invalid {
		// The cursor is the only field a person does not type: a bad one
		// is an old or edited link.
		d.Errors = append(d.Errors, i18n.T(l, i18n.WebSearchBadCursor))
		s.render(w, r, http.StatusBadRequest, "donations", d)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Asked = true
	d.Count, d.Capped, d.Partial = res.Count, res.Capped, res.Partial
	for _, dn := range res.Donations {
		d.Rows = append(d.Rows, searchRow{Donation: dn, Anonymous: dn.PublicName == donations.AnonymousName, Description: donations.MaskNumbers(dn.Description)})
	}
	if res.Next != "" {
		next := cloneValues(qs)
		next.Set("cursor", res.Next)
		d.NextURL = "/donations?" + next.Encode()
	}
	if q.Cursor != "" {
		first := cloneValues(qs)
		first.Del("cursor")
		d.First = "/donations?" + first.Encode()
	}
	s.render(w, r, http.StatusOK, "donations", d)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		if k != "lang" {
			out[k] = append([]string(nil), vs...)
		}
	}
	return out
}

// parseAmount reads an amount of đồng as people write it: 5000000,
// 5.000.000, 5,000,000 or 5 000 000 đ. Đồng have no decimals, so every dot,
// comma and space is a thousands separator.
func parseAmount(s string) (decimal.Decimal, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, suffix := range []string{"vnd", "đồng", "đ", "d"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, suffix))
	}
	s = strings.NewReplacer(".", "", ",", "", " ", "", "\u00a0", "").Replace(s)
	if s == "" || len(s) > 20 {
		return decimal.Decimal{}, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return decimal.Decimal{}, false
		}
	}
	d, err := decimal.NewFromString(s)
	return d, err == nil
}

// formDate reads a date field: YYYY-MM-DD (what a date input sends) or
// dd/mm/yyyy (what a Vietnamese reader types). A bad date adds a message
// naming the field.
func (s *Server) formDate(l i18n.Lang, v string, field i18n.Key, errs *[]string) ledger.Date {
	v = strings.TrimSpace(v)
	if v == "" {
		return ledger.Date{}
	}
	if t, err := time.Parse("02/01/2006", v); err == nil {
		v = t.Format(ledger.DateLayout)
	}
	d, err := ledger.ParseDate(v)
	if err != nil {
		*errs = append(*errs, i18n.F(l, i18n.WebSearchBadDate, i18n.T(l, field), v))
	}
	return d
}
