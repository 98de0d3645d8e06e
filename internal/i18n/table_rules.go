package i18n

// Rules by date: the console's page of the regulations in
// force (web/console_rules.go).
var (
	ConsoleRulesTitle = def("console.rules.title", "Quy định theo thời gian", "Rules by date")
	ConsoleRulesIntro = def("console.rules.intro",
		"Văn bản áp dụng cho việc vận động, tiếp nhận, phân phối theo từng thời kỳ. Mỗi tham số kèm điều, khoản làm căn cứ; tham số chưa tìm được điều, khoản ghi «chưa rõ» và không được áp dụng.",
		"The regulation on mobilising, receiving and distributing in force in each period. Each parameter comes with the article and clause it rests on; one whose clause was not found reads «unknown» and enforces nothing.")
	ConsoleRulesDate = def("console.rules.date", "Ngày", "Date")
)

var (
	_ = def("console.rules.in_force", "Đang áp dụng ngày %s", "In force on %s")
	_ = def("console.rules.period", "Hiệu lực từ %s đến %s", "In force from %s to %s")
	_ = def("console.rules.period_open", "Hiệu lực từ %s", "In force from %s")
	_ = def("console.rules.parameter", "Tham số", "Parameter")
	_ = def("console.rules.value", "Giá trị", "Value")
	_ = def("console.rules.counts_from", "Tính từ", "Counts from")
	_ = def("console.rules.source", "Căn cứ", "Source")
	_ = def("console.rules.note", "Ghi chú", "Note")
	_ = def("console.rules.secondary", "theo bản tóm tắt đã công bố:", "as read in a published summary:")
	_ = def("console.rules.none", "Không có văn bản nào áp dụng vào ngày này.", "No regulation is in force on this date.")
	_ = def("console.rules.docs", "Những gì đã tìm được và chưa tìm được trong văn bản: docs/rules.md.", "What was found in the legal texts and what was not: docs/rules.md.")

	_ = def("rules.unknown", "chưa rõ", "unknown")
	_ = def("rules.days", "%d ngày", "%d days")
	_ = def("rules.article", "Điều %s", "Article %s")
	_ = def("rules.clause", "khoản %s", "clause %s")

	_ = def("rules.param.delivery_deadline", "Thời hạn phân phối", "Delivery deadline")
	_ = def("rules.param.receiving_period", "Thời gian tiếp nhận", "Receiving period")
	_ = def("rules.param.public_disclosure", "Công khai", "Public disclosure")
	_ = def("rules.param.who_may_receive", "Ai được vận động, tiếp nhận", "Who may mobilise and receive")
	_ = def("rules.param.reporting_cadence", "Chế độ báo cáo", "Reporting")

	_ = def("rules.counts_from.end_of_receiving", "ngày kết thúc tiếp nhận", "the end of receiving")
	_ = def("rules.counts_from.campaign_launch", "ngày phát động", "the campaign's launch")
)
