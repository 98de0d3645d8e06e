package donations

import (
	"context"
	"strings"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/internal/fold"
	"reliefledger/ledger"
)

// Search asks the public list of donations what the public asks of a bank
// statement with Ctrl+F, done right. Every field narrows; none is required.
type Search struct {
	FundID int64
	// Text is words matched without accents or case against what is
	// published of a donation: the donor's published name and the transfer
	// text with phone and account numbers masked. Every word must appear.
	Text string
	// Ref is a bank reference or a receipt number, matched exactly
	// (without regard to case).
	Ref string
	// Amount, when valid, is the exact amount in đồng.
	Amount   decimal.NullDecimal
	From, To ledger.Date
	// Cursor continues from a page's Next; "" is the first page.
	Cursor string
	// Limit is the page size: 1..100, 20 when 0.
	Limit int
}

// SearchCountCap is as far as a search counts its matches; beyond it the
// count says "more than".
const SearchCountCap = 10000

// Results is one page of a search, newest received first.
type Results struct {
	Donations []Donation
	// Count is how many donations match, up to SearchCountCap; Capped says
	// there are more.
	Count  int64
	Capped bool
	// Next is the cursor of the following page; "" on the last one.
	Next string
}

// Search answers a public search. Returns Invalid for a bad limit or
// cursor.
func (s *Service) Search(ctx context.Context, q Search) (Results, error) {
	if q.Limit == 0 {
		q.Limit = 20
	}
	if q.Limit < 1 || q.Limit > 100 {
		var fe rl.Fields
		fe.Add("limit", "limit must be between 1 and 100")
		return Results{}, fe.Err()
	}
	q.Text = strings.Join(strings.Fields(fold.String(q.Text)), " ")
	q.Ref = strings.TrimSpace(q.Ref)
	return s.store.Search(ctx, q)
}
