package i18n

// Closed periods on the admin's funds page (web/console_close.go).
var (
	_ = def("console.close.through", "Khóa sổ đến", "Closed through")
	_ = def("console.close.open", "Chưa khóa", "Open")
	_ = def("console.close.title", "Khóa sổ kỳ kế toán", "Close a period")
	_ = def("console.close.intro", "Sau khi khóa sổ một quỹ đến hết một ngày, không bút toán nào của quỹ được ghi vào ngày đó hay trước đó: báo cáo đã gửi không thể bị thay đổi. Sai sót được sửa bằng bút toán đảo trong kỳ đang mở. Kỳ đã khóa không bao giờ mở lại.",
		"Once a fund is closed through a day, no entry of the fund may be dated on or before it: a report once sent cannot change. Mistakes are corrected by reversals in the open period. A closed period is never reopened.")
	_                = def("console.close.fund", "Quỹ", "Fund")
	_                = def("console.close.date", "Khóa đến hết ngày", "Close through (last day)")
	_                = def("console.close.note", "Ghi chú", "Note")
	_                = def("console.close.submit", "Khóa sổ", "Close the period")
	ConsoleCloseDone = def("console.close.done", "Đã khóa sổ quỹ %s đến hết ngày %s.", "Fund %s is closed through %s.")
)
