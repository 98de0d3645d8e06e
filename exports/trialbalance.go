package exports

import (
	"context"
	"strings"

	"github.com/shopspring/decimal"

	"reliefledger/internal/xlsxw"
	"reliefledger/ledger"
)

// writeTrialBalance writes a fund's trial balance: one row per account with
// its debit or credit balance in đồng, and SUM totals that must be equal.
func writeTrialBalance(ctx context.Context, src Sources, wb *xlsxw.Workbook, p Params, m Meta) error {
	asOf := p.AsOf
	if asOf.IsZero() {
		asOf = p.To
	}
	if asOf.IsZero() {
		asOf = src.Ledger.Today()
	}
	tb, err := src.Ledger.TrialBalanceOf(ctx, p.Fund, asOf)
	if err != nil {
		return err
	}
	s, err := wb.Sheet(m.label("Cân đối", "Trial balance"), []xlsxw.Col{
		{Title: m.label("Số hiệu TK", "Account"), Width: 22},
		{Title: m.label("Tên tài khoản", "Name"), Width: 60},
		{Title: m.label("Loại", "Type"), Width: 12},
		{Title: m.label("Dư Nợ (đồng)", "Debit (VND)"), Width: 20, Kind: xlsxw.Money},
		{Title: m.label("Dư Có (đồng)", "Credit (VND)"), Width: 20, Kind: xlsxw.Money},
	})
	if err != nil {
		return err
	}
	for _, r := range tb.Rows {
		if err := s.Row(r.Account.FundCode+":"+r.Account.Code, r.Account.Name, string(r.Account.Type), r.Debit, r.Credit); err != nil {
			return err
		}
	}
	return s.Total(m.label("Cộng", "Total"), map[int]decimal.Decimal{3: tb.TotalDebit, 4: tb.TotalCredit})
}

// writeJournal streams the journal with its postings, one row per posting:
// debit and credit columns whose SUM totals are equal.
func writeJournal(ctx context.Context, src Sources, wb *xlsxw.Workbook, p Params, m Meta) error {
	accounts, err := src.Ledger.AccountsByID(ctx)
	if err != nil {
		return err
	}
	f := ledger.EntryFilter{From: p.From, To: p.To}
	if p.Fund != "" {
		fund, err := src.Ledger.Fund(ctx, p.Fund)
		if err != nil {
			return err
		}
		f.FundID = fund.ID
	}
	s, err := wb.Sheet(m.label("Nhật ký", "Journal"), []xlsxw.Col{
		{Title: m.label("Số bút toán", "Entry"), Width: 11, Kind: xlsxw.Integer},
		{Title: m.label("Ngày", "Date"), Width: 12, Kind: xlsxw.Date},
		{Title: m.label("Loại", "Kind"), Width: 12},
		{Title: m.label("Diễn giải", "Description"), Width: 50},
		{Title: m.label("Chứng từ", "Source"), Width: 20},
		{Title: m.label("Đảo bút toán", "Reverses"), Width: 11, Kind: xlsxw.Integer},
		{Title: m.label("Dòng", "Line"), Width: 6, Kind: xlsxw.Integer},
		{Title: m.label("Tài khoản", "Account"), Width: 26},
		{Title: m.label("Tên tài khoản", "Account name"), Width: 40},
		{Title: m.label("Nợ (đồng)", "Debit (VND)"), Width: 18, Kind: xlsxw.Money},
		{Title: m.label("Có (đồng)", "Credit (VND)"), Width: 18, Kind: xlsxw.Money},
		{Title: m.label("Hàng hóa", "Item"), Width: 10},
		{Title: m.label("Số lượng", "Quantity"), Width: 14, Kind: xlsxw.Quantity},
		{Title: "Hash", Width: 20},
	})
	if err != nil {
		return err
	}
	debit, credit := decimal.Zero, decimal.Zero
	fundID := f.FundID
	err = src.Ledger.EachEntry(ctx, f, func(e ledger.Entry) error {
		source := ""
		if e.Source.Type != "" {
			source = e.Source.Type + ":" + e.Source.ID
		}
		var reverses any
		if e.ReversesID != 0 {
			reverses = e.ReversesID
		}
		for _, po := range e.Postings {
			a := accounts[po.AccountID]
			if fundID != 0 && a.FundID != fundID {
				continue
			}
			var dr, cr any
			if po.Amount.IsNegative() {
				cr = po.Amount.Neg()
				credit = credit.Add(po.Amount.Neg())
			} else {
				dr = po.Amount
				debit = debit.Add(po.Amount)
			}
			var qty any
			if po.Item != "" {
				qty = po.Quantity
			}
			if err := s.Row(e.ID, e.Date, string(e.Kind), e.Description, source, reverses, po.Line, a.FundCode+":"+a.Code, a.Name,
				dr, cr, po.Item, qty, shortHash(e.Hash)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.Total(m.label("Cộng", "Total"), map[int]decimal.Decimal{9: debit, 10: credit})
}

func shortHash(h string) string {
	if len(h) > 16 {
		return h[:16]
	}
	return h
}

// isMoney tells the accounts whose balance is the fund's money or goods:
// its asset accounts.
func isAsset(a ledger.Account) bool { return a.Type == ledger.Asset }

func channelOfAccount(a ledger.Account) string {
	switch {
	case strings.HasPrefix(a.Code, "1110"):
		return "cash"
	case strings.HasPrefix(a.Code, "1120"):
		return "bank"
	default:
		return "in_kind"
	}
}
