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
	"reliefledger/internal/i18n"
	"reliefledger/internal/xlsxw"
	"reliefledger/ledger"
)

// eachDonation pages through the donations of a filter, in ID order.
func eachDonation(ctx context.Context, src Sources, f donations.Filter, each func(donations.Donation) error) error {
	f.Limit = 1000
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

// registerRow is a line of a register of receipts: a receipt received in
// the period, or the void in the period of one received before it.
type registerRow struct {
	donations.Donation
	received bool            // received in the period (else: only its void is)
	counted  decimal.Decimal // what it adds to the period, see counted
}

// eachRegisterRow calls each for the receipts of the period in ID order,
// then for the voids in the period of receipts received before it, so
// that the register counts every void on its own date as the journal
// does.
func eachRegisterRow(d *doc, each func(registerRow) error) error {
	f := donations.Filter{From: d.p.From, To: d.to}
	if d.p.Fund != "" {
		fund, err := d.src.Ledger.Fund(d.ctx, d.p.Fund)
		if err != nil {
			return err
		}
		f.FundID = fund.ID
	}
	err := eachDonation(d.ctx, d.src, f, func(x donations.Donation) error {
		return each(registerRow{Donation: x, received: true, counted: counted(x, d.p.From, d.to)})
	})
	if err != nil || d.p.From.IsZero() {
		return err
	}
	before := donations.Filter{FundID: f.FundID, Status: donations.Voided, To: d.p.From.AddDays(-1)}
	return eachDonation(d.ctx, d.src, before, func(x donations.Donation) error {
		if !x.VoidedOn.Within(d.p.From, d.to) {
			return nil
		}
		return each(registerRow{Donation: x, counted: counted(x, d.p.From, d.to)})
	})
}

// status is a receipt's status as the register shows it: recorded, or
// voided on its date.
func (d *doc) status(x donations.Donation) string {
	if x.Status == donations.Voided && !x.VoidedOn.IsZero() {
		return d.f(i18n.DonationVoidedOn, d.date(x.VoidedOn))
	}
	return d.value("donation_status", x.Status)
}

// statusWidth is the width of a status column: "Đã hủy ngày 05/08/2021".
func (d *doc) statusWidth() float64 {
	return xlsxw.TextWidth(d.f(i18n.DonationVoidedOn, "00/00/0000")) + 1.5
}

// receiptWidth is the width of a receipt number column: FUND-2021-000001.
func (d *doc) receiptWidth() float64 {
	fund := d.p.Fund
	if len(fund) < 5 {
		fund = "COVID"
	}
	return xlsxw.TextWidth(donations.ReceiptNo(fund, 2021, 999999)) + 1.5
}

// writeDonations writes the receipt register: every receipt of the period,
// voided ones included, and the voids in the period of earlier receipts.
// "Counted" is what each adds to the period: a receipt voided in the
// period counts 0, one voided after it counts in full, and the void of an
// earlier receipt takes its amount back; its total is the period's
// receipts in the reconciliation.
func writeDonations(d *doc) error {
	if d.to.IsZero() && !d.p.From.IsZero() {
		d.to = d.src.Ledger.Today()
	}
	cols := d.cols(
		column{i18n.ColReceiptNo, d.receiptWidth(), xlsxw.Text, 0},
		column{i18n.ColReceivedOn, 11, xlsxw.Date, 0},
		column{i18n.ColFund, 20, xlsxw.Text, 0},
		column{i18n.ColDonor, 30, xlsxw.Text, 0},
		column{i18n.ColPublishedAs, 24, xlsxw.Text, 0},
		column{i18n.ColChannel, 13, xlsxw.Text, 0},
		column{i18n.ColBankRef, 16, xlsxw.Text, 0},
		d.money(i18n.ColAmountVND, 15),
		column{i18n.ColEarmark, 18, xlsxw.Text, 0},
		column{i18n.ColStatus, d.statusWidth(), xlsxw.Text, 0},
		d.money(i18n.ColCountedVND, 15),
		column{i18n.ColEntry, 9, xlsxw.Integer, 0},
		column{i18n.ColDescription, 36, xlsxw.Text, 0},
	)
	cols[12].Wrap = true
	s, err := d.sheet(i18n.SheetReceipts, cols, xlsxw.Page{})
	if err != nil {
		return err
	}
	amount, total := decimal.Zero, decimal.Zero
	err = eachRegisterRow(d, func(r registerRow) error {
		var received any
		desc, entry := r.Description, r.EntryID
		if r.received {
			received, amount = r.Amount, amount.Add(r.Amount)
		} else { // the line is the void: its reason and its entry
			desc, entry = d.f(i18n.DonationVoidReason, r.VoidReason), r.VoidEntryID
		}
		total = total.Add(r.counted)
		return s.Row(r.ReceiptNo, r.ReceivedDate, d.n.fund(r.FundCode), d.donor(r.DonorName), d.donor(r.PublicName), d.value("channel", string(r.Channel)), r.BankRef,
			received, d.n.earmark(r.Earmark), d.status(r.Donation), r.counted, entry, desc)
	})
	if err != nil {
		return err
	}
	return s.Total(d.t(i18n.Total), map[int]decimal.Decimal{7: amount, 10: total})
}

// writePublicDisclosure writes what the public may see: every receipt of
// the period with the published name and masked descriptions, voided ones
// shown as voided (their numbers are not gaps), and the use of the money
// by district (households reached, amount, support per household).
func writePublicDisclosure(d *doc) error {
	ctx, src, p := d.ctx, d.src, d.p
	if d.to.IsZero() && !p.From.IsZero() {
		d.to = src.Ledger.Today()
	}
	cols := d.cols(
		column{i18n.ColReceiptNo, d.receiptWidth(), xlsxw.Text, 0},
		column{i18n.ColReceivedOn, 11, xlsxw.Date, 0},
		column{i18n.ColDonor, 30, xlsxw.Text, 0},
		column{i18n.ColChannel, 13, xlsxw.Text, 0},
		column{i18n.ColBankRef, 16, xlsxw.Text, 0},
		d.money(i18n.ColAmountVND, 15),
		column{i18n.ColEarmark, 18, xlsxw.Text, 0},
		column{i18n.ColStatus, d.statusWidth(), xlsxw.Text, 0},
		d.money(i18n.ColCountedVND, 15),
		column{i18n.ColContent, 36, xlsxw.Text, 0},
	)
	cols[9].Wrap = true
	s, err := d.sheet(i18n.SheetReceived, cols, xlsxw.Page{})
	if err != nil {
		return err
	}
	total := decimal.Zero
	err = eachRegisterRow(d, func(r registerRow) error {
		var received any
		desc := donations.MaskNumbers(r.Description)
		if r.received {
			received = r.Amount
		} else {
			desc = d.t(i18n.DonationVoidedEarlier)
		}
		total = total.Add(r.counted)
		return s.Row(r.ReceiptNo, r.ReceivedDate, d.donor(r.PublicName), d.value("channel", string(r.Channel)), r.BankRef, received, d.n.earmark(r.Earmark),
			d.status(r.Donation), r.counted, desc)
	})
	if err != nil {
		return err
	}
	if err := s.Total(d.t(i18n.Total), map[int]decimal.Decimal{8: total}); err != nil {
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
	s, err = d.sheet(i18n.SheetUseOfFunds, d.cols(
		column{i18n.ColDistrict, 22, xlsxw.Text, 0},
		column{i18n.ColHouseholdsReached, 12, xlsxw.Count, 0},
		column{i18n.ColHouseholdsPaid, 12, xlsxw.Count, 0},
		d.money(i18n.ColToHouseholdsVND, 15),
		d.money(i18n.ColPerHouseholdVND, 13),
		column{i18n.ColOrganisations, 11, xlsxw.Count, 0},
		d.money(i18n.ColToOrganisationsVND, 15),
		column{i18n.ColGoods, 30, xlsxw.Text, 0},
		column{i18n.ColGoodsToOrganisations, 26, xlsxw.Text, 0},
		d.money(i18n.ColGoodsToOrganisationsVND, 15),
	), xlsxw.Page{})
	if err != nil {
		return err
	}
	toHouseholds, toOrgs, goodsToOrgs := decimal.Zero, decimal.Zero, decimal.Zero
	for _, u := range uses {
		toHouseholds, toOrgs, goodsToOrgs = toHouseholds.Add(u.ToHouseholds), toOrgs.Add(u.ToOrgs), goodsToOrgs.Add(u.GoodsToOrgsValue)
		n := itoa(s.NextRow())
		var per any
		if u.PaidHouseholds > 0 {
			per = xlsxw.Formula{Expr: "ROUND(D" + n + "/C" + n + ",0)", Value: u.PerHousehold}
		}
		if err := s.Row(d.n.district(u.District), u.Households, u.PaidHouseholds, u.ToHouseholds, per, u.Organisations, u.ToOrgs, d.goodsText(u.Goods),
			d.goodsText(u.GoodsToOrgs), u.GoodsToOrgsValue); err != nil {
			return err
		}
	}
	if err := s.Total(d.t(i18n.Total), map[int]decimal.Decimal{3: toHouseholds, 6: toOrgs, 9: goodsToOrgs}); err != nil {
		return err
	}
	return writeTrips(d, fund)
}

// goodsText lists quantities by item with their units: "Gạo 1.250,5 kg;
// Khẩu trang 40 hộp".
func (d *doc) goodsText(g map[string]decimal.Decimal) string {
	var parts []string
	for _, item := range slices.Sorted(maps.Keys(g)) {
		parts = append(parts, strings.TrimSpace(d.n.item(item)+" "+d.l.Number(g[item], -1)+" "+d.n.unit(item)))
	}
	return strings.Join(parts, "; ")
}

func deliveryFilter(fundID int64, from, to ledger.Date, kind distribution.Kind) distribution.DeliveryFilter {
	return distribution.DeliveryFilter{FundID: fundID, From: from, To: to, Kind: kind}
}

func itoa(n int) string { return strconv.Itoa(n) }
