package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	rl "reliefledger"
	"reliefledger/donations"
	"reliefledger/ledger"
)

// Search implements donations.Store: newest received first, keyset paged
// on (received_date, id).
func (s *Donations) Search(ctx context.Context, q donations.Search) (donations.Results, error) {
	where := []string{"1 = 1"}
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if q.FundID != 0 {
		add("d.fund_id = ?", q.FundID)
	}
	for _, w := range strings.Fields(q.Text) {
		like := "%" + escapeLike(w) + "%"
		add("(d.public_folded LIKE ? OR LOWER(d.description) LIKE ?)", like, like)
	}
	if q.Ref != "" {
		add("(LOWER(d.bank_ref) = ? OR d.receipt_no = ?)", strings.ToLower(q.Ref), strings.ToUpper(q.Ref))
	}
	if q.Amount.Valid {
		add("d.amount = ?", q.Amount.Decimal.String())
	}
	if !q.From.IsZero() {
		add("d.received_date >= ?", q.From)
	}
	if !q.To.IsZero() {
		add("d.received_date <= ?", q.To)
	}
	var n int64
	if _, err := s.db.read.one(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM donations d WHERE "+strings.Join(where, " AND ")+
		" LIMIT "+strconv.Itoa(donations.SearchCountCap+1)+") m", args, &n); err != nil {
		return donations.Results{}, fmt.Errorf("count donations: %w", err)
	}
	if q.Cursor != "" {
		date, id, err := parseSearchCursor(q.Cursor)
		if err != nil {
			return donations.Results{}, err
		}
		add("(d.received_date < ? OR (d.received_date = ? AND d.id < ?))", date, date, id)
	}
	ds, err := s.read(ctx, strings.Join(where, " AND "), args, "ORDER BY d.received_date DESC, d.id DESC LIMIT "+strconv.Itoa(q.Limit+1))
	if err != nil {
		return donations.Results{}, err
	}
	res := donations.Results{Count: min(n, donations.SearchCountCap), Capped: n > donations.SearchCountCap}
	if len(ds) > q.Limit {
		ds = ds[:q.Limit]
		last := ds[len(ds)-1]
		res.Next = last.ReceivedDate.String() + "." + strconv.FormatInt(last.ID, 10)
	}
	res.Donations = ds
	return res, nil
}

func parseSearchCursor(c string) (ledger.Date, int64, error) {
	bad := func() error {
		var fe rl.Fields
		fe.Add("cursor", "cursor %q is not one this search gave", c)
		return fe.Err()
	}
	ds, is, ok := strings.Cut(c, ".")
	if !ok {
		return ledger.Date{}, 0, bad()
	}
	d, err := ledger.ParseDate(ds)
	id, err2 := strconv.ParseInt(is, 10, 64)
	if err != nil || err2 != nil || id <= 0 {
		return ledger.Date{}, 0, bad()
	}
	return d, id, nil
}
