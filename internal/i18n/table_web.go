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
	_ = def("web.home.see_donations", "Các khoản đã nhận", "What it received")
	_ = def("web.home.see_use", "Tiền và hàng đã đi đâu", "Where it went")
	_ = def("web.fund.opening", "Số dư đầu kỳ", "Opening balance")
	_ = def("web.fund.received", "Đã nhận", "Received")
	_ = def("web.fund.distributed", "Đã cấp phát", "Distributed")
	_ = def("web.fund.payable", "Phải trả, đang giữ hộ", "Payable, held meanwhile")
	_ = def("web.fund.on_hand", "Hiện còn", "On hand")
	_ = def("web.fund.figures", "Số liệu của quỹ %s (đồng)", "Figures of %s (VND)")
	_ = def("web.dong", "đồng", "VND")
)

// The receipt page, /r/{code}.
var (
	WebReceiptNotFound     = def("web.receipt.not_found", "Không có biên nhận này", "No such receipt")
	WebReceiptNotFoundText = def("web.receipt.not_found_text", "Không có biên nhận số “%s”. Hãy kiểm tra lại số trên giấy biên nhận.",
		"There is no receipt numbered “%s”. Please check the number on the paper receipt.")
	WebReceiptQR = def("web.receipt.qr", "Mã QR dẫn đến trang kiểm tra: %s", "QR code linking to this check page: %s")
	_            = def("web.receipt.title", "Biên nhận %s", "Receipt %s")
	_            = def("web.receipt.verified", "Biên nhận này có trong sổ của quỹ.", "This receipt is in the fund's books.")
	_            = def("web.receipt.voided", "ĐÃ HỦY", "VOIDED")
	_            = def("web.receipt.voided_text", "Biên nhận này đã bị hủy ngày %s. Khoản tiền không còn được tính vào quỹ.",
		"This receipt was voided on %s. Its amount no longer counts in the fund.")
	_ = def("web.receipt.void_reason", "Lý do hủy", "Reason for voiding")
	_ = def("web.receipt.number", "Số biên nhận", "Receipt number")
	_ = def("web.receipt.date", "Ngày nhận", "Received on")
	_ = def("web.receipt.fund", "Vào quỹ", "Into fund")
	_ = def("web.receipt.donor", "Người ủng hộ", "Donor")
	_ = def("web.receipt.channel", "Hình thức", "Channel")
	_ = def("web.receipt.amount", "Số tiền", "Amount")
	_ = def("web.receipt.original", "Nguyên tệ: %s %s", "Original: %s %s")
	_ = def("web.receipt.goods", "Hiện vật", "Goods")
	_ = def("web.receipt.earmark", "Chỉ định của người ủng hộ", "Earmarked by the donor for")
	_ = def("web.receipt.bank_ref", "Mã giao dịch ngân hàng", "Bank reference")
	_ = def("web.receipt.description", "Nội dung", "Description")
	_ = def("web.receipt.entry", "Bút toán số", "Journal entry")
	_ = def("web.receipt.entry_hash", "Mã băm của bút toán", "Hash of the journal entry")
	_ = def("web.receipt.checkpoint", "Điểm ký xác nhận", "Signed checkpoint")
	_ = def("web.receipt.checkpoint_text", "Số %d, ký lúc %s, đến bút toán %d (mã băm %s), khóa %s.",
		"No. %d, signed at %s, up to entry %d (hash %s), key %s.")
	_ = def("web.receipt.checkpoint_none", "Chưa có điểm ký nào bao gồm bút toán này; điểm ký kế tiếp sẽ bao gồm nó.",
		"No checkpoint covers this entry yet; the next one will.")
	_ = def("web.receipt.how", "Cách kiểm tra: mã băm của bút toán nằm trong chuỗi băm của sổ; điểm ký là chữ ký của tỉnh trên đầu chuỗi, kiểm được bằng khóa công khai.",
		"How to check: the entry's hash is part of the journal's hash chain; the checkpoint is the province's signature over the head of that chain, checked with the public key.")
	_ = def("web.receipt.key", "Khóa công khai", "Public key")
	_ = def("web.receipt.print", "In biên nhận", "Print the receipt")
	_ = def("web.receipt.scan", "Quét mã để kiểm tra biên nhận này", "Scan to check this receipt")
)

// The donation search, /donations.
var (
	WebSearchFrom      = def("web.search.from", "Từ ngày", "From")
	WebSearchTo        = def("web.search.to", "Đến ngày", "To")
	WebSearchBadFund   = def("web.search.bad_fund", "Không có quỹ “%s”.", "There is no fund “%s”.")
	WebSearchBadAmount = def("web.search.bad_amount", "Số tiền “%s” không đọc được: hãy ghi số đồng, ví dụ 500000 hoặc 500.000.",
		"The amount “%s” cannot be read: write whole đồng, e.g. 500000 or 500,000.")
	WebSearchBadDate = def("web.search.bad_date", "%s: “%s” không phải là ngày; hãy ghi như 20/07/2021.",
		"%s: “%s” is not a date; write it like 2021-07-20.")
	WebSearchTooLong      = def("web.search.too_long", "Từ khóa quá dài: tối đa %d ký tự.", "The search words are too long: at most %d characters.")
	WebSearchTooManyWords = def("web.search.too_many_words", "Quá nhiều từ khóa: tối đa %d từ.", "Too many search words: at most %d.")
	WebSearchBadRange     = def("web.search.bad_range", "“Đến ngày” phải sau “Từ ngày”.", "“To” must not be before “From”.")
	WebSearchBadCursor    = def("web.search.bad_cursor", "Liên kết trang tiếp theo đã cũ hoặc bị sửa; hãy tìm lại từ đầu.",
		"The next-page link is old or was changed; please search again from the first page.")
	_ = def("web.search.title", "Tra cứu khoản ủng hộ", "Search donations")
	_ = def("web.search.intro", "Tìm theo tên người ủng hộ hoặc nội dung chuyển khoản (không cần dấu), số tiền, ngày, mã giao dịch ngân hàng hoặc số biên nhận. Người ủng hộ xin giấu tên được ghi là ẩn danh; số điện thoại và số tài khoản trong nội dung được che bớt.",
		"Search by donor name or transfer text (accents optional), amount, date, bank reference or receipt number. Donors who asked not to be named are shown as anonymous; phone and account numbers in transfer texts are partly hidden.")
	_ = def("web.search.q", "Tên hoặc nội dung", "Name or transfer text")
	_ = def("web.search.q_hint", "Ví dụ: nguyen van an, hoặc một phần tên", "E.g. nguyen van an, or part of a name")
	_ = def("web.search.ref", "Mã giao dịch hoặc số biên nhận", "Bank reference or receipt number")
	_ = def("web.search.amount", "Số tiền (đồng)", "Amount (VND)")
	_ = def("web.search.fund", "Quỹ", "Fund")
	_ = def("web.search.all_funds", "Tất cả các quỹ", "All funds")
	_ = def("web.search.submit", "Tìm", "Search")
	_ = def("web.search.date_hint", "Một ngày: ghi cùng ngày vào hai ô", "One day: the same date in both")
	_ = def("web.search.errors", "Chưa tìm được:", "Could not search:")
	_ = def("web.search.count", "Tìm thấy %s khoản ủng hộ.", "%s donations found.")
	_ = def("web.search.count_one", "Tìm thấy 1 khoản ủng hộ.", "1 donation found.")
	_ = def("web.search.count_capped", "Tìm thấy hơn %s khoản ủng hộ.", "More than %s donations found.")
	_ = def("web.search.count_partial", "Tìm thấy ít nhất %s khoản ủng hộ trong những khoản mới nhất đã xem; trang sau tìm tiếp.",
		"At least %s donations found among the newest searched; the next page searches on.")
	_ = def("web.search.none", "Không có khoản ủng hộ nào khớp.", "No donation matches.")
	_ = def("web.search.caption", "Các khoản ủng hộ, mới nhất trước", "Donations, newest first")
	_ = def("web.search.next", "Trang sau →", "Next page →")
	_ = def("web.search.first", "← Trang đầu", "← First page")
	_ = def("web.search.status", "Trạng thái", "Status")
)

// Charts and the use page, /use.
var (
	WebChartMillions  = def("web.chart.millions", "triệu đồng", "million VND")
	WebUseChartA      = def("web.use.chart_a", "Tiền cho hộ dân", "Money to households")
	WebUseChartB      = def("web.use.chart_b", "Cho tổ chức (tiền và hàng theo giá trị)", "To organisations (money, and goods at value)")
	WebUseChartTitle  = def("web.use.chart_title", "Hỗ trợ theo huyện, triệu đồng", "Support by district, million VND")
	WebHomeChartA     = def("web.home.chart_a", "Đã nhận", "Received")
	WebHomeChartB     = def("web.home.chart_b", "Đã cấp phát", "Distributed")
	WebHomeChartTitle = def("web.home.chart_title", "%s: nhận và cấp phát theo %s, triệu đồng", "%s: received and distributed by %s, million VND")
	WebWeek           = def("web.period.week", "tuần", "week")
	WebMonth          = def("web.period.month", "tháng", "month")
	WebWeekOf         = def("web.period.week_of", "Tuần %s", "Week of %s")
	_                 = def("web.period", "Thời gian", "Period")
	_                 = def("web.chart.table", "Số liệu của biểu đồ", "The chart's figures")
	_                 = def("web.use.title", "Tiền và hàng đã đi đâu", "Where the money and goods went")
	_                 = def("web.use.intro", "Theo từng huyện: số hộ được hỗ trợ, tiền và hàng đã trao, mức hỗ trợ bình quân mỗi hộ; và phần hỗ trợ cho các tổ chức (chốt kiểm soát, khu cách ly, chuyến hàng cứu trợ).",
		"By district: households reached, money and goods given, the average support per household; and relief to organisations (checkpoints, quarantine sites, relief trips).")
	_ = def("web.use.show", "Xem", "Show")
	_ = def("web.use.district", "Huyện", "District")
	_ = def("web.use.households", "Hộ được hỗ trợ", "Households reached")
	_ = def("web.use.paid", "Hộ nhận tiền", "Households given money")
	_ = def("web.use.to_households", "Tiền cho hộ (đồng)", "Money to households (VND)")
	_ = def("web.use.per_household", "Bình quân mỗi hộ (đồng)", "Per household (VND)")
	_ = def("web.use.goods", "Hàng hóa", "Goods")
	_ = def("web.use.orgs_title", "Hỗ trợ cho các tổ chức", "Relief to organisations")
	_ = def("web.use.orgs", "Lượt cấp cho tổ chức", "Deliveries to organisations")
	_ = def("web.use.to_orgs", "Tiền cho tổ chức (đồng)", "Money to organisations (VND)")
	_ = def("web.use.goods_to_orgs", "Hàng cho tổ chức", "Goods to organisations")
	_ = def("web.use.goods_to_orgs_value", "Giá trị hàng cho tổ chức (đồng)", "Value of goods to organisations (VND)")
	_ = def("web.use.none", "Quỹ này chưa cấp phát gì trong thời gian đã chọn.", "This fund gave nothing out in the chosen period.")
	_ = def("web.use.caption", "Hỗ trợ hộ dân theo huyện", "Support to households by district")
	_ = def("web.use.orgs_caption", "Tiền và hàng cho tổ chức theo huyện", "Money and goods to organisations by district")
	_ = def("web.use.download", "Tải bảng công khai của quỹ này (Excel, CSV)", "Download this fund's disclosure (Excel, CSV)")
)

// Downloads, /downloads.
var (
	WebDownloadBad    = def("web.download.bad", "Không tải được", "Cannot download")
	WebDownloadMadeBy = def("web.download.made_by", "trang công khai (không cần đăng nhập)", "the public portal (no sign-in)")
	_                 = def("web.download.title", "Tải về số liệu công khai", "Download the public figures")
	_                 = def("web.download.intro", "Bảng công khai tiếp nhận và sử dụng của mỗi quỹ, như trong báo cáo của Ủy ban: tệp Excel, và cùng số liệu ở dạng CSV cho máy đọc.",
		"Each fund's public disclosure of receipts and use, as in the committee's report: an Excel workbook, and the same figures as CSV for machines.")
	_ = def("web.download.xlsx", "Bảng công khai (Excel, .xlsx)", "Public disclosure (Excel, .xlsx)")
	_ = def("web.download.received_csv", "Các khoản đã nhận (CSV)", "Receipts (CSV)")
	_ = def("web.download.use_csv", "Sử dụng theo huyện (CSV)", "Use by district (CSV)")
)
