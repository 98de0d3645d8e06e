package i18n

// The web pages' texts (package web). Templates name them by key, e.g.
// {{.T "web.nav.home"}}; Go code by variable.

// The layout: header, navigation, footer.
var (
	_ = def("web.site", "Minh bạch cứu trợ Sóc Trăng", "Sóc Trăng relief, in the open")
	_ = def("web.site_sub", "Ủy ban MTTQ Việt Nam tỉnh Sóc Trăng", "Vietnam Fatherland Front, Sóc Trăng province")
	_ = def("web.skip", "Bỏ qua, đến nội dung chính", "Skip to main content")
	_ = def("web.nav.label", "Các trang", "Pages")
	_ = def("web.nav.home", "Các quỹ", "Funds")
	_ = def("web.nav.donations", "Tra cứu ủng hộ", "Search donations")
	_ = def("web.nav.use", "Tiền đã đi đâu", "Where the money went")
	_ = def("web.nav.downloads", "Tải về", "Downloads")
	_ = def("web.lang.switch", "English", "Tiếng Việt")
	_ = def("web.lang.switch_label", "Switch to English", "Chuyển sang tiếng Việt")
	_ = def("web.signin", "Đăng nhập", "Sign in")
	_ = def("web.account", "Tài khoản: %s", "Account: %s")
	_ = def("web.footer", "Số liệu lấy trực tiếp từ sổ kế toán kép của quỹ; mọi bút toán được nối chuỗi băm và ký định kỳ.",
		"Figures come straight from the funds' double-entry books; every entry is hash-chained and signed at checkpoints.")
	_ = def("web.footer.api", "Dữ liệu máy đọc được: API công khai", "Machine-readable data: the public API")
)

// Messages.
var (
	WebNotFoundTitle = def("web.not_found.title", "Không tìm thấy trang", "Page not found")
	WebNotFoundText  = def("web.not_found.text", "Trang bạn tìm không có. Hãy kiểm tra lại địa chỉ.", "There is no such page. Please check the address.")
	WebErrorTitle    = def("web.error.title", "Đã có lỗi", "Something went wrong")
	WebErrorText     = def("web.error.text", "Máy chủ gặp lỗi khi tạo trang này. Xin thử lại sau ít phút.", "The server failed to make this page. Please try again in a few minutes.")
)

// The funds page.
var (
	_ = def("web.home.title", "Các quỹ cứu trợ", "Relief funds")
	_ = def("web.home.intro", "Mỗi quỹ: số đã nhận, đã cấp phát cho người dân và còn giữ, theo sổ kế toán.",
		"Each fund: what it received, what it gave out and what it holds, from its books.")
	_ = def("web.fund.opening", "Số dư đầu kỳ", "Opening balance")
	_ = def("web.fund.received", "Đã nhận", "Received")
	_ = def("web.fund.distributed", "Đã cấp phát", "Distributed")
	_ = def("web.fund.payable", "Phải trả, đang giữ hộ", "Payable, held meanwhile")
	_ = def("web.fund.on_hand", "Hiện còn", "On hand")
	_ = def("web.fund.figures", "Số liệu của quỹ %s (đồng)", "Figures of %s (VND)")
	_ = def("web.dong", "đồng", "VND")
)
