package exports

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"

	"github.com/shopspring/decimal"

	"reliefledger/donations"
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
	balanced           bool
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
	r.balanced = err == nil && tb.Balanced()
	return r, err
}

// registerTotals is what the receipt register says for the period: what
// was received, less what was voided in the period.
func registerTotals(ctx context.Context, src Sources, fund ledger.Fund, from, to ledger.Date) (decimal.Decimal, error) {
	total := decimal.Zero
	var after int64
	for {
		ds, err := src.Donations.List(ctx, donations.Filter{FundID: fund.ID, AfterID: after, Limit: 1000})
		if err != nil {
			return total, err
		}
		for _, d := range ds {
			if d.ReceivedDate.Within(from, to) {
				total = total.Add(d.Amount)
			}
			if d.VoidEntryID != 0 {
				e, err := src.Ledger.Entry(ctx, d.VoidEntryID)
				if err != nil {
					return total, err
				}
				if e.Date.Within(from, to) {
					total = total.Sub(d.Amount)
				}
			}
		}
		if len(ds) < 1000 {
			return total, nil
		}
		after = ds[len(ds)-1].ID
	}
}

// deliveredMoney sums the money deliveries of the fund in the period.
func deliveredMoney(ctx context.Context, src Sources, fund ledger.Fund, from, to ledger.Date) (decimal.Decimal, error) {
	ds, err := src.Distribution.Deliveries(ctx, deliveryFilter(fund.ID, from, to, "money"), "")
	total := decimal.Zero
	for _, d := range ds {
		total = total.Add(d.Amount)
	}
	return total, err
}

// writeReconciliation writes the fund's reconciliation: a summary whose
// closing balance is a formula over its opening, receipts, disbursements
// and other movements, the ledger's closing balance beside it, the checks
// that tie them to the journal and the registers, and the asset accounts
// one by one.
func writeReconciliation(ctx context.Context, src Sources, wb *xlsxw.Workbook, p Params, m Meta) error {
	fund, err := src.Ledger.Fund(ctx, p.Fund)
	if err != nil {
		return err
	}
	to := p.To
	if to.IsZero() {
		to = src.Ledger.Today()
	}
	r, err := reconcile(ctx, src, fund, p.From, to)
	if err != nil {
		return err
	}
	summary := m.label("Đối soát", "Reconciliation")
	s, err := wb.Sheet(summary, []xlsxw.Col{
		{Title: m.label("Khoản mục", "Item"), Width: 48},
		{Title: m.label("Số tiền (đồng)", "Amount (VND)"), Width: 22, Kind: xlsxw.Money},
		{Title: m.label("Ghi chú", "Note"), Width: 60},
	})
	if err != nil {
		return err
	}
	row := func() int { return s.Rows() + 2 } // the sheet row the next Row lands on
	openRow := row()
	if err := s.Row(m.label("Số dư đầu kỳ", "Opening balance"), r.opening, m.label("tài sản của quỹ (tiền, hàng) ngày trước kỳ", "the fund's assets (money, goods) the day before the period")); err != nil {
		return err
	}
	first := row()
	for _, ch := range []string{"cash", "bank", "in_kind"} {
		label := map[string][2]string{"cash": {"Thu: tiền mặt", "Receipts: cash"}, "bank": {"Thu: chuyển khoản", "Receipts: bank transfer"},
			"in_kind": {"Thu: hiện vật", "Receipts: in kind"}}[ch]
		if err := s.Row(m.label(label[0], label[1]), r.receipts[ch], m.label("trừ biên nhận đã hủy trong kỳ", "less receipts voided in the period")); err != nil {
			return err
		}
	}
	receiptsRow := row()
	receipts := r.sum(r.receipts)
	if err := s.Row(m.label("Tổng thu", "Total receipts"), xlsxw.Formula{Expr: fmt.Sprintf("SUM(B%d:B%d)", first, receiptsRow-1), Value: receipts}); err != nil {
		return err
	}
	first = row()
	for _, d := range slices.Sorted(maps.Keys(r.disbursed)) {
		name := m.label("Chi: huyện ", "Disbursed: district ") + d
		if d == "" {
			name = m.label("Chi: cấp tỉnh", "Disbursed: province")
		}
		if err := s.Row(name, r.disbursed[d], ""); err != nil {
			return err
		}
	}
	disbursedRow := row()
	disbursed := r.sum(r.disbursed)
	expr := fmt.Sprintf("SUM(B%d:B%d)", first, disbursedRow-1)
	if disbursedRow == first {
		expr = "0"
	}
	if err := s.Row(m.label("Tổng chi", "Total disbursed"), xlsxw.Formula{Expr: expr, Value: disbursed}); err != nil {
		return err
	}
	otherRow := row()
	if err := s.Row(m.label("Điều chỉnh khác", "Other movements"), r.other, m.label("số dư đầu, điều chỉnh (bút toán thủ công)", "openings, adjustments (manual entries)")); err != nil {
		return err
	}
	internalRow := row()
	if err := s.Row(m.label("Luân chuyển nội bộ", "Internal moves"), r.internal, m.label("phân bổ về huyện, điều chuyển kho: luôn bằng 0", "allocations to districts, warehouse transfers: always 0")); err != nil {
		return err
	}
	closingRow := row()
	computed := r.opening.Add(receipts).Sub(disbursed).Add(r.other).Add(r.internal)
	if err := s.Row(m.label("Số dư cuối kỳ (tính)", "Closing balance (computed)"),
		xlsxw.Formula{Expr: fmt.Sprintf("B%d+B%d-B%d+B%d+B%d", openRow, receiptsRow, disbursedRow, otherRow, internalRow), Value: computed},
		m.label("đầu kỳ + thu − chi + điều chỉnh", "opening + receipts − disbursed + other")); err != nil {
		return err
	}
	ledgerRow := row()
	if err := s.Row(m.label("Số dư cuối kỳ (sổ cái)", "Closing balance (ledger)"), r.closing, m.label("tổng số dư tài khoản tài sản ngày cuối kỳ", "asset balances on the last day")); err != nil {
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
	return writeChecks(wb, m, []check{
		{m.label("Cuối kỳ tính = cuối kỳ sổ cái", "Computed closing = ledger closing"), cellRef(summary, closingRow), computed, cellRef(summary, ledgerRow), r.closing},
		{m.label("Tổng thu = sổ biên nhận trong kỳ", "Receipts = receipt register of the period"), cellRef(summary, receiptsRow), receipts, "", register},
		{m.label("Chi tiền = kết quả cấp phát tiền trong kỳ", "Money disbursed = money deliveries of the period"), "", r.moneyOut, "", delivered},
		{m.label("Luân chuyển nội bộ = 0", "Internal moves = 0"), cellRef(summary, internalRow), r.internal, "", decimal.Zero},
		{m.label("Bảng cân đối: Nợ = Có", "Trial balance: debits = credits"), "", boolNum(r.balanced), "", decimal.NewFromInt(1)},
	}, func() error { return writeAccountMoves(wb, m, r) })
}

func boolNum(b bool) decimal.Decimal {
	if b {
		return decimal.NewFromInt(1)
	}
	return decimal.Zero
}

func cellRef(sheet string, row int) string { return fmt.Sprintf("'%s'!B%d", sheet, row) }

// check compares two figures; refs, when set, make them formulas pointing
// at the summary so the check recomputes in Excel.
type check struct {
	name     string
	leftRef  string
	left     decimal.Decimal
	rightRef string
	right    decimal.Decimal
}

func writeChecks(wb *xlsxw.Workbook, m Meta, checks []check, then func() error) error {
	s, err := wb.Sheet(m.label("Kiểm tra", "Checks"), []xlsxw.Col{
		{Title: m.label("Kiểm tra", "Check"), Width: 50},
		{Title: m.label("Vế trái", "Left"), Width: 20, Kind: xlsxw.Money},
		{Title: m.label("Vế phải", "Right"), Width: 20, Kind: xlsxw.Money},
		{Title: m.label("Kết quả", "Result"), Width: 12},
	})
	if err != nil {
		return err
	}
	for _, c := range checks {
		n := s.Rows() + 2
		var left, right any = c.left, c.right
		if c.leftRef != "" {
			left = xlsxw.Formula{Expr: c.leftRef, Value: c.left}
		}
		if c.rightRef != "" {
			right = xlsxw.Formula{Expr: c.rightRef, Value: c.right}
		}
		result := "OK"
		if !c.left.Equal(c.right) {
			result = m.label("LỆCH", "MISMATCH")
		}
		if err := s.Row(c.name, left, right, xlsxw.Formula{Expr: fmt.Sprintf(`IF(B%d=C%d,"OK","%s")`, n, n, m.label("LỆCH", "MISMATCH")), Value: result}); err != nil {
			return err
		}
	}
	return then()
}

func writeAccountMoves(wb *xlsxw.Workbook, m Meta, r recon) error {
	s, err := wb.Sheet(m.label("Tài khoản", "Accounts"), []xlsxw.Col{
		{Title: m.label("Tài khoản", "Account"), Width: 30},
		{Title: m.label("Tên", "Name"), Width: 50},
		{Title: m.label("Đầu kỳ", "Opening"), Width: 18, Kind: xlsxw.Money},
		{Title: m.label("Tăng", "In"), Width: 18, Kind: xlsxw.Money},
		{Title: m.label("Giảm", "Out"), Width: 18, Kind: xlsxw.Money},
		{Title: m.label("Cuối kỳ", "Closing"), Width: 18, Kind: xlsxw.Money},
	})
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
		if err := s.Row(a.FundCode+":"+a.Code, a.Name, vals[0], vals[1], vals[2], vals[3]); err != nil {
			return err
		}
	}
	return s.Total(m.label("Cộng", "Total"), sums)
}
