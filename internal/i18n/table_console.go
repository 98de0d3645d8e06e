package i18n

// The staff console's texts (web/console*.go, web/auditor*.go).

// The frame and the home page.
var (
	ConsoleForbiddenText = def("console.forbidden", "Vai trò của bạn không được dùng trang này.", "Your role may not use this page.")
	ConsoleBadCursor     = def("console.bad_cursor", "Liên kết trang sau không hợp lệ; hãy mở lại danh sách từ đầu.",
		"The next-page link is not valid; open the list again from its start.")
	ConsoleBadLimit = def("console.bad_limit", "Số dòng mỗi trang “%s” không hợp lệ: hãy chọn từ 1 đến 500.",
		"“%s” rows a page is not valid: choose 1 to 500.")
	ConsoleBadUser     = def("console.bad_user", "Mã người dùng “%s” không hợp lệ: hãy ghi một số.", "User no. “%s” is not valid: write a number.")
	ConsoleBadPlan     = def("console.bad_plan", "Số kế hoạch “%s” không hợp lệ: hãy ghi một số.", "Plan no. “%s” is not valid: write a number.")
	ConsoleUnknownFund = def("console.unknown_fund", "Không có quỹ mã “%s”.", "There is no fund with code “%s”.")
	ConsoleAsOf        = def("console.as_of", "Đến hết ngày", "As of")
	_                  = def("console.title", "Bàn làm việc", "Console")
	_                  = def("console.intro", "Các việc vai trò của bạn được làm. Quyền của từng trang giống hệt quyền của API.",
		"The work your role may do. Each page allows exactly the roles the API allows.")
	_ = def("console.nav_label", "Bàn làm việc", "Console")
	_ = def("console.none", "Vai trò của bạn chưa có trang nào ở đây; các việc của bạn làm qua API (xem trang tài khoản).",
		"Your role has no pages here yet; your work is done through the API (see your account page).")
	_ = def("console.next", "Trang sau →", "Next page →")
	_ = def("console.first", "← Về trang đầu", "← First page")
	_ = def("console.show", "Xem", "Show")
	_ = def("console.all_funds", "Mọi quỹ", "All funds")
	_ = def("console.empty", "Không có dòng nào.", "No rows.")
)

// The auditor's areas.
var (
	ConsoleJournalTitle = def("console.journal.title", "Sổ nhật ký", "Journal")
	ConsoleJournalIntro = def("console.journal.intro", "Mọi bút toán theo thứ tự ghi sổ, có lọc theo quỹ và ngày.",
		"Every entry in the order it was written, filtered by fund and date.")
	ConsoleTrialTitle = def("console.trial.title", "Bảng cân đối thử", "Trial balance")
	ConsoleTrialIntro = def("console.trial.intro", "Số dư đồng của từng tài khoản của một quỹ đến một ngày, tính lại từ các bút toán.",
		"A fund's accounts with their đồng balances as of a day, recomputed from the entries.")
	ConsoleVerifyTitle = def("console.verify.title", "Kiểm tra sổ", "Verify the books")
	ConsoleVerifyIntro = def("console.verify.intro", "Tính lại chuỗi băm, sự cân bằng của từng bút toán và mọi số dư từ các dòng ghi sổ.",
		"Recompute the hash chain, each entry's balance and every account balance from the postings.")
	ConsoleCheckpointsTitle = def("console.checkpoints.title", "Điểm mốc đã ký", "Signed checkpoints")
	ConsoleCheckpointsIntro = def("console.checkpoints.intro", "Đầu sổ (bút toán cuối và mã băm) được ký định kỳ, để việc cắt bớt sổ về sau bị phát hiện.",
		"The journal's head (last entry and its hash), signed from time to time so that truncating the journal later shows.")
)

// The journal and an entry.
var (
	_ = def("console.entry.id", "Số", "No.")
	_ = def("console.entry.date", "Ngày", "Date")
	_ = def("console.entry.kind", "Loại", "Kind")
	_ = def("console.entry.description", "Diễn giải", "Description")
	_ = def("console.entry.amount", "Số tiền (đồng)", "Amount (đồng)")
	_ = def("console.entry.title", "Bút toán số %d", "Entry no. %d")
	_ = def("console.entry.source", "Chứng từ gốc", "Source document")
	_ = def("console.entry.no_source", "không có", "none")
	_ = def("console.entry.reverses", "Đảo bút toán", "Reverses entry")
	_ = def("console.entry.hash", "Mã băm", "Hash")
	_ = def("console.entry.prev_hash", "Mã băm của bút toán trước", "Previous entry's hash")
	_ = def("console.entry.created", "Ghi lúc", "Written at")
	_ = def("console.entry.created_by", "Người ghi (mã)", "Written by (user no.)")
	_ = def("console.entry.postings", "Các dòng ghi sổ", "Postings")
	_ = def("console.entry.account", "Tài khoản", "Account")
	_ = def("console.entry.debit", "Nợ", "Debit")
	_ = def("console.entry.credit", "Có", "Credit")
	_ = def("console.entry.item", "Hàng", "Item")
	_ = def("console.entry.quantity", "Số lượng", "Quantity")
	_ = def("console.entry.back", "← Sổ nhật ký", "← Journal")
)

// Trial balance, verify, checkpoints.
var (
	_ = def("console.trial.heading", "Quỹ %s, đến hết ngày %s", "Fund %s, as of %s")
	_ = def("console.trial.total", "Cộng", "Total")
	_ = def("console.trial.balanced", "Tổng Nợ bằng tổng Có.", "Debits equal credits.")
	_ = def("console.trial.unbalanced", "Tổng Nợ KHÁC tổng Có.", "Debits DO NOT equal credits.")
	_ = def("console.trial.type", "Loại", "Type")
	_ = def("console.trial.pick", "Chọn quỹ", "Pick a fund")
	_ = def("console.verify.run", "Kiểm tra ngay", "Verify now")
	_ = def("console.verify.wait", "Việc kiểm tra đọc toàn bộ sổ; với sổ lớn có thể mất một lúc. Đừng bấm lại.",
		"Verify reads the whole journal; with big books it takes a while. Do not press twice.")
	_ = def("console.verify.ok", "Sổ đúng: không có sai lệch nào.", "The books are correct: no differences.")
	_ = def("console.verify.bad", "Phát hiện %d sai lệch.", "%d differences found.")
	_ = def("console.verify.counts", "Đã đọc %s bút toán, %s dòng ghi sổ, %s số dư. Đầu sổ: bút toán số %d, mã băm %s.",
		"Read %s entries, %s postings, %s balances. Journal head: entry no. %d, hash %s.")
	_ = def("console.verify.problem", "Sai lệch", "Difference")
	_ = def("console.checkpoints.key", "Mã khóa ký: %s", "Signing key ID: %s")
	_ = def("console.checkpoints.made", "Ký lúc", "Signed at")
	_ = def("console.checkpoints.entry", "Bút toán cuối", "Last entry")
	_ = def("console.checkpoints.public", "Ai cũng kiểm được các điểm mốc này bằng khóa công khai: ", "Anyone can check these with the public key: ")
)

// The audit log.
var (
	ConsoleAuditTitle = def("console.audit.title", "Nhật ký truy cập", "Audit log")
	ConsoleAuditIntro = def("console.audit.intro", "Mọi việc ghi và mọi lần tải bảng tính, mới nhất trước, với người làm, vai trò và kết quả.",
		"Every write and every workbook download, newest first, with who did it, their role and the outcome.")
	_ = def("console.audit.user", "Mã người dùng", "User no.")
	_ = def("console.audit.route", "Đường dẫn API", "API route")
	_ = def("console.audit.at", "Lúc", "At")
	_ = def("console.audit.who", "Người làm", "Who")
	_ = def("console.audit.action", "Việc", "Action")
	_ = def("console.audit.target", "Đối tượng", "Target")
	_ = def("console.audit.status", "Kết quả", "Status")
	_ = def("console.audit.entries", "Bút toán", "Entries")
)

// The workbooks page.
var (
	ConsoleWorkbooksTitle = def("console.workbooks.title", "Tải bảng tính", "Workbooks")
	ConsoleWorkbooksIntro = def("console.workbooks.intro", "Chọn bảng tính, quỹ, kỳ và huyện rồi tải về. Mỗi lần tải được ghi vào nhật ký truy cập.",
		"Pick a workbook, fund, period and district, then download. Every download is in the audit log.")
	ConsoleWorkbookPick = def("console.workbooks.pick", "Hãy chọn một bảng tính trong danh sách.", "Pick a workbook from the list.")
	_                   = def("console.workbooks.name", "Bảng tính", "Workbook")
	_                   = def("console.workbooks.fund_hint", "Bắt buộc với đối soát, bảng cân đối và công khai.", "Required for the reconciliation, trial balance and disclosure.")
	_                   = def("console.workbooks.as_of_hint", "Cho bảng cân đối tài khoản.", "For the trial balance.")
	_                   = def("console.workbooks.plan", "Số kế hoạch phân bổ", "Allocation plan no.")
	_                   = def("console.workbooks.plan_hint", "Bắt buộc với danh sách ký nhận.", "Required for the distribution list.")
	_                   = def("console.workbooks.download", "Tải về (.xlsx)", "Download (.xlsx)")
	_                   = def("console.workbooks.wait", "Bảng tính lớn có thể mất vài giây để bắt đầu tải; đừng bấm lại.",
		"A big workbook may take a few seconds to start; do not press twice.")
)
