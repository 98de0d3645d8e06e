package i18n

// A plan approved in part (web/console_approve.go, the plan's page): the
// districts the approver ticks, the reason for those left out.

// The messages the handler writes.
var (
	ConsolePartialAllExcluded   = def("console.partial.all_excluded", "Không thể bỏ tất cả các huyện: hãy giữ ít nhất một huyện, hoặc để phương án ở dạng dự thảo.", "Every district cannot be left out: keep at least one, or leave the plan a draft.")
	ConsolePartialReasonMissing = def("console.partial.reason_missing", "Hãy ghi lý do không duyệt các huyện đã bỏ chọn.", "Give the reason for leaving out the unticked districts.")
	ConsolePartialNotInPlan     = def("console.partial.not_in_plan", "Huyện không có trong phương án này.", "The district is not in this plan.")
)

// The plan's page.
var (
	_ = def("console.partial.districts", "Các huyện được duyệt", "Districts approved")
	_ = def("console.partial.districts_hint", "Bỏ chọn huyện không duyệt: các hộ của huyện đó ra khỏi phương án, bút toán chỉ gồm các huyện được chọn. Số tiền của từng huyện không đổi.",
		"Untick a district to leave it out: its households leave the plan and the entry covers the ticked districts only. Each district's amount stays as computed.")
	_ = def("console.partial.reason", "Lý do không duyệt các huyện bỏ chọn", "Reason for leaving out the unticked districts")
	_ = def("console.partial.reason_hint", "Bắt buộc khi bỏ chọn một huyện.", "Required when a district is unticked.")
	_ = def("console.partial.excluded", "Các huyện không được duyệt", "Districts left out")
	_ = def("console.partial.excluded_intro", "Phương án được duyệt một phần. Lý do: %s", "The plan was approved in part. Reason: %s")
	_ = def("console.partial.excluded_households", "Số hộ có suất", "Households with a package")
	_ = def("console.partial.excluded_amount", "Số tiền theo dự thảo", "Amount in the draft")
	_ = def("console.partial.done", "Đã phê duyệt một phần, hạch toán ngày %s (bút toán số %d): %d huyện không được duyệt.", "Approved in part, posted on %s (entry no. %d): %d districts left out.")
)

// The workbooks' plan subject line (exports/distribution.go).
var PlanApprovedInPart = def("console.partial.subject", "duyệt một phần, không gồm huyện %s (lý do: %s)", "approved in part, without district(s) %s (reason: %s)")
