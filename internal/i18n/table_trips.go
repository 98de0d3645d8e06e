package i18n

// Relief trips (chuyến xe nghĩa tình) and frontline support: their entry
// sources, the public-disclosure workbook's sheet and the /use page's list.

var (
	_ = def("source.relief-trip", "Chuyến xe nghĩa tình số", "Relief trip no.")
	_ = def("source.frontline-support", "Hỗ trợ tuyến đầu số", "Frontline support no.")
	_ = def("trip_kind.trip", "Chuyến xe nghĩa tình", "Relief trip")
	_ = def("trip_kind.frontline", "Hỗ trợ lực lượng tuyến đầu", "Frontline support")
)

// The workbook's sheet and columns.
var (
	SheetTrips          = def("sheet.relief_trips", "Chuyến xe, tuyến đầu", "Trips, frontline")
	ColTripNo           = def("col.trip_no", "Số", "No.")
	ColTripKind         = def("col.trip_kind", "Loại", "Kind")
	ColTripFrom         = def("col.trip_from", "Từ ngày", "From")
	ColTripTo           = def("col.trip_to", "Đến ngày", "To")
	ColTripDestination  = def("col.trip_destination", "Nơi đến", "Destination")
	ColTripInside       = def("col.trip_inside", "Trong tỉnh", "In the province")
	ColTripOrganisation = def("col.trip_organisation", "Tổ chức, nhóm được hỗ trợ", "Organisation or group served")
	ColTripPeople       = def("col.trip_people", "Số người được hỗ trợ", "People reached")
	ColTripMoneyVND     = def("col.trip_money_vnd", "Tiền (đồng)", "Money (VND)")
	ColTripGoods        = def("col.trip_goods", "Hàng", "Goods")
	ColTripGoodsVND     = def("col.trip_goods_vnd", "Giá trị hàng (đồng)", "Goods value (VND)")
	ColTripStatus       = def("col.trip_status", "Tình trạng", "Status")
	TripYes             = def("trip.yes", "Có", "Yes")
	TripNo              = def("trip.no", "Không", "No")
	TripCancelled       = def("trip.cancelled", "Đã hủy ngày %s (tiền %s đồng, hàng %s đồng không tính)", "Cancelled on %s (money %s VND, goods %s VND not counted)")
)

// The /use page's list of trips.
var (
	_ = def("web.use.trips_title", "Chuyến xe nghĩa tình và hỗ trợ lực lượng tuyến đầu", "Relief trips and frontline support")
	_ = def("web.use.trips_caption", "Từng chuyến: ngày, nơi đến, tổ chức được hỗ trợ, số người, tiền và hàng", "Each trip: date, destination, organisation served, people reached, money and goods")
	_ = def("web.use.trip_date", "Ngày", "Date")
	_ = def("web.use.trip_kind", "Loại", "Kind")
	_ = def("web.use.trip_destination", "Nơi đến", "Destination")
	_ = def("web.use.trip_organisation", "Tổ chức, nhóm", "Organisation or group")
	_ = def("web.use.trip_people", "Số người", "People reached")
	_ = def("web.use.trip_money", "Tiền (đồng)", "Money (VND)")
	_ = def("web.use.trip_goods", "Hàng", "Goods")
	_ = def("web.use.trip_cancelled", "đã hủy", "cancelled")
	_ = def("web.use.trips_count", "Số chuyến xe, lượt hỗ trợ tuyến đầu", "Relief trips and frontline supports")
)
