package story

import (
	"github.com/shopspring/decimal"

	"reliefledger/distribution"
	"reliefledger/donations"
	"reliefledger/goods"
)

// trips records, in August 2021, a relief trip (chuyến xe nghĩa tình) to
// Sóc Trăng people in Ho Chi Minh City with rice and money, and frontline
// support — masks and medical kits given on 14 August, and money — to a
// quarantine site.
func (l *loader) trips() {
	l.give("", donations.Input{Fund: "COVID", Channel: donations.InKind, Warehouse: goods.ProvinceWarehouse, DonorName: "[demo] Công ty CP Dược phẩm Sông Hậu",
		Lines: []donations.LineInput{
			{Item: "MASKS", Unit: "hộp", Quantity: decimal.NewFromInt(500), UnitValue: decimal.NewFromInt(60_000)},
			{Item: "MEDKIT", Unit: "bộ", Quantity: decimal.NewFromInt(300), UnitValue: decimal.NewFromInt(150_000)},
		}, ReceivedDate: day(8, 14), Description: "[demo] Khẩu trang và túi thuốc cho lực lượng tuyến đầu"})
	l.trip(distribution.TripInput{Fund: "COVID", Kind: distribution.TripRelief, Destination: "TP. Hồ Chí Minh", InsideProvince: false,
		From: day(8, 15), To: day(8, 17), Organisation: "[demo] Hội đồng hương Sóc Trăng tại TP. Hồ Chí Minh", PeopleReached: 420,
		Note: "[demo] Chuyến xe nghĩa tình: gạo và tiền cho bà con Sóc Trăng kẹt lại TP.HCM", Proofs: []string{"[demo] Biên bản bàn giao số 05/BB-MTTQ"},
		Goods: []distribution.TripGoodsInput{{Warehouse: goods.ProvinceWarehouse, Item: "RICE", Unit: "kg", Quantity: decimal.NewFromInt(1000)}},
		Money: []distribution.TripMoneyInput{{Account: "COVID:1120", Amount: decimal.NewFromInt(50_000_000)}}})
	l.trip(distribution.TripInput{Fund: "COVID", Kind: distribution.TripFrontline, Destination: "Khu cách ly tập trung Trường Chính trị tỉnh", InsideProvince: true,
		From: day(8, 16), Organisation: "[demo] Ban chỉ huy khu cách ly tập trung tỉnh", PeopleReached: 120,
		Proofs: []string{"[demo] Biên bản giao nhận số 06/BB-MTTQ"},
		Goods: []distribution.TripGoodsInput{
			{Warehouse: goods.ProvinceWarehouse, Item: "MASKS", Quantity: decimal.NewFromInt(200)},
			{Warehouse: goods.ProvinceWarehouse, Item: "MEDKIT", Quantity: decimal.NewFromInt(100)},
		},
		Money: []distribution.TripMoneyInput{{Account: "COVID:1110", Amount: decimal.NewFromInt(10_000_000)}}})
}

func (l *loader) trip(in distribution.TripInput) {
	if l.err != nil {
		return
	}
	_, _, err := l.s.Distribution.CreateTrip(l.ctx, l.officer, "", in)
	l.fail("trip to "+in.Destination, err)
	l.sum.Trips++
}
