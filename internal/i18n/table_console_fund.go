package i18n

// The fund officer's console pages (web/console_fund*.go): donations,
// receipts, voids and bank statement imports.

// The areas of the navigation.
var (
	ConsoleFundDonationsTitle = def("console.fund.donations.title", "Sổ biên nhận ủng hộ", "Donations register")
	ConsoleFundDonationsIntro = def("console.fund.donations.intro", "Các khoản ủng hộ đã ghi nhận, lọc theo quỹ, ngày, hình thức và tên người ủng hộ.",
		"The donations recorded, filtered by fund, date, channel and donor name.")
	ConsoleFundNewTitle = def("console.fund.new.title", "Ghi nhận khoản ủng hộ", "Record a donation")
	ConsoleFundNewIntro = def("console.fund.new.intro", "Tiền mặt, chuyển khoản, ngoại tệ hoặc hiện vật; ghi xong là có biên nhận để in.",
		"Cash, bank transfer, foreign currency or goods; once recorded, the receipt is ready to print.")
	ConsoleFundStatementsTitle = def("console.fund.statements.title", "Nhập sao kê ngân hàng", "Import a bank statement")
	ConsoleFundStatementsIntro = def("console.fund.statements.intro",
		"Tải lên sao kê (CSV hoặc XLSX). Hệ thống kiểm tra trước, chưa ghi gì; bạn xem số dòng, tổng tiền, các dòng lỗi và dòng trùng rồi mới xác nhận. Nhập lại cùng sao kê không ghi trùng.",
		"Upload a statement (CSV or XLSX). It is checked first and nothing is recorded; you see the counts, totals, problem lines and duplicates, then confirm. Importing the same statement again records nothing twice.")
)

// Messages of the pages' Go code.
var (
	ConsoleFundBadChannel = def("console.fund.bad_channel", "Hình thức “%s” không hợp lệ.", "Channel “%s” is not valid.")
	ConsoleFundBadStatus  = def("console.fund.bad_status", "Trạng thái “%s” không hợp lệ.", "Status “%s” is not valid.")
	ConsoleFundNoFile     = def("console.fund.no_file", "Hãy chọn tệp sao kê (CSV hoặc XLSX).", "Choose the statement file (CSV or XLSX).")
	ConsoleFundFileGone   = def("console.fund.file_gone", "Không còn tệp đã kiểm tra (quá 24 giờ hoặc phiên đăng nhập khác); hãy tải tệp lên lại.",
		"The checked file is no longer here (over 24 hours, or another session); upload it again.")
	ConsoleFundPickFund = def("console.fund.pick_fund", "Hãy chọn quỹ.", "Choose the fund.")

	// The domain's messages the forms show most, in the page's language.
	ConsoleFundMsgPositive       = def("console.fund.msg.positive", "Số tiền phải lớn hơn 0.", "The amount must be more than zero.")
	ConsoleFundMsgAmountRequired = def("console.fund.msg.amount_required", "Hãy ghi số tiền (đồng), ví dụ 1.500.000.", "Write the amount (đồng), e.g. 1,500,000.")
	ConsoleFundMsgDateRequired   = def("console.fund.msg.date_required", "Hãy ghi ngày nhận.", "Write the date received.")
	ConsoleFundMsgFuture         = def("console.fund.msg.future", "Ngày nhận không được sau ngày mai.", "The date received must not be after tomorrow.")
	ConsoleFundMsgDonor          = def("console.fund.msg.donor", "Hãy chọn nhà hảo tâm trong danh sách, ghi tên, hoặc đánh dấu ẩn danh.",
		"Pick a donor from the registry, write a name, or tick anonymous.")
	ConsoleFundMsgDonorBoth = def("console.fund.msg.donor_both", "Đã chọn nhà hảo tâm trong danh sách thì không ghi thêm tên mới.",
		"A donor picked from the registry needs no new name.")
	ConsoleFundMsgBankRef = def("console.fund.msg.bank_ref", "Chuyển khoản cần số tham chiếu của ngân hàng (như trên sao kê).",
		"A bank transfer needs the bank's reference (as on the statement).")
	ConsoleFundMsgBankRefOnly = def("console.fund.msg.bank_ref_only", "Chỉ chuyển khoản mới có số tham chiếu ngân hàng.", "Only bank transfers have a bank reference.")
	ConsoleFundMsgLines       = def("console.fund.msg.lines", "Ủng hộ hiện vật cần ít nhất một dòng hàng (mặt hàng, số lượng, đơn giá).",
		"A donation in kind needs at least one goods line (item, quantity, value per unit).")
	ConsoleFundMsgReason    = def("console.fund.msg.reason", "Hãy ghi lý do hủy (tối đa 300 ký tự).", "Write the reason for the void (at most 300 characters).")
	ConsoleFundMsgNotNumber = def("console.fund.msg.not_number", "“%s” không phải là số; ví dụ 1.500.000.", "“%s” is not a number; e.g. 1,500,000.")
	ConsoleFundMsgNotDate   = def("console.fund.msg.not_date", "“%s” không phải là ngày (ngày/tháng/năm).", "“%s” is not a date (YYYY-MM-DD).")
	ConsoleFundMsgVoidDate  = def("console.fund.msg.void_date", "Ngày hủy không được trước ngày nhận khoản ủng hộ.", "The void's date must not be before the donation was received.")
)

// The register and the forms.
var (
	_ = def("console.fund.all_channels", "Mọi hình thức", "All channels")
	_ = def("console.fund.all_status", "Mọi trạng thái", "Any status")
	_ = def("console.fund.channel", "Hình thức", "Channel")
	_ = def("console.fund.status", "Trạng thái", "Status")
	_ = def("console.fund.earmark", "Chỉ định", "Earmark")
	_ = def("console.fund.q", "Tìm", "Search")
	_ = def("console.fund.q_hint", "Tên người ủng hộ (không dấu cũng được), số tham chiếu hoặc số biên nhận.",
		"Donor name (accents optional), bank reference or receipt number.")
	_ = def("console.fund.not_published", "không công khai tên", "name not published")
	_ = def("console.fund.back", "← Sổ biên nhận", "← Donations register")
	_ = def("console.fund.fix_fields", "Chưa ghi được: hãy sửa các ô có đánh dấu ⚠ bên dưới.", "Not recorded: correct the fields marked ⚠ below.")
	_ = def("console.fund.donor_search", "Tìm trong danh sách nhà hảo tâm", "Search the donor registry")
	_ = def("console.fund.donor_search_hint", "Gõ không dấu cũng được, ví dụ: nguyen van an. Tìm trước khi điền các ô khác.",
		"Accents optional, e.g. nguyen van an. Search before filling in the other fields.")
	_ = def("console.fund.find", "Tìm", "Search")
	_ = def("console.fund.donor_new", "Không chọn: ghi tên người ủng hộ ở ô dưới", "None: write the donor's name below")
	_ = def("console.fund.donors_more", "Còn nhiều người khác khớp; hãy gõ thêm chữ để thu hẹp.", "More donors match; type more to narrow the list.")
	_ = def("console.fund.donors_none", "Không có nhà hảo tâm nào khớp “%s”; hãy ghi tên ở ô dưới.", "No donor matches “%s”; write the name below.")
	_ = def("console.fund.donor_name", "Hoặc tên người ủng hộ (chưa có trong danh sách)", "Or the donor's name (not in the registry)")
	_ = def("console.fund.anonymous", "Không công khai tên (biên nhận công khai ghi “Nhà hảo tâm (ẩn danh)”)",
		"Do not publish the name (the public receipt says “Nhà hảo tâm (ẩn danh)”)")
	_ = def("console.fund.donor_kind.individual", "cá nhân", "individual")
	_ = def("console.fund.donor_kind.organisation", "tổ chức", "organisation")
	_ = def("console.fund.donor_kind.business", "doanh nghiệp", "business")
	_ = def("console.fund.donor_kind.religious", "cơ sở tôn giáo", "religious body")
	_ = def("console.fund.donor_kind.overseas", "kiều bào, nước ngoài", "overseas")
	_ = def("console.fund.money", "Tiền (tiền mặt hoặc chuyển khoản)", "Money (cash or bank transfer)")
	_ = def("console.fund.amount", "Số tiền (đồng)", "Amount (đồng)")
	_ = def("console.fund.amount_hint", "Ví dụ 1.500.000. Với ngoại tệ có thể để trống: tính từ số ngoại tệ × tỷ giá.",
		"E.g. 1,500,000. For foreign currency it may be left empty: it is the original amount × the rate.")
	_ = def("console.fund.currency", "Loại tiền", "Currency")
	_ = def("console.fund.currency_hint", "VND, hoặc mã ngoại tệ như USD.", "VND, or a currency code such as USD.")
	_ = def("console.fund.original_amount", "Số ngoại tệ", "Amount in the currency")
	_ = def("console.fund.rate", "Tỷ giá (đồng cho một đơn vị ngoại tệ)", "Rate (đồng per unit of currency)")
	_ = def("console.fund.bank_ref_hint", "Chỉ với chuyển khoản: số tham chiếu như trên sao kê.", "Bank transfers only: the reference as on the statement.")
	_ = def("console.fund.goods", "Hiện vật", "Goods (in kind)")
	_ = def("console.fund.goods_hint", "Chỉ với hình thức hiện vật: tối đa %d dòng; cần nhiều hơn thì dùng API.",
		"In-kind donations only: up to %d lines; for more, use the API.")
	_ = def("console.fund.warehouse", "Kho nhận", "Receiving warehouse")
	_ = def("console.fund.warehouse_default", "Kho tỉnh (mặc định)", "Province warehouse (default)")
	_ = def("console.fund.item", "Mặt hàng", "Item")
	_ = def("console.fund.quantity", "Số lượng", "Quantity")
	_ = def("console.fund.unit_value", "Đơn giá (đồng)", "Value per unit (đồng)")
	_ = def("console.fund.earmark_none", "Không chỉ định", "No earmark")
	_ = def("console.fund.earmark_district", "Cho huyện", "For a district")
	_ = def("console.fund.earmark_category", "Cho nhóm hộ", "For a group of households")
	_ = def("console.fund.record", "Ghi nhận và lập biên nhận", "Record and issue the receipt")
	_ = def("console.fund.wait", "Đang ghi, xin chờ…", "Recording, please wait…")
)

// The receipt and the void.
var (
	_ = def("console.fund.receipt.org", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sóc Trăng", "Vietnam Fatherland Front Committee of Sóc Trăng province")
	_ = def("console.fund.receipt.heading", "Biên nhận ủng hộ số", "Donation receipt no.")
	_ = def("console.fund.receipt.recorded", "Đã ghi nhận: biên nhận %s.", "Recorded: receipt %s.")
	_ = def("console.fund.receipt.paper", "Khổ giấy in", "Paper")
	_ = def("console.fund.receipt.print_hint", "In bằng lệnh In của trình duyệt (Ctrl+P).", "Print with the browser's Print command (Ctrl+P).")
	_ = def("console.fund.receipt.giver", "Người nộp", "Given by")
	_ = def("console.fund.receipt.receiver", "Người nhận", "Received by")
	_ = def("console.fund.receipt.sign", "(Ký, ghi rõ họ tên)", "(Signature and full name)")
	_ = def("console.fund.void.title", "Hủy biên nhận", "Void the receipt")
	_ = def("console.fund.void.intro", "Hủy là ghi một bút toán đảo, không xóa gì; số biên nhận vẫn được giữ và trang công khai ghi rõ đã hủy.",
		"A void records a reversing entry and deletes nothing; the receipt number stays used and the public page says it was voided.")
	_ = def("console.fund.void.reason", "Lý do hủy", "Reason")
	_ = def("console.fund.void.date", "Ngày hủy", "Date of the void")
	_ = def("console.fund.void.date_hint", "Ngày hạch toán của việc hủy; không trước ngày nhận.", "The void's accounting date; not before the date received.")
	_ = def("console.fund.void.submit", "Hủy biên nhận này", "Void this receipt")
)

// The statement import.
var (
	_ = def("console.fund.statements.file", "Tệp sao kê", "Statement file")
	_ = def("console.fund.statements.file_hint", "CSV hoặc XLSX như ngân hàng xuất ra; cần cột ngày và số tiền.",
		"CSV or XLSX as the bank exports it; it needs the date and amount columns.")
	_ = def("console.fund.statements.check", "Kiểm tra (chưa ghi)", "Check (records nothing)")
	_ = def("console.fund.statements.wait_check", "Đang đọc và kiểm tra tệp, xin chờ…", "Reading and checking the file, please wait…")
	_ = def("console.fund.statements.wait", "Đang nhập, xin chờ; sao kê lớn có thể mất vài phút…", "Importing, please wait; a large statement may take minutes…")
	_ = def("console.fund.statements.preview", "Kết quả kiểm tra — chưa ghi gì.", "Check result — nothing recorded yet.")
	_ = def("console.fund.statements.preview_text", "Xem lại rồi bấm xác nhận để nhập.", "Review, then confirm to import.")
	_ = def("console.fund.statements.done", "Đã nhập: %s khoản ủng hộ mới vào quỹ %s.", "Imported: %s new donations to fund %s.")
	_ = def("console.fund.statements.lines", "Dòng trong tệp", "Lines in the file")
	_ = def("console.fund.statements.to_create", "Sẽ ghi nhận", "To record")
	_ = def("console.fund.statements.created", "Đã ghi nhận", "Recorded")
	_ = def("console.fund.statements.duplicates", "Trùng (đã có trong sổ)", "Duplicates (already in the books)")
	_ = def("console.fund.statements.rejected", "Dòng lỗi, không nhập", "Problem lines, not imported")
	_ = def("console.fund.statements.adds_up", "Ghi nhận + trùng + lỗi = tổng của tệp.", "Recorded + duplicates + problems = the file's total.")
	_ = def("console.fund.statements.duplicates_text", "%s dòng đã được nhập từ một sao kê trước (cùng ngày, số tham chiếu, số tiền): sẽ không ghi lại.",
		"%s lines were imported from an earlier statement (same day, reference and amount): they are not recorded again.")
	_ = def("console.fund.statements.problems", "Các dòng lỗi", "Problem lines")
	_ = def("console.fund.statements.problems_cut", "Chỉ liệt kê %s dòng lỗi đầu tiên.", "Only the first %s problem lines are listed.")
	_ = def("console.fund.statements.duplicate_lines", "Các dòng trùng (đã có trong sổ, không ghi lại)", "Duplicate lines (already in the books, not recorded again)")
	_ = def("console.fund.statements.duplicates_cut", "Chỉ liệt kê %s dòng trùng đầu tiên.", "Only the first %s duplicate lines are listed.")
	_ = def("console.fund.statements.line", "Dòng", "Line")
	_ = def("console.fund.statements.line_no", "Dòng %d", "Line %d")
	_ = def("console.fund.statements.reason", "Lý do", "Reason")
	_ = def("console.fund.statements.confirm", "Xác nhận nhập %s khoản ủng hộ", "Confirm: import %s donations")
	_ = def("console.fund.statements.nothing", "Không có dòng mới nào để nhập.", "There is no new line to import.")
	_ = def("console.fund.statements.see_donations", "Xem các khoản chuyển khoản trong sổ biên nhận", "See the bank transfers in the donations register")
	_ = def("console.fund.statements.another", "Nhập sao kê khác", "Import another statement")
)

// Stock by warehouse.
var (
	ConsoleFundStockTitle = def("console.fund.stock.title", "Tồn kho theo kho", "Stock by warehouse")
	ConsoleFundStockIntro = def("console.fund.stock.intro", "Hàng hóa mỗi kho đang giữ, theo quỹ và chỉ định: số lượng và giá trị bình quân.",
		"What each warehouse holds, by fund and earmark: quantity and value at average cost.")
	_ = def("console.fund.stock.warehouse", "Kho", "Warehouse")
	_ = def("console.fund.stock.all_warehouses", "Mọi kho", "All warehouses")
	_ = def("console.fund.stock.all_items", "Mọi mặt hàng", "All items")
	_ = def("console.fund.stock.value", "Giá trị (đồng)", "Value (đồng)")
	_ = def("console.fund.stock.unit_cost", "Đơn giá bình quân (đồng)", "Average unit cost (đồng)")
	_ = def("console.fund.stock.total", "Cộng giá trị của kho", "The warehouse's total value")
	_ = def("console.fund.stock.empty", "Không có hàng tồn nào khớp.", "No stock matches.")
	_ = def("console.fund.stock.valuation", "Giá trị tính theo bình quân gia quyền di động, theo thứ tự ghi sổ; đơn giá làm tròn đến đồng.",
		"Values are at moving weighted average cost, in the order of the journal; unit costs are rounded to the đồng.")
)

// Allocation plans.
var (
	ConsoleFundPlansTitle = def("console.fund.plans.title", "Kế hoạch phân bổ", "Allocation plans")
	ConsoleFundPlansIntro = def("console.fund.plans.intro", "Các kế hoạch phân bổ tiền hoặc hàng cho các huyện; bản nháp chờ lãnh đạo phê duyệt.",
		"Plans allocating money or goods to the districts; a draft waits for an approver.")
	_ = def("console.fund.plans.back", "← Kế hoạch phân bổ", "← Allocation plans")
	_ = def("console.fund.plan_status.draft", "Bản nháp, chờ duyệt", "Draft, awaiting approval")
	_ = def("console.fund.plan_status.approved", "Đã duyệt", "Approved")
	_ = def("console.fund.plan_new.title", "Lập kế hoạch phân bổ", "Draft an allocation plan")
	_ = def("console.fund.plan_new.intro", "Kế hoạch được tính ngay cho từng huyện và từng hộ; ghi xong là bản nháp gửi lãnh đạo phê duyệt.",
		"The plan is computed at once for each district and household; once recorded, the draft goes to the approvers.")
	_ = def("console.fund.plan_new.fix", "Chưa lập được: hãy sửa các ô có đánh dấu ⚠ bên dưới.", "Not drafted: correct the fields marked ⚠ below.")
	_ = def("console.fund.plan_new.submit", "Lập bản nháp và gửi duyệt", "Draft and send for approval")
	_ = def("console.fund.plan_new.wait", "Đang tính phân bổ, xin chờ…", "Computing the allocation, please wait…")
	_ = def("console.fund.plan.heading", "Kế hoạch số %d", "Plan no. %d")
	_ = def("console.fund.plan.created", "Đã lập bản nháp và gửi lãnh đạo phê duyệt.", "Drafted and sent for approval.")
	_ = def("console.fund.plan.awaiting", "nằm trong danh sách chờ duyệt của lãnh đạo", "in the approvers' queue")
	_ = def("console.fund.plan.title_field", "Tên kế hoạch", "Title")
	_ = def("console.fund.plan.what", "Phân bổ", "Allocates")
	_ = def("console.fund.plan.money", "Tiền (đồng)", "Money (đồng)")
	_ = def("console.fund.plan.source", "Nguồn", "Source")
	_ = def("console.fund.plan.source_default", "Mặc định (tiền: tài khoản ngân hàng; hàng: kho tỉnh)", "Default (money: the bank account; goods: the province warehouse)")
	_ = def("console.fund.plan.source_hint", "Tiền lấy từ ngân hàng hoặc tiền mặt; hàng lấy từ một kho.", "Money comes from the bank or cash; goods from a warehouse.")
	_ = def("console.fund.plan.designation", "Dùng khoản chỉ định", "Spends the earmarked")
	_ = def("console.fund.plan.designation_none", "Không (khoản không chỉ định)", "None (unearmarked)")
	_ = def("console.fund.plan.method", "Cách chia", "Method")
	_ = def("console.fund.plan.method.rates", "Mức cố định cho mỗi hộ theo nhóm", "A fixed package per household by group")
	_ = def("console.fund.plan.method.budget", "Chia một tổng số theo nhu cầu có trọng số", "Split a budget by weighted need")
	_ = def("console.fund.plan.rate_poor", "Mức cho hộ nghèo", "Package for a poor household")
	_ = def("console.fund.plan.rate_near_poor", "Mức cho hộ cận nghèo", "Package for a near-poor household")
	_ = def("console.fund.plan.budget", "Tổng số chia", "Budget to split")
	_ = def("console.fund.plan.unit", "Làm tròn đến", "Rounding unit")
	_ = def("console.fund.plan.weight_poor", "Trọng số hộ nghèo", "Weight of a poor household")
	_ = def("console.fund.plan.weight_near_poor", "Trọng số hộ cận nghèo", "Weight of a near-poor household")
	_ = def("console.fund.plan.per_member", "Nhân trọng số với số nhân khẩu", "Weight × household members")
	_ = def("console.fund.plan.districts", "Các huyện", "Districts")
	_ = def("console.fund.plan.districts_hint", "Không chọn huyện nào là mọi huyện.", "None ticked means every district.")
	_ = def("console.fund.plan.households", "Số hộ được nhận", "Households with a package")
	_ = def("console.fund.plan.unfunded", "%d hộ được làm tròn về 0", "%d households rounded to nothing")
	_ = def("console.fund.plan.total", "Tổng", "Total")
	_ = def("console.fund.plan.cover", "Nguồn có đủ không", "Does the source cover it")
	_ = def("console.fund.plan.cover_ok", "Nguồn đủ cho kế hoạch.", "The source covers the plan.")
	_ = def("console.fund.plan.cover_missing", "Nguồn còn thiếu %s.", "The source lacks %s.")
	_ = def("console.fund.plan.cover_text", "Tài khoản nguồn %s đang có %s; kế hoạch cần %s.", "Source account %s holds %s; the plan needs %s.")
	_ = def("console.fund.plan.by_district", "Giải trình theo huyện", "Per district, explained")
	_ = def("console.fund.plan.district", "Huyện", "District")
	_ = def("console.fund.plan.need", "Nhu cầu", "Need")
	_ = def("console.fund.plan.exact", "Phần chính xác", "Exact share")
	_ = def("console.fund.plan.floor", "Phần nguyên", "Whole units")
	_ = def("console.fund.plan.remainder", "Phần dư (đơn vị)", "Remainder (units)")
	_ = def("console.fund.plan.amount", "Được phân bổ", "Allocated")
)

// Moving goods.
var (
	ConsoleFundMovesTitle = def("console.fund.moves.title", "Điều chuyển và xuất hàng", "Transfers and issues")
	ConsoleFundMovesIntro = def("console.fund.moves.intro", "Chuyển hàng giữa các kho, hoặc xuất hàng cho một tổ chức (chốt kiểm soát, khu cách ly, đoàn cứu trợ); giá trị tính theo bình quân.",
		"Move goods between warehouses, or issue them to an organisation (a checkpoint, a quarantine site, a relief trip); valued at average cost.")
	_ = def("console.fund.moves.done", "Đã ghi sổ: bút toán số %d.", "Recorded: entry no. %d.")
	_ = def("console.fund.moves.transfer", "Điều chuyển giữa các kho", "Transfer between warehouses")
	_ = def("console.fund.moves.issue", "Xuất cho tổ chức", "Issue to an organisation")
	_ = def("console.fund.moves.from", "Từ kho", "From warehouse")
	_ = def("console.fund.moves.to", "Đến kho", "To warehouse")
	_ = def("console.fund.moves.note", "Ghi chú", "Note")
	_ = def("console.fund.moves.designation", "Hàng chỉ định", "Earmarked goods")
	_ = def("console.fund.moves.recipient", "Nơi nhận", "Recipient")
	_ = def("console.fund.moves.recipient_hint", "Chốt kiểm soát, khu cách ly hoặc đoàn cứu trợ.", "The checkpoint, quarantine site or relief trip.")
	_ = def("console.fund.moves.purpose", "Mục đích", "Purpose")
	_ = def("console.fund.moves.transfer_submit", "Ghi điều chuyển", "Record the transfer")
	_ = def("console.fund.moves.issue_submit", "Ghi xuất hàng", "Record the issue")
)

// Items and warehouses.
var (
	ConsoleFundGoodsTitle = def("console.fund.goods.title", "Mặt hàng và kho", "Items and warehouses")
	ConsoleFundGoodsIntro = def("console.fund.goods.intro", "Các loại hàng hóa (đơn vị tính không đổi khi đã có hàng) và các kho của tỉnh, huyện.",
		"The kinds of goods (a unit never changes once goods are booked) and the province's and districts' warehouses.")
	_ = def("console.fund.goods.items", "Mặt hàng", "Items")
	_ = def("console.fund.goods.warehouses", "Kho", "Warehouses")
	_ = def("console.fund.goods.code", "Mã", "Code")
	_ = def("console.fund.goods.name_vi", "Tên tiếng Việt", "Name in Vietnamese")
	_ = def("console.fund.goods.name_en", "Tên tiếng Anh", "Name in English")
	_ = def("console.fund.goods.unit", "Đơn vị tính", "Unit")
	_ = def("console.fund.goods.decimals", "Số chữ số thập phân", "Decimals")
	_ = def("console.fund.goods.decimals_hint", "0 đến 6: kg là 3, thùng, hộp là 0.", "0 to 6: kg 3, boxes 0.")
	_ = def("console.fund.goods.new_item", "Thêm mặt hàng", "Add an item")
	_ = def("console.fund.goods.add_item", "Thêm mặt hàng", "Add the item")
	_ = def("console.fund.goods.wh_name", "Tên kho", "Warehouse name")
	_ = def("console.fund.goods.province", "Tỉnh", "Province")
	_ = def("console.fund.goods.new_warehouse", "Thêm kho", "Add a warehouse")
	_ = def("console.fund.goods.add_warehouse", "Thêm kho", "Add the warehouse")
	_ = def("console.fund.goods.item_added", "Đã thêm mặt hàng %s.", "Item %s added.")
	_ = def("console.fund.goods.warehouse_added", "Đã thêm kho %s.", "Warehouse %s added.")
)
