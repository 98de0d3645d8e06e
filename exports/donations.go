package exports

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"reliefledger/distribution"
	"reliefledger/donations"
	"reliefledger/internal/xlsxw"
	"reliefledger/ledger"
)

// eachDonation pages through the donations of the filters, in ID order.
func eachDonation(ctx context.Context, src Sources, p Params, each func(donations.Donation) error) error {
	f := donations.Filter{From: p.From, To: p.To, Limit: 1000}
	if p.Fund != "" {
		fund, err := src.Ledger.Fund(ctx, p.Fund)
		if err != nil {
			return err
		}
		f.FundID = fund.ID
	}
	for {
		ds, err := src.Donations.List(ctx, f)
		if err != nil {
			return err
		}
		for _, d := range ds {
			if err := each(d); err != nil {
				return err
			}
		}
		if len(ds) < f.Limit {
			return nil
		}
		f.AfterID = ds[len(ds)-1].ID
	}
}

var channelLabel = map[donations.Channel][2]string{
	donations.Cash: {"tiền mặt", "cash"}, donations.Bank: {"chuyển khoản", "bank transfer"}, donations.InKind: {"hiện vật", "in kind"},
}

// writeDonations writes the receipt register: every receipt of the period,
// voided ones included (their recorded amount is 0).
func writeDonations(ctx context.Context, src Sources, wb *xlsxw.Workbook, p Params, m Meta) error {
	s, err := wb.Sheet(m.label("Biên nhận", "Receipts"), []xlsxw.Col{
		{Title: m.label("Số biên nhận", "Receipt"), Width: 20},
		{Title: m.label("Ngày nhận", "Received"), Width: 12, Kind: xlsxw.Date},
		{Title: m.label("Quỹ", "Fund"), Width: 8},
		{Title: m.label("Nhà tài trợ", "Donor"), Width: 36},
		{Title: m.label("Tên công khai", "Published as"), Width: 30},
		{Title: m.label("Hình thức", "Channel"), Width: 14},
		{Title: m.label("Số tham chiếu NH", "Bank reference"), Width: 20},
		{Title: m.label("Số tiền (đồng)", "Amount (VND)"), Width: 18, Kind: xlsxw.Money},
		{Title: m.label("Chỉ định", "Earmark"), Width: 18},
		{Title: m.label("Trạng thái", "Status"), Width: 10},
		{Title: m.label("Ghi nhận (đồng)", "Counted (VND)"), Width: 18, Kind: xlsxw.Money},
		{Title: m.label("Bút toán", "Entry"), Width: 10, Kind: xlsxw.Integer},
		{Title: m.label("Diễn giải", "Description"), Width: 40},
	})
	if err != nil {
		return err
	}
	amount, counted := decimal.Zero, decimal.Zero
	err = eachDonation(ctx, src, p, func(d donations.Donation) error {
		c := d.Amount
		if d.Status == donations.Voided {
			c = decimal.Zero
		}
		amount, counted = amount.Add(d.Amount), counted.Add(c)
		ch := channelLabel[d.Channel]
		return s.Row(d.ReceiptNo, d.ReceivedDate, d.FundCode, d.DonorName, d.PublicName, m.label(ch[0], ch[1]), d.BankRef, d.Amount,
			d.Earmark, d.Status, c, d.EntryID, d.Description)
	})
	if err != nil {
		return err
	}
	return s.Total(m.label("Cộng", "Total"), map[int]decimal.Decimal{7: amount, 10: counted})
}

// writePublicDisclosure writes what the public may see: every receipt with
// the published name and masked descriptions, and the use of the money by
// district (households reached, amount, support per household).
func writePublicDisclosure(ctx context.Context, src Sources, wb *xlsxw.Workbook, p Params, m Meta) error {
	s, err := wb.Sheet(m.label("Tiếp nhận", "Received"), []xlsxw.Col{
		{Title: m.label("Số biên nhận", "Receipt"), Width: 20},
		{Title: m.label("Ngày nhận", "Received"), Width: 12, Kind: xlsxw.Date},
		{Title: m.label("Nhà tài trợ", "Donor"), Width: 36},
		{Title: m.label("Hình thức", "Channel"), Width: 14},
		{Title: m.label("Số tham chiếu NH", "Bank reference"), Width: 20},
		{Title: m.label("Số tiền (đồng)", "Amount (VND)"), Width: 18, Kind: xlsxw.Money},
		{Title: m.label("Chỉ định", "Earmark"), Width: 18},
		{Title: m.label("Nội dung", "Description"), Width: 40},
	})
	if err != nil {
		return err
	}
	total := decimal.Zero
	err = eachDonation(ctx, src, p, func(d donations.Donation) error {
		if d.Status == donations.Voided {
			return nil
		}
		total = total.Add(d.Amount)
		ch := channelLabel[d.Channel]
		return s.Row(d.ReceiptNo, d.ReceivedDate, d.PublicName, m.label(ch[0], ch[1]), d.BankRef, d.Amount, d.Earmark, donations.MaskNumbers(d.Description))
	})
	if err != nil {
		return err
	}
	if err := s.Total(m.label("Cộng", "Total"), map[int]decimal.Decimal{5: total}); err != nil {
		return err
	}
	fund, err := src.Ledger.Fund(ctx, p.Fund)
	if err != nil {
		return err
	}
	uses, err := src.Distribution.Use(ctx, fund.ID, p.From, p.To)
	if err != nil {
		return err
	}
	s, err = wb.Sheet(m.label("Sử dụng", "Use of funds"), []xlsxw.Col{
		{Title: m.label("Huyện", "District"), Width: 12},
		{Title: m.label("Số hộ được hỗ trợ", "Households reached"), Width: 16, Kind: xlsxw.Integer},
		{Title: m.label("Số hộ nhận tiền", "Households given money"), Width: 16, Kind: xlsxw.Integer},
		{Title: m.label("Hỗ trợ hộ (đồng)", "To households (VND)"), Width: 18, Kind: xlsxw.Money},
		{Title: m.label("Bình quân mỗi hộ (đồng)", "Per household (VND)"), Width: 18, Kind: xlsxw.Money},
		{Title: m.label("Số lượt tổ chức", "Organisations"), Width: 12, Kind: xlsxw.Integer},
		{Title: m.label("Hỗ trợ tổ chức (đồng)", "To organisations (VND)"), Width: 18, Kind: xlsxw.Money},
		{Title: m.label("Hàng hóa", "Goods"), Width: 30},
	})
	if err != nil {
		return err
	}
	toHouseholds, toOrgs := decimal.Zero, decimal.Zero
	for _, u := range uses {
		toHouseholds, toOrgs = toHouseholds.Add(u.ToHouseholds), toOrgs.Add(u.ToOrgs)
		n := itoa(s.Rows() + 2)
		var per any
		if u.PaidHouseholds > 0 {
			per = xlsxw.Formula{Expr: "ROUND(D" + n + "/C" + n + ",0)", Value: u.PerHousehold}
		}
		if err := s.Row(u.District, u.Households, u.PaidHouseholds, u.ToHouseholds, per, u.Organisations, u.ToOrgs, goodsText(u.Goods)); err != nil {
			return err
		}
	}
	return s.Total(m.label("Cộng", "Total"), map[int]decimal.Decimal{3: toHouseholds, 6: toOrgs})
}

// goodsText lists quantities by item: "MASKS 40; RICE 1250.5".
func goodsText(g map[string]decimal.Decimal) string {
	var parts []string
	for _, item := range slices.Sorted(maps.Keys(g)) {
		parts = append(parts, item+" "+g[item].String())
	}
	return strings.Join(parts, "; ")
}

func deliveryFilter(fundID int64, from, to ledger.Date, kind distribution.Kind) distribution.DeliveryFilter {
	return distribution.DeliveryFilter{FundID: fundID, From: from, To: to, Kind: kind}
}

func itoa(n int) string { return strconv.Itoa(n) }
