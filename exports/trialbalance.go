package exports

import (
	"io"

	"reliefledger/ledger"
)

// WriteTrialBalance writes a fund's trial balance: one row per account with
// its debit or credit balance in đồng, and SUM totals that must be equal.
func WriteTrialBalance(w io.Writer, tb ledger.TrialBalance, meta Meta) error {
	if meta.Title == "" {
		meta.Title = meta.label("Bảng cân đối tài khoản ", "Trial balance of ") + tb.Fund.Code + meta.label(" đến ngày ", " as of ") + tb.AsOf.String()
	}
	b, err := newBook(meta)
	if err != nil {
		return err
	}
	s, err := b.sheet(meta.label("Cân đối", "Trial balance"), []column{
		{Title: meta.label("Số hiệu TK", "Account"), Width: 14},
		{Title: meta.label("Tên tài khoản", "Name"), Width: 60},
		{Title: meta.label("Loại", "Type"), Width: 12},
		{Title: meta.label("Dư Nợ (đồng)", "Debit (VND)"), Width: 20, Dong: true},
		{Title: meta.label("Dư Có (đồng)", "Credit (VND)"), Width: 20, Dong: true},
	})
	if err != nil {
		return err
	}
	for _, r := range tb.Rows {
		if err := s.add(r.Account.FundCode+":"+r.Account.Code, r.Account.Name, string(r.Account.Type), r.Debit.IntPart(), r.Credit.IntPart()); err != nil {
			return err
		}
	}
	if err := s.total(meta.label("Cộng", "Total"), map[int]int64{3: tb.TotalDebit.IntPart(), 4: tb.TotalCredit.IntPart()}); err != nil {
		return err
	}
	if err := s.finish(len(tb.Rows)); err != nil {
		return err
	}
	return b.write(w)
}
