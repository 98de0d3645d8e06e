package story

import (
	"fmt"

	"github.com/shopspring/decimal"

	"reliefledger/access"
	"reliefledger/distribution"
	"reliefledger/donations"
	"reliefledger/goods"
	"reliefledger/households"
	"reliefledger/ledger"
)

// run records the story in date order: no entry may take an account below
// zero on any date from its own, so money and goods arrive before they
// leave, and deliveries follow their approval.
func (l *loader) run() {
	l.staff()
	l.registerDonors()
	l.july()
	l.august()
	l.september()
	l.campaigns()
}

func (l *loader) staff() {
	l.officer = l.user("[demo] Nguyễn Thị Lan – Văn phòng Ủy ban MTTQ tỉnh", access.FundOfficer, "")
	l.approver = l.user("[demo] Trần Quốc Hùng – Ban Thường trực", access.Approver, "")
	l.keSach = l.user("[demo] Lâm Văn Sơn – MTTQ huyện Kế Sách", access.DistrictOfficer, KeSach)
	l.tranDe = l.user("[demo] Thạch Thị Sa Ly – MTTQ huyện Trần Đề", access.DistrictOfficer, TranDe)
}

func (l *loader) registerDonors() {
	for _, d := range []struct {
		key string
		in  donations.DonorInput
	}{
		{"dongbang", donations.DonorInput{Name: "[demo] Công ty TNHH Nông sản Đồng Bằng", Kind: donations.Business, InsideProvince: true, PublishName: true}},
		{"mekong", donations.DonorInput{Name: "[demo] Ngân hàng TMCP Phát triển Mekong – Chi nhánh Sóc Trăng", Kind: donations.Business, InsideProvince: true, PublishName: true}},
		{"chua", donations.DonorInput{Name: "[demo] Chùa Phước Hòa", Kind: donations.Religious, InsideProvince: true, PublishName: true}},
		{"tinhthuong", donations.DonorInput{Name: "[demo] Nhóm thiện nguyện Tình Thương", Kind: donations.Organisation, InsideProvince: true, PublishName: true}},
		{"luongthuc", donations.DonorInput{Name: "[demo] Công ty Lương thực Hậu Giang", Kind: donations.Business, PublishName: true}},
		{"thucpham", donations.DonorInput{Name: "[demo] Công ty CP Thực phẩm Á Châu", Kind: donations.Business, PublishName: true}},
		{"xayxat", donations.DonorInput{Name: "[demo] Nhà máy xay xát Kế An", Kind: donations.Business, InsideProvince: true, PublishName: true}},
		{"mai", donations.DonorInput{Name: "[demo] Bà Trần Thị Mai (Hoa Kỳ)", Kind: donations.Overseas}}, // asked not to be named
		{"donghuong", donations.DonorInput{Name: "[demo] Hội đồng hương Trần Đề tại TP.HCM", Kind: donations.Organisation, PublishName: true}},
	} {
		l.donor(d.key, d.in)
	}
}

func (l *loader) july() {
	l.manual(ledger.EntryInput{Date: day(7, 1), Kind: ledger.KindOpening,
		Description: "[demo] Số dư đầu kỳ Quỹ Vì người nghèo chuyển sang (đến 30/6/2021)",
		Postings: []ledger.PostingInput{
			{Account: ledger.AccountByCode("POOR", "1120"), Amount: dec("1150000000")},
			{Account: ledger.AccountByCode("POOR", "1110"), Amount: dec("60000000")},
			{Account: ledger.AccountByCode("POOR", "3100"), Amount: dec("-1210000000")},
		}})
	l.give("dongbang", donations.Input{Fund: "POOR", Channel: donations.Bank, Amount: vnd(450_000_000), BankRef: "FT21195000142",
		ReceivedDate: day(7, 14), Description: "[demo] Ủng hộ Quỹ Vì người nghèo"})
	l.give("mekong", donations.Input{Fund: "COVID", Channel: donations.Bank, Amount: vnd(500_000_000), BankRef: "FT21196000377",
		ReceivedDate: day(7, 15), Description: "[demo] Ủng hộ phòng, chống dịch Covid-19"})
	l.give("mekong", donations.Input{Fund: "POOR", Channel: donations.Bank, Amount: vnd(300_000_000), BankRef: "FT21197000512",
		ReceivedDate: day(7, 16), Earmark: "category:poor", Description: "[demo] Dành cho hộ nghèo"})
	l.give("", donations.Input{Fund: "COVID", Channel: donations.Cash, Amount: vnd(5_000_000), Anonymous: true,
		ReceivedDate: day(7, 17), Description: "[demo] Nhà hảo tâm không để lại tên"})
	rice := func(kg int64, unitValue int64) []donations.LineInput {
		return []donations.LineInput{{Item: "RICE", Unit: "kg", Quantity: decimal.NewFromInt(kg), UnitValue: decimal.NewFromInt(unitValue)}}
	}
	l.give("chua", donations.Input{Fund: "COVID", Channel: donations.InKind, Warehouse: goods.ProvinceWarehouse, Lines: rice(7500, 13000),
		ReceivedDate: day(7, 19), Description: "[demo] Gạo ủng hộ bà con khó khăn do dịch"})
	l.give("tinhthuong", donations.Input{Fund: "COVID", Channel: donations.Bank, Amount: vnd(250_000_000), BankRef: "FT21201000068",
		ReceivedDate: day(7, 20), Earmark: "purpose:Hỗ trợ lực lượng tuyến đầu chống dịch", Description: "[demo] Cho lực lượng tuyến đầu"})
	l.give("luongthuc", donations.Input{Fund: "COVID", Channel: donations.InKind, Warehouse: goods.ProvinceWarehouse, Lines: rice(5000, 12500),
		ReceivedDate: day(7, 21), Description: "[demo] Gạo ủng hộ tỉnh Sóc Trăng"})
	l.manual(ledger.EntryInput{Date: day(7, 21), Kind: ledger.KindTransfer,
		Description: "[demo] Rút tiền gửi ngân hàng về quỹ tiền mặt để chi hỗ trợ",
		Postings: []ledger.PostingInput{
			{Account: ledger.AccountByCode("COVID", "1110"), Amount: dec("100000000")},
			{Account: ledger.AccountByCode("COVID", "1120"), Amount: dec("-100000000")},
		}})
	l.give("thucpham", donations.Input{Fund: "COVID", Channel: donations.InKind, Warehouse: goods.ProvinceWarehouse,
		Lines:        []donations.LineInput{{Item: "NOODLES", Unit: "thùng", Quantity: decimal.NewFromInt(1200), UnitValue: decimal.NewFromInt(95000)}},
		ReceivedDate: day(7, 22), Description: "[demo] Mì gói cho khu cách ly và hộ khó khăn"})
	l.give("", donations.Input{Fund: "POOR", Channel: donations.Cash, Amount: vnd(20_000_000), DonorName: "[demo] Ông Lý Văn Tài",
		ReceivedDate: day(7, 23), Description: "[demo] Nộp tiền mặt tại Văn phòng"})
	l.transfer(goods.TransferInput{Fund: "COVID", From: goods.ProvinceWarehouse, To: goods.DistrictWarehouse(VinhChau), Item: "RICE",
		Quantity: decimal.NewFromInt(3000), Date: day(7, 24), Note: "[demo] Chuẩn bị cấp cho khu cách ly thị xã Vĩnh Châu"})
	l.transfer(goods.TransferInput{Fund: "COVID", From: goods.ProvinceWarehouse, To: goods.DistrictWarehouse(KeSach), Item: "RICE",
		Quantity: decimal.NewFromInt(2500), Date: day(7, 24), Note: "[demo] Dự trữ tại huyện Kế Sách"})
	l.transfer(goods.TransferInput{Fund: "COVID", From: goods.ProvinceWarehouse, To: goods.DistrictWarehouse(VinhChau), Item: "NOODLES",
		Quantity: decimal.NewFromInt(300), Date: day(7, 24), Note: "[demo] Chuẩn bị cấp cho khu cách ly thị xã Vĩnh Châu"})
	saRet := donations.Input{Fund: "POOR", Channel: donations.Cash, Amount: vnd(10_000_000), DonorName: "[demo] Bà Thạch Thị Sa Rết",
		ReceivedDate: day(7, 26), Description: "[demo] Nộp tiền mặt tại Văn phòng"}
	first := l.give("", saRet)
	twice := l.give("", saRet)
	l.issue(goods.IssueInput{Fund: "COVID", Warehouse: goods.ProvinceWarehouse, Item: "RICE", Quantity: decimal.NewFromInt(1500), Date: day(7, 27),
		Recipient: "Chốt kiểm dịch cầu Mỹ Thanh", Purpose: "[demo] Bữa ăn cho lực lượng trực chốt"})
	l.void(twice, "[demo] Ghi trùng biên nhận "+first.ReceiptNo, day(7, 28))
	l.give("xayxat", donations.Input{Fund: "POOR", Channel: donations.InKind, Warehouse: goods.DistrictWarehouse(KeSach), Lines: rice(2000, 12000),
		Earmark: "district:" + KeSach, ReceivedDate: day(7, 30), Description: "[demo] Gạo cho hộ nghèo huyện Kế Sách"})
}

func (l *loader) august() {
	l.give("mai", donations.Input{Fund: "COVID", Channel: donations.Bank, Currency: "USD",
		OriginalAmount: decimal.NullDecimal{Decimal: decimal.NewFromInt(5000), Valid: true},
		Rate:           decimal.NullDecimal{Decimal: decimal.NewFromInt(22870), Valid: true},
		BankRef:        "FT21214000921", ReceivedDate: day(8, 2), Description: "[demo] Kiều bào ủng hộ quê hương chống dịch"})
	l.give("donghuong", donations.Input{Fund: "POOR", Channel: donations.Bank, Amount: vnd(150_000_000), BankRef: "FT21215000233",
		ReceivedDate: day(8, 3), Earmark: "district:" + TranDe, Description: "[demo] Cho bà con huyện Trần Đề"})
	request := l.request()
	l.planKeSach()
	l.issue(goods.IssueInput{Fund: "COVID", Warehouse: goods.ProvinceWarehouse, Item: "NOODLES", Quantity: decimal.NewFromInt(400), Date: day(8, 6),
		Recipient: "Chuyến xe nghĩa tình TP.HCM", Purpose: "[demo] Đón bà con Sóc Trăng kẹt tại TP.HCM về quê"})
	l.deliverRequest(request)
	l.issue(goods.IssueInput{Fund: "COVID", Warehouse: goods.DistrictWarehouse(VinhChau), Item: "RICE", Quantity: decimal.NewFromInt(1000), Date: day(8, 10),
		Recipient: "Khu cách ly tập trung thị xã Vĩnh Châu", Purpose: "[demo] Gạo cho người cách ly"})
	l.deliverPlan(4, day(8, 12))
	l.trips()
}

func (l *loader) september() {
	l.give("dongbang", donations.Input{Fund: "POOR", Channel: donations.Bank, Amount: vnd(120_000_000), BankRef: "FT21251000417",
		ReceivedDate: day(9, 8), Description: "[demo] Ủng hộ đợt 2"})
	// The fifth commune gets its packages a month after the approval.
	l.deliverPlanLate(day(9, 10))
}

// request is Trần Đề's request for 100,000,000 from the Covid-19 fund,
// filed on 3 August and approved in part, from cash, the next day.
func (l *loader) request() distribution.Request {
	if l.err != nil {
		return distribution.Request{}
	}
	r, _, err := l.s.Distribution.FileRequest(l.ctx, l.tranDe, TranDe, distribution.RequestInput{Fund: "COVID", District: TranDe,
		Amount: decimal.NewFromInt(100_000_000), Households: 40,
		Reason: "[demo] Hỗ trợ chốt kiểm dịch cảng cá Trần Đề, khu cách ly tập trung huyện và các hộ khó khăn trong vùng phong tỏa"})
	l.fail("request of district "+TranDe, err)
	if err != nil {
		return r
	}
	r, _, err = l.s.Distribution.Decide(l.ctx, l.approver, r.ID, distribution.DecisionInput{Decision: "approve", Amount: vnd(70_000_000),
		Reason: "[demo] Duyệt 70 triệu đồng đợt 1 theo khả năng của quỹ; phần còn lại xem xét đợt sau", Source: "cash", Date: day(8, 4)})
	l.fail("decision on the request", err)
	l.sum.RequestID = r.ID
	return r
}

// deliverRequest gives the approved request out in part: 20,000,000 to a
// checkpoint, 30,000,000 to a quarantine site and 1,000,000 to each of ten
// households; 10,000,000 stays allocated to the district.
func (l *loader) deliverRequest(r distribution.Request) {
	if l.err != nil {
		return
	}
	hs, err := l.s.Households.List(l.ctx, households.Filter{District: TranDe, Status: households.Active, Limit: 10}, "")
	l.fail("households of district "+TranDe, err)
	const by = "[demo] Thạch Thị Sa Ly"
	items := []distribution.DeliveryInput{
		{Organisation: "Chốt kiểm dịch cảng cá Trần Đề", Amount: vnd(20_000_000), Date: day(8, 6), HandedOverBy: by, Proof: "[demo] Biên bản giao nhận số 01"},
		{Organisation: "Khu cách ly tập trung huyện Trần Đề", Amount: vnd(30_000_000), Date: day(8, 7), HandedOverBy: by, Proof: "[demo] Biên bản giao nhận số 02"},
	}
	for _, h := range hs {
		items = append(items, distribution.DeliveryInput{Household: h.Code, Amount: vnd(1_000_000), Date: day(8, 9), HandedOverBy: by,
			Proof: "[demo] Danh sách ký nhận số 03"})
	}
	l.deliver(l.tranDe, TranDe, distribution.DeliveryBatch{Request: r.ID, Items: items})
}

// planKeSach drafts the budget plan on 5 August (the fund officer) and
// approves it on 9 August (the approver).
func (l *loader) planKeSach() {
	if l.err != nil {
		return
	}
	p, _, err := l.s.Distribution.CreatePlan(l.ctx, l.officer, distribution.PlanInput{Fund: "POOR",
		Title:  "[demo] Hỗ trợ hộ nghèo, cận nghèo huyện Châu Thành và Kế Sách bị ảnh hưởng dịch Covid-19, đợt 1",
		Source: "bank", Method: distribution.Budget, Budget: vnd(1_500_000_000), Unit: vnd(10_000),
		Weights: map[string]decimal.Decimal{string(households.Poor): dec("1"), string(households.NearPoor): dec("0.6")}, Districts: []string{ChauThanh, KeSach}})
	l.fail("plan", err)
	if err != nil {
		return
	}
	_, _, err = l.s.Distribution.ApprovePlan(l.ctx, l.approver, p.ID, distribution.PlanApproval{Date: day(8, 9)})
	l.fail("approval of the plan", err)
	l.sum.PlanID = p.ID
}

// kesachCommunes groups the plan's Kế Sách households with a package by
// commune, in commune order.
func (l *loader) kesachCommunes() [][]distribution.PlanHousehold {
	if l.err != nil {
		return nil
	}
	hs, err := l.s.Distribution.PlanHouseholds(l.ctx, l.sum.PlanID, KeSach, 0, 0)
	l.fail("the plan's households", err)
	var out [][]distribution.PlanHousehold
	for _, h := range hs {
		if !h.Amount.IsPositive() {
			continue
		}
		if n := len(out); n == 0 || out[n-1][0].Commune != h.Commune {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], h)
	}
	return out
}

// deliverPlan delivers the packages of Kế Sách's first n communes, one
// commune a day from first.
func (l *loader) deliverPlan(n int, first ledger.Date) {
	for i, c := range l.kesachCommunes() {
		if i == n {
			break
		}
		l.deliverCommune(c, first.AddDays(i), i+1)
	}
}

// deliverPlanLate delivers the fifth commune's packages on date.
func (l *loader) deliverPlanLate(date ledger.Date) {
	if cs := l.kesachCommunes(); len(cs) > 4 {
		l.deliverCommune(cs[4], date, 5)
	}
}

func (l *loader) deliverCommune(hs []distribution.PlanHousehold, date ledger.Date, list int) {
	name := hs[0].Commune
	if u, ok := l.s.Households.Tree().Unit(name); ok {
		name = u.Name
	}
	items := make([]distribution.DeliveryInput, len(hs))
	for i, h := range hs {
		items[i] = distribution.DeliveryInput{Household: h.Code, Date: date, HandedOverBy: "[demo] Lâm Văn Sơn",
			Proof: fmt.Sprintf("[demo] Danh sách ký nhận số %02d – %s", list, name)}
	}
	l.deliver(l.keSach, KeSach, distribution.DeliveryBatch{Plan: l.sum.PlanID, Items: items})
}
