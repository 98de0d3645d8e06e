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

// The console's page (web/console_trips.go).
var (
	ConsoleTripsTitle = def("console.trips.title", "Chuyến xe nghĩa tình, hỗ trợ tuyến đầu", "Relief trips and frontline support")
	ConsoleTripsIntro = def("console.trips.intro", "Tiền và hàng trao cho bà con ngoài tỉnh, chốt kiểm dịch, khu cách ly, lực lượng y tế: cả chuyến ghi một bút toán, đủ hoặc không ghi gì.",
		"Money and goods for people outside the province, checkpoints, quarantine sites, medical staff: the whole trip is one entry, all or nothing.")
	_ = def("console.trips.new", "Ghi chuyến mới", "Record a trip")
	_ = def("console.trips.kind", "Loại", "Kind")
	_ = def("console.trips.destination", "Nơi đến", "Destination")
	_ = def("console.trips.inside", "Trong tỉnh", "Inside the province")
	_ = def("console.trips.from", "Từ ngày (ngày ghi sổ)", "From (posting date)")
	_ = def("console.trips.to", "Đến ngày", "To")
	_ = def("console.trips.organisation", "Tổ chức, nhóm được hỗ trợ", "Organisation or group served")
	_ = def("console.trips.people", "Số người được hỗ trợ", "People reached")
	_ = def("console.trips.note", "Ghi chú", "Note")
	_ = def("console.trips.proof", "Chứng từ (số biên bản, tên tệp, đường dẫn)", "Proof (minutes number, file name, link)")
	_ = def("console.trips.goods", "Hàng: kho, mặt hàng, số lượng", "Goods: warehouse, item, quantity")
	_ = def("console.trips.warehouse", "Kho", "Warehouse")
	_ = def("console.trips.item", "Mặt hàng", "Item")
	_ = def("console.trips.quantity", "Số lượng (để trống nếu không có hàng)", "Quantity (empty for no goods)")
	_ = def("console.trips.account", "Tài khoản tiền", "Money account")
	_ = def("console.trips.amount", "Số tiền (đồng, để trống nếu không có tiền)", "Amount (VND, empty for no money)")
	_ = def("console.trips.submit", "Ghi chuyến", "Record the trip")
	_ = def("console.trips.done", "Đã ghi chuyến số %d.", "Trip no. %d recorded.")
	_ = def("console.trips.list", "Các chuyến đã ghi", "Trips recorded")
	_ = def("console.trips.none", "Chưa có chuyến nào.", "No trip yet.")
	_ = def("console.trips.money", "Tiền (đồng)", "Money (VND)")
	_ = def("console.trips.goods_value", "Giá trị hàng (đồng)", "Goods value (VND)")
	_ = def("console.trips.cancelled", "đã hủy", "cancelled")
)
