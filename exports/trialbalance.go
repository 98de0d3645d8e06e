package exports

import (
	"strings"

	"github.com/shopspring/decimal"

	"reliefledger/internal/i18n"
	"reliefledger/internal/xlsxw"
	"reliefledger/ledger"
)

// writeTrialBalance writes a fund's trial balance: one row per account with
// its debit or credit balance in đồng, SUM totals that must be equal, the
// check that they are, and the signatures.
func writeTrialBalance(d *doc) error {
	ctx, src, p := d.ctx, d.src, d.p
	asOf := p.AsOf
	if asOf.IsZero() {
		asOf = p.To
	}
	if asOf.IsZero() {
		asOf = src.Ledger.Today()
	}
	d.from, d.to, d.asOf = ledger.Date{}, ledger.Date{}, asOf
	tb, err := src.Ledger.TrialBalanceOf(ctx, p.Fund, asOf)
	if err != nil {
		return err
	}
	var codes, names []string
	for _, r := range tb.Rows {
		codes, names = append(codes, r.Account.Code), append(names, d.n.account(r.Account))
	}
	w := amountWidth(tb.TotalDebit, tb.TotalCredit)
	s, err := d.sheet(i18n.SheetTrialBalance, d.cols(
		column{i18n.ColAccountCode, textWidth(codes, 10, 30), xlsxw.Text, 0},
		column{i18n.ColAccountName, textWidth(names, 24, 56), xlsxw.Text, 0},
		column{i18n.ColAccountType, 13, xlsxw.Text, 0},
		d.money(i18n.ColDebitBalanceVND, w),
		d.money(i18n.ColCreditBalanceVND, w),
	), xlsxw.Page{Orientation: xlsxw.Portrait})
	if err != nil {
		return err
	}
	for i, r := range tb.Rows {
		if err := s.Row(r.Account.Code, names[i], d.value("account_type", string(r.Account.Type)), r.Debit, r.Credit); err != nil {
			return err
		}
	}
	if err := s.Total(d.t(i18n.Total), map[int]decimal.Decimal{3: tb.TotalDebit, 4: tb.TotalCredit}); err != nil {
		return err
	}
	if err := s.Note(d.f(i18n.TrialBalanceCheck, d.l.Number(tb.TotalDebit, 0), d.l.Number(tb.TotalCredit, 0), d.verdict(tb.TotalDebit.Equal(tb.TotalCredit)))); err != nil {
		return err
	}
	return d.sign(s)
}

// writeJournal streams the journal with its postings, one row per posting:
// debit and credit columns whose SUM totals are equal.
func writeJournal(d *doc) error {
	ctx, src, p := d.ctx, d.src, d.p
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
	cols := d.cols(
		column{i18n.ColEntry, 9, xlsxw.Integer, 0},
		column{i18n.ColDate, 11, xlsxw.Date, 0},
		column{i18n.ColEntryKind, 13, xlsxw.Text, 0},
		column{i18n.ColDescription, 34, xlsxw.Text, 0},
		column{i18n.ColSource, 20, xlsxw.Text, 0},
		column{i18n.ColReverses, 9, xlsxw.Integer, 0},
		column{i18n.ColLine, 5, xlsxw.Integer, 0},
		column{i18n.ColAccountCode, 16, xlsxw.Text, 0},
		column{i18n.ColAccountName, 28, xlsxw.Text, 0},
		d.money(i18n.ColDebitVND, 15),
		d.money(i18n.ColCreditVND, 15),
		column{i18n.ColItem, 10, xlsxw.Text, 0},
		column{i18n.ColQuantity, 11, xlsxw.Quantity, d.n.maxScale()},
		column{i18n.ColUnit, 6, xlsxw.Text, 0},
		column{i18n.ColHash, 17, xlsxw.Text, 0},
	)
	cols[3].Wrap, cols[4].Wrap, cols[8].Wrap = true, true, true
	s, err := d.sheet(i18n.SheetJournal, cols, xlsxw.Page{})
	if err != nil {
		return err
	}
	debit, credit := decimal.Zero, decimal.Zero
	fundID := f.FundID
	accountNames := map[int64][2]string{} // code, name: each account's worked out once
	err = src.Ledger.EachEntry(ctx, f, func(e ledger.Entry) error {
		source := d.n.source(e.Source)
		kind := d.value("entry_kind", string(e.Kind))
		var reverses any
		if e.ReversesID != 0 {
			reverses = e.ReversesID
		}
		for _, po := range e.Postings {
			a := accounts[po.AccountID]
			if fundID != 0 && a.FundID != fundID {
				continue
			}
			names, ok := accountNames[a.ID]
			if !ok {
				code := a.Code
				if fundID == 0 {
					code = a.FundCode + ":" + a.Code
				}
				names = [2]string{code, d.n.account(a)}
				accountNames[a.ID] = names
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
			if err := s.Row(e.ID, e.Date, kind, e.Description, source, reverses, po.Line, names[0], names[1],
				dr, cr, d.n.item(po.Item), qty, d.n.unit(po.Item), shortHash(e.Hash)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.Total(d.t(i18n.Total), map[int]decimal.Decimal{9: debit, 10: credit})
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
