package exports

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"

	"github.com/shopspring/decimal"

	"reliefledger/donations"
	"reliefledger/internal/i18n"
	"reliefledger/internal/xlsxw"
	"reliefledger/ledger"
)

// recon is a fund's reconciliation over a period, computed from the journal:
// every change of the fund's asset accounts (its money and goods) is a
// receipt (the entry credits a revenue account: donations, and voids with
// a minus), a disbursement (it debits an expense account: deliveries and
// issues), an internal move (asset to asset: allocations to districts,
// transfers between warehouses; they net to zero) or another movement
// (openings and adjustments against net assets or liabilities).
type recon struct {
	opening, closing   decimal.Decimal // from the stored postings, as of the day before and the last day
	receipts           map[string]decimal.Decimal
	disbursed          map[string]decimal.Decimal // by district ("" for the province)
	moneyOut           decimal.Decimal            // disbursements of money (not goods)
	internal, other    decimal.Decimal
	accounts           []ledger.Account
	open, in, out, end map[int64]decimal.Decimal
	tbDebit, tbCredit  decimal.Decimal // the fund's trial balance on the last day
}

func (r recon) sum(m map[string]decimal.Decimal) decimal.Decimal {
	t := decimal.Zero
	for _, v := range m {
		t = t.Add(v)
	}
	return t
}

func reconcile(ctx context.Context, src Sources, fund ledger.Fund, from, to ledger.Date) (recon, error) {
	r := recon{receipts: map[string]decimal.Decimal{}, disbursed: map[string]decimal.Decimal{},
		open: map[int64]decimal.Decimal{}, in: map[int64]decimal.Decimal{}, out: map[int64]decimal.Decimal{}, end: map[int64]decimal.Decimal{}}
	all, err := src.Ledger.AccountsByID(ctx)
	if err != nil {
		return r, err
	}
	var ids []int64
	for _, a := range all {
		if a.FundID == fund.ID && isAsset(a) {
			r.accounts = append(r.accounts, a)
			ids = append(ids, a.ID)
		}
	}
	sort.Slice(r.accounts, func(i, j int) bool { return r.accounts[i].Code < r.accounts[j].Code })
	vnd := func(asOf ledger.Date, into map[int64]decimal.Decimal) (decimal.Decimal, error) {
		total := decimal.Zero
		if len(ids) == 0 {
			return total, nil
		}
		bals, err := src.Ledger.Balances(ctx, asOf, ids...)
		for _, b := range bals {
			if b.Asset == ledger.AssetVND {
				into[b.AccountID] = b.Amount
				total = total.Add(b.Amount)
			}
		}
		return total, err
	}
	if !from.IsZero() {
		if r.opening, err = vnd(from.AddDays(-1), r.open); err != nil {
			return r, err
		}
	}
	if r.closing, err = vnd(to, r.end); err != nil {
		return r, err
	}
	err = src.Ledger.EachEntry(ctx, ledger.EntryFilter{FundID: fund.ID, From: from, To: to}, func(e ledger.Entry) error {
		var revenue, expense, equity bool
		for _, p := range e.Postings {
			switch all[p.AccountID].Type {
			case ledger.Revenue:
				revenue = true
			case ledger.Expense:
				expense = true
			case ledger.NetAssets, ledger.Liability:
				equity = true
			}
		}
		for _, p := range e.Postings {
			a := all[p.AccountID]
			if a.FundID != fund.ID || !isAsset(a) {
				continue
			}
			if p.Amount.IsNegative() {
				r.out[a.ID] = r.out[a.ID].Add(p.Amount.Neg())
			} else {
				r.in[a.ID] = r.in[a.ID].Add(p.Amount)
			}
			switch {
			case revenue:
				ch := channelOfAccount(a)
				r.receipts[ch] = r.receipts[ch].Add(p.Amount)
			case expense:
				r.disbursed[a.Dimensions.District] = r.disbursed[a.Dimensions.District].Sub(p.Amount)
				if a.Dimensions.Item == "" {
					r.moneyOut = r.moneyOut.Sub(p.Amount)
				}
			case equity:
				r.other = r.other.Add(p.Amount)
			default:
				r.internal = r.internal.Add(p.Amount)
			}
		}
		return nil
	})
	if err != nil {
		return r, err
	}
	tb, err := src.Ledger.TrialBalanceOf(ctx, fund.Code, to)
	r.tbDebit, r.tbCredit = tb.TotalDebit, tb.TotalCredit
	return r, err
}

// registerTotals is what the receipt register says for the period (see
// counted): what was received, less what was voided in the period, each
// on its own date.
func registerTotals(ctx context.Context, src Sources, fund ledger.Fund, from, to ledger.Date) (decimal.Decimal, error) {
	total := decimal.Zero
	err := eachDonation(ctx, src, donations.Filter{FundID: fund.ID, To: to}, func(d donations.Donation) error {
		total = total.Add(counted(d, from, to))
		return nil
	})
	return total, err
}

// counted is what a receipt adds to a period's register: its amount if it
// was received in the period, less its amount if it was voided in the
// period (the void's reversal is dated by the void). A receipt received in
// July and voided in August counts in July and takes its amount back in
// August.
func counted(d donations.Donation, from, to ledger.Date) decimal.Decimal {
	c := decimal.Zero
	if d.ReceivedDate.Within(from, to) {
		c = c.Add(d.Amount)
	}
	if d.Status == donations.Voided && d.VoidedOn.Within(from, to) {
		c = c.Sub(d.Amount)
	}
	return c
}

// deliveredMoney sums the money deliveries of the fund in the period, and
// the money its relief trips and frontline support gave.
func deliveredMoney(ctx context.Context, src Sources, fund ledger.Fund, from, to ledger.Date) (decimal.Decimal, error) {
	ds, err := src.Distribution.Deliveries(ctx, deliveryFilter(fund.ID, from, to, "money"), "")
	total := decimal.Zero
	for _, d := range ds {
		total = total.Add(d.Amount)
	}
	if err != nil {
		return total, err
	}
	trips, err := src.Distribution.TripMoney(ctx, fund.ID, from, to)
	return total.Add(trips), err
}

// writeReconciliation writes the fund's reconciliation as a document of
// one page: the title block; the summary, whose closing balance is a
// formula over its opening, receipts, disbursements and other movements,
// with the ledger's closing balance beside it; the checks that tie them to
// the journal and the registers, each a formula; the signatures. A second
// sheet lists the asset accounts one by one.
func writeReconciliation(d *doc) error {
	ctx, src, p := d.ctx, d.src, d.p
	fund, err := src.Ledger.Fund(ctx, p.Fund)
	if err != nil {
		return err
	}
	to := p.To
	if to.IsZero() {
		to = src.Ledger.Today()
	}
	d.to = to
	r, err := reconcile(ctx, src, fund, p.From, to)
	if err != nil {
		return err
	}
	register, err := registerTotals(ctx, src, fund, p.From, to)
	if err != nil {
		return err
	}
	delivered, err := deliveredMoney(ctx, src, fund, p.From, to)
	if err != nil {
		return err
	}
	receipts, disbursed := r.sum(r.receipts), r.sum(r.disbursed)
	computed := r.opening.Add(receipts).Sub(disbursed).Add(r.other).Add(r.internal)
	amounts := []decimal.Decimal{r.opening, receipts, disbursed, r.other, r.internal, computed, r.closing, register, delivered, r.moneyOut, r.tbDebit, r.tbCredit}
	w := amountWidth(amounts...)
	labels, notes := []string{d.t(i18n.CheckMoneyOut), d.f(i18n.CheckTrialBalance, d.date(to))}, []string{d.t(i18n.ReconOtherNote), d.t(i18n.ReconInternalNote),
		d.t(i18n.ReconReceiptsNote), d.t(i18n.ReconOpeningNote), d.f(i18n.ReconClosingLedgerNote, d.date(to))}
	for code := range r.disbursed {
		labels = append(labels, d.f(i18n.ReconDisbursedTo, d.n.district(code)))
	}
	s, err := d.sheet(i18n.SheetReconciliation, d.cols(
		column{i18n.ColItemLine, textWidth(labels, 30, 48), xlsxw.Text, 0},
		d.money(i18n.ColAmountVND, w), d.money(i18n.ColOfWhichVND, w),
		column{i18n.ColNote, textWidth(notes, 20, 56), xlsxw.Text, 0},
	), xlsxw.Page{NoFilter: true, Orientation: xlsxw.Portrait})
	if err != nil {
		return err
	}
	row := s.NextRow
	openRow := row()
	openNote := d.t(i18n.ReconOpeningNote)
	if p.From.IsZero() {
		openNote = d.t(i18n.ReconOpeningNoneNote)
	}
	if err := s.Row(d.t(i18n.ReconOpening), r.opening, nil, openNote); err != nil {
		return err
	}
	first := row()
	for _, ch := range []string{"cash", "bank", "in_kind"} {
		if err := s.Row(d.f(i18n.ReconReceiptsBy, d.value("channel", ch)), nil, r.receipts[ch], d.t(i18n.ReconReceiptsNote)); err != nil {
			return err
		}
	}
	receiptsRow := row()
	if err := s.Row(d.t(i18n.ReconReceipts), xlsxw.Formula{Expr: fmt.Sprintf("SUM(C%d:C%d)", first, receiptsRow-1), Value: receipts}); err != nil {
		return err
	}
	first = row()
	for _, code := range slices.Sorted(maps.Keys(r.disbursed)) {
		if err := s.Row(d.f(i18n.ReconDisbursedTo, d.n.district(code)), nil, r.disbursed[code]); err != nil {
			return err
		}
	}
	disbursedRow := row()
	expr := fmt.Sprintf("SUM(C%d:C%d)", first, disbursedRow-1)
	if disbursedRow == first {
		expr = "0"
	}
	if err := s.Row(d.t(i18n.ReconDisbursed), xlsxw.Formula{Expr: expr, Value: disbursed}); err != nil {
		return err
	}
	otherRow := row()
	if err := s.Row(d.t(i18n.ReconOther), r.other, nil, d.t(i18n.ReconOtherNote)); err != nil {
		return err
	}
	internalRow := row()
	if err := s.Row(d.t(i18n.ReconInternal), r.internal, nil, d.t(i18n.ReconInternalNote)); err != nil {
		return err
	}
	closingRow := row()
	if err := s.Row(d.t(i18n.ReconClosingComputed),
		xlsxw.Formula{Expr: fmt.Sprintf("B%d+B%d-B%d+B%d+B%d", openRow, receiptsRow, disbursedRow, otherRow, internalRow), Value: computed},
		nil, d.t(i18n.ReconClosingComputedNote)); err != nil {
		return err
	}
	ledgerRow := row()
	if err := s.Row(d.t(i18n.ReconClosingLedger), r.closing, nil, d.f(i18n.ReconClosingLedgerNote, d.date(to))); err != nil {
		return err
	}
	ref := func(n int) string { return fmt.Sprintf("B%d", n) }
	checks := []check{
		{d.t(i18n.CheckClosing), ref(closingRow), computed, ref(ledgerRow), r.closing},
		{d.t(i18n.CheckRegister), ref(receiptsRow), receipts, "", register},
		{d.t(i18n.CheckMoneyOut), "", r.moneyOut, "", delivered},
		{d.t(i18n.CheckInternal), ref(internalRow), r.internal, "", decimal.Zero},
		{d.f(i18n.CheckTrialBalance, d.date(to)), "", r.tbDebit, "", r.tbCredit},
	}
	if err := writeChecks(d, s, checks); err != nil {
		return err
	}
	if err := d.sign(s); err != nil {
		return err
	}
	return writeAccountMoves(d, r)
}

// check compares two figures; refs, when set, make them formulas pointing
// at the summary so the check recomputes in a spreadsheet.
type check struct {
	name     string
	leftRef  string
	left     decimal.Decimal
	rightRef string
	right    decimal.Decimal
}

// writeChecks writes the checks as a table below the summary, each with
// its verdict as a formula.
func writeChecks(d *doc, s *xlsxw.Sheet, checks []check) error {
	if err := s.Table(d.cols(
		column{i18n.ColCheck, 0, xlsxw.Text, 0},
		d.money(i18n.ColLeftVND, 0), d.money(i18n.ColRightVND, 0),
		column{i18n.ColResult, 0, xlsxw.Text, 0},
	)); err != nil {
		return err
	}
	ok, mismatch := d.t(i18n.CheckOK), d.t(i18n.CheckMismatch)
	for _, c := range checks {
		n := s.NextRow()
		var left, right any = c.left, c.right
		if c.leftRef != "" {
			left = xlsxw.Formula{Expr: c.leftRef, Value: c.left}
		}
		if c.rightRef != "" {
			right = xlsxw.Formula{Expr: c.rightRef, Value: c.right}
		}
		verdict := xlsxw.Formula{Expr: fmt.Sprintf(`IF(B%d=C%d,"%s","%s")`, n, n, ok, mismatch), Value: d.verdict(c.left.Equal(c.right))}
		if err := s.Row(c.name, left, right, verdict); err != nil {
			return err
		}
	}
	return nil
}

// writeAccountMoves lists the fund's asset accounts with their opening,
// increases, decreases and closing in the period.
func writeAccountMoves(d *doc, r recon) error {
	var all []decimal.Decimal
	for _, m := range []map[int64]decimal.Decimal{r.open, r.in, r.out, r.end} {
		for _, v := range m {
			all = append(all, v)
		}
	}
	w := amountWidth(all...)
	var codes, names []string
	for _, a := range r.accounts {
		codes, names = append(codes, a.Code), append(names, d.n.account(a))
	}
	s, err := d.sheet(i18n.SheetAccounts, d.cols(
		column{i18n.ColAccountCode, textWidth(codes, 10, 30), xlsxw.Text, 0},
		column{i18n.ColAccountName, textWidth(names, 24, 56), xlsxw.Text, 0},
		d.money(i18n.ColOpening, w), d.money(i18n.ColIncrease, w), d.money(i18n.ColDecrease, w), d.money(i18n.ColClosing, w),
	), xlsxw.Page{})
	if err != nil {
		return err
	}
	sums := map[int]decimal.Decimal{2: decimal.Zero, 3: decimal.Zero, 4: decimal.Zero, 5: decimal.Zero}
	for _, a := range r.accounts {
		vals := []decimal.Decimal{r.open[a.ID], r.in[a.ID], r.out[a.ID], r.end[a.ID]}
		if vals[0].IsZero() && vals[1].IsZero() && vals[2].IsZero() && vals[3].IsZero() {
			continue
		}
		for i, v := range vals {
			sums[i+2] = sums[i+2].Add(v)
		}
		if err := s.Row(a.Code, d.n.account(a), vals[0], vals[1], vals[2], vals[3]); err != nil {
			return err
		}
	}
	return s.Total(d.t(i18n.Total), sums)
}

// textWidth is the width of a column of texts: the widest, between least
// and most (wider texts are cut or wrapped).
func textWidth(texts []string, least, most float64) float64 {
	w := least
	for _, t := range texts {
		w = max(w, xlsxw.TextWidth(t)+1.5)
	}
	return min(w, most)
}

// numberWidth is the width of a column of numbers shown with decimals:
// the widest with its separators, sign and decimals.
func numberWidth(decimals int, values ...decimal.Decimal) float64 {
	w := 0.0
	for _, v := range values {
		digits := len(v.Abs().Truncate(0).String())
		n := float64(digits + (digits-1)/3)
		if decimals > 0 {
			n += float64(decimals) + 0.5
		}
		if v.IsNegative() {
			n++
		}
		w = max(w, n+2)
	}
	return w
}

// amountWidth is the width of a đồng column that holds amounts: the
// widest with its separators, and room for a total ten times larger.
func amountWidth(amounts ...decimal.Decimal) float64 {
	widest := decimal.NewFromInt(100_000_000)
	for _, a := range amounts {
		if a.Abs().GreaterThan(widest) {
			widest = a.Abs()
		}
	}
	digits := len(widest.Truncate(0).String()) + 1
	return float64(digits+(digits-1)/3) + 2.5
}
