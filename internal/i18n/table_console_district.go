package i18n

// The district officer's console pages (web/district*.go): households,
// the import of a commune's list, deliveries, the unreached households.

// Areas and messages the handlers use.
var (
	ConsoleDistrictHouseholdsTitle = def("console.district.households.title", "Hộ nghèo, cận nghèo", "Households")
	ConsoleDistrictHouseholdsIntro = def("console.district.households.intro",
		"Danh sách hộ của huyện: tìm, lọc theo xã và loại hộ, sửa thông tin kèm lý do, xem lịch sử thay đổi.",
		"The district's households: search, filter by commune and category, edit with a reason, see the history.")
	ConsoleDistrictImportTitle = def("console.district.import.title", "Nhập danh sách của xã", "Import a commune's list")
	ConsoleDistrictImportIntro = def("console.district.import.intro",
		"Tải lên tệp Excel (.xlsx) hoặc CSV: mọi dòng lỗi được liệt kê trước, chưa ghi hộ nào; chỉ khi hết lỗi mới xác nhận ghi vào sổ hộ.",
		"Upload an Excel (.xlsx) or CSV file: every bad row is listed first and nothing is registered; only a list without problems can be confirmed.")
	ConsoleDistrictDeliveriesTitle = def("console.district.deliveries.title", "Cấp phát cho hộ", "Deliveries")
	ConsoleDistrictDeliveriesIntro = def("console.district.deliveries.intro",
		"Chọn phương án đã duyệt và xã, đánh dấu các hộ đã nhận (ngày, người trao), hoặc tải lên danh sách đã ký nhận.",
		"Pick an approved plan and a commune, mark the households that received their package (date, who handed over), or upload the signed list.")
	ConsoleDistrictUnreachedTitle = def("console.district.unreached.title", "Hộ chưa được nhận", "Unreached households")
	ConsoleDistrictUnreachedIntro = def("console.district.unreached.intro",
		"Các hộ đủ điều kiện của một phương án (hoặc của một quỹ trong một thời gian) mà chưa nhận được gì.",
		"Eligible households of a plan (or of a fund over a period) that received nothing.")

	ConsoleDistrictBadCategory    = def("console.district.bad_category", "Loại hộ không hợp lệ.", "The category is not valid.")
	ConsoleDistrictBadStatus      = def("console.district.bad_status", "Tình trạng không hợp lệ.", "The status is not valid.")
	ConsoleDistrictReasonRequired = def("console.district.reason_required", "Hãy ghi lý do thay đổi.", "Give the reason for the change.")
	ConsoleDistrictBadMembers     = def("console.district.bad_members", "Số nhân khẩu phải là một số từ 1 đến 50.", "Members must be a number from 1 to 50.")
	ConsoleDistrictStale          = def("console.district.stale", "Hộ này vừa được người khác sửa. Dưới đây là thông tin mới nhất; hãy xem lại rồi sửa lại nếu cần.", "Someone else changed this household meanwhile. The current values are shown below; check them and edit again if needed.")
	ConsoleDistrictNoFile         = def("console.district.no_file", "Hãy chọn một tệp .xlsx hoặc .csv.", "Choose an .xlsx or .csv file.")
	ConsoleDistrictImportExpired  = def("console.district.import_expired", "Tệp đã kiểm tra không còn được lưu (quá một giờ hoặc máy chủ khởi động lại): hãy tải lên lại.", "The checked file is no longer kept (over an hour, or the server restarted): upload it again.")
	ConsoleDistrictRequestsTitle  = def("console.district.requests.title", "Đề nghị hỗ trợ", "Allocation requests")
	ConsoleDistrictRequestsIntro  = def("console.district.requests.intro",
		"Lập đề nghị hỗ trợ của huyện và theo dõi việc xét duyệt.", "File the district's requests for aid and follow their decision.")
	ConsoleDistrictBadAmount      = def("console.district.bad_amount", "Số lượng không hợp lệ: hãy ghi một số, ví dụ 50.000.000.", "The amount is not valid: write a number, e.g. 50000000.")
	ConsoleDistrictBadHouseholds  = def("console.district.bad_households", "Số hộ phải là một số nguyên.", "Households must be a whole number.")
	ConsoleDistrictBeforeApproval = def("console.district.before_approval", "Ngày nhận trước ngày duyệt phương án (%s): hãy ghi ngày từ ngày duyệt trở đi.",
		"The date is before the plan's approval (%s): deliver on or after it.")
	ConsoleDistrictFutureDate       = def("console.district.future_date", "Ngày nhận không được ở tương lai.", "The date is in the future.")
	ConsoleDistrictHandedOverBy     = def("console.district.handed_over_by_rule", "Hãy ghi người trao (tối đa 200 ký tự).", "Say who handed over (at most 200 characters).")
	ConsoleDistrictAlreadyDelivered = def("console.district.already_delivered", "Các hộ sau đã nhận phần của phương án này rồi, không ghi lại: %s. Không hộ nào được ghi.",
		"These households already received this plan's package: %s. Nothing was recorded.")
	ConsoleDistrictBadDate    = def("console.district.bad_date", "Ngày không hợp lệ (năm-tháng-ngày).", "The date is not valid (year-month-day).")
	ConsoleDistrictNoneTicked = def("console.district.none_ticked", "Hãy đánh dấu ít nhất một hộ đã nhận.", "Tick at least one household that received its package.")
)

// The households list and one household.
var (
	_ = def("console.district.search", "Tên chủ hộ hoặc mã hộ", "Head's name or household code")
	_ = def("console.district.district", "Huyện", "District")
	_ = def("console.district.all_districts", "Mọi huyện", "All districts")
	_ = def("console.district.commune", "Xã, phường, thị trấn", "Commune")
	_ = def("console.district.all_communes", "Mọi xã", "All communes")
	_ = def("console.district.category", "Loại hộ", "Category")
	_ = def("console.district.all_categories", "Mọi loại", "All categories")
	_ = def("console.district.status", "Tình trạng", "Status")
	_ = def("console.district.all_statuses", "Mọi tình trạng", "All statuses")
	_ = def("console.district.code", "Mã hộ", "Code")
	_ = def("console.district.head", "Chủ hộ", "Head of household")
	_ = def("console.district.national_id", "CCCD/CMND", "ID number")
	_ = def("console.district.phone", "Điện thoại", "Phone")
	_ = def("console.district.hamlet", "Ấp, khóm", "Hamlet")
	_ = def("console.district.members", "Nhân khẩu", "Members")
	_ = def("console.district.flags", "Diện ưu tiên", "Priority flags")
	_ = def("console.district.version", "Phiên bản", "Version")
	_ = def("console.district.updated", "Cập nhật", "Updated")
	_ = def("console.district.import_link", "Nhập danh sách của xã", "Import a commune's list")
	_ = def("console.district.history", "Lịch sử thay đổi", "History")
	_ = def("console.district.no_history", "Chưa có thay đổi nào từ khi đăng ký.", "No change since it was registered.")
	_ = def("console.district.at", "Lúc", "At")
	_ = def("console.district.by", "Người sửa (mã)", "By (user no.)")
	_ = def("console.district.reason", "Lý do", "Reason")
	_ = def("console.district.changes", "Thay đổi", "Changes")
	_ = def("console.district.edit", "Sửa thông tin hộ", "Edit the household")
	_ = def("console.district.reason_hint", "Bắt buộc; được lưu trong lịch sử.", "Required; kept in the history.")
	_ = def("console.district.save", "Lưu thay đổi", "Save the change")
	_ = def("console.district.saved", "Đã lưu thay đổi.", "The change was saved.")
	_ = def("console.district.back", "← Danh sách hộ", "← Households")
	_ = def("console.district.phone_hidden", "Vai trò của bạn không xem và không sửa số điện thoại.", "Your role does not see or change phone numbers.")

	_ = def("console.district.hstatus.active", "đang trong danh sách", "active")
	_ = def("console.district.hstatus.graduated", "đã thoát nghèo", "graduated")
	_ = def("console.district.hstatus.moved", "đã chuyển đi", "moved")
	_ = def("console.district.hstatus.dissolved", "không còn", "dissolved")

	_ = def("console.district.flag.r68", "Nghị quyết 68", "Resolution 68")
	_ = def("console.district.flag.elderly_head", "chủ hộ cao tuổi", "elderly head")
	_ = def("console.district.flag.disability", "có người khuyết tật", "disability")
	_ = def("console.district.flag.ethnic_minority", "dân tộc thiểu số", "ethnic minority")
	_ = def("console.district.flag.female_head", "chủ hộ là nữ", "female head")
	_ = def("console.district.flag.young_children", "có trẻ dưới 6 tuổi", "young children")
)

// The import.
var (
	_ = def("console.district.file", "Tệp danh sách (.xlsx hoặc .csv)", "List file (.xlsx or .csv)")
	_ = def("console.district.check", "Kiểm tra tệp", "Check the file")
	_ = def("console.district.checked", "Tệp %s: dòng tiêu đề là dòng %d, %s dòng dữ liệu, %s dòng hợp lệ, %s dòng có lỗi.",
		"File %s: header on row %d, %s data rows, %s valid, %s with problems.")
	_ = def("console.district.has_problems", "Có %s lỗi. Chưa ghi hộ nào: hãy sửa tệp rồi tải lên lại.",
		"%s problems. Nothing was registered: fix the file and upload it again.")
	_ = def("console.district.row", "Dòng", "Row")
	_ = def("console.district.column", "Cột", "Column")
	_ = def("console.district.problem", "Lỗi", "Problem")
	_ = def("console.district.ready", "Không có lỗi: %s hộ nghèo, %s hộ cận nghèo sẵn sàng ghi vào sổ hộ.",
		"No problems: %s poor and %s near-poor households are ready to be registered.")
	_ = def("console.district.confirm", "Xác nhận ghi vào sổ hộ", "Register them")
	_ = def("console.district.empty_file", "Tệp không có dòng dữ liệu nào.", "The file has no data rows.")
	_ = def("console.district.imported", "Đã ghi %s hộ vào sổ hộ (%s hộ nghèo, %s hộ cận nghèo) từ tệp %s.",
		"%s households registered (%s poor, %s near-poor) from %s.")
	_ = def("console.district.another", "Nhập tệp khác", "Import another file")
	_ = def("console.district.see_list", "Xem danh sách hộ", "See the households")
	_ = def("console.district.truncated", "Chỉ hiện 5.000 lỗi đầu tiên.", "Only the first 5,000 problems are shown.")
)

// Deliveries and the unreached.
var (
	_ = def("console.district.plan", "Phương án đã duyệt", "Approved plan")
	_ = def("console.district.pick_plan", "Chọn phương án", "Pick a plan")
	_ = def("console.district.no_plans", "Huyện chưa có phương án nào đã duyệt.", "The district has no approved plan.")
	_ = def("console.district.plan_option", "Số %d · duyệt ngày %s · %s", "No. %d · approved %s · %s")
	_ = def("console.district.pick_commune", "Chọn xã", "Pick a commune")
	_ = def("console.district.commune_count", "%s: đã nhận %s/%s hộ", "%s: %s of %s households received")
	_ = def("console.district.open", "Mở danh sách", "Open the list")
	_ = def("console.district.list_of", "Danh sách cấp phát: %s", "Distribution list: %s")
	_ = def("console.district.open_count", "Còn %s hộ chưa nhận.", "%s households have not received theirs yet.")
	_ = def("console.district.recorded", "Đã ghi nhận cấp phát cho %s hộ.", "%s deliveries recorded.")
	_ = def("console.district.members_n", "%d người", "%d members")
	_ = def("console.district.package", "Mức hỗ trợ", "Package")
	_ = def("console.district.received", "Đã nhận", "Received")
	_ = def("console.district.received_on", "Đã nhận ngày %s, người trao: %s", "Received on %s, handed over by %s")
	_ = def("console.district.tick", "Đánh dấu đã nhận", "Mark received")
	_ = def("console.district.date", "Ngày nhận", "Date received")
	_ = def("console.district.handed_over_by", "Người trao", "Handed over by")
	_ = def("console.district.record", "Ghi nhận đã cấp phát", "Record the deliveries")
	_ = def("console.district.all_done", "Mọi hộ của xã đã nhận.", "Every household of the commune has received its package.")
	_ = def("console.district.signed", "Tải lên danh sách đã ký nhận", "Upload the signed list")
	_ = def("console.district.signed_hint", "Tệp danh sách cấp phát của phương án (tải ở trang Tải bảng tính), các dòng đã nhận được đánh dấu x và ngày.",
		"The plan's distribution-list workbook (from the Workbooks page), with the received rows marked x and dated.")
	_ = def("console.district.signed_file", "Tệp danh sách đã ký (.xlsx)", "Signed list (.xlsx)")
	_ = def("console.district.signed_by", "Người trao (cho các dòng không ghi)", "Handed over by (for rows that do not say)")
	_ = def("console.district.upload", "Tải lên và ghi nhận", "Upload and record")
	_ = def("console.district.pick_district", "Chọn huyện", "Pick a district")
	_ = def("console.district.fund", "Hoặc một quỹ", "Or a fund")
	_ = def("console.district.no_unreached", "Mọi hộ đủ điều kiện đã nhận.", "Every eligible household received something.")
	_ = def("console.district.pick_scope", "Chọn một phương án, hoặc một quỹ và thời gian.", "Pick a plan, or a fund and a period.")
)

// Requests.
var (
	_ = def("console.district.filed", "Đã lập đề nghị số %d.", "Request no. %d filed.")
	_ = def("console.district.see_request", "Xem đề nghị", "See the request")
	_ = def("console.district.filed_at", "Ngày lập", "Filed")
	_ = def("console.district.asked", "Đề nghị", "Asked")
	_ = def("console.district.approved", "Được duyệt", "Approved")
	_ = def("console.district.file_request", "Lập đề nghị mới", "File a request")
	_ = def("console.district.amount", "Số tiền (đồng) hoặc số lượng", "Amount (đồng) or quantity")
	_ = def("console.district.item", "Mã hàng (nếu xin hàng)", "Item code (for goods)")
	_ = def("console.district.item_hint", "Để trống nếu xin tiền; ví dụ RICE, NOODLES.", "Leave empty for money; e.g. RICE, NOODLES.")
	_ = def("console.district.households_n", "Số hộ cần hỗ trợ", "Households to reach")
	_ = def("console.district.file_button", "Gửi đề nghị", "File the request")
	_ = def("console.district.request_title", "Đề nghị số %d", "Request no. %d")
	_ = def("console.district.decision_reason", "Lý do quyết định", "Reason of the decision")
	_ = def("console.district.decided_at", "Ngày quyết định", "Decided")
	_ = def("console.district.entry", "Bút toán", "Entry")
	_ = def("console.district.rstatus.pending", "đang chờ duyệt", "pending")
	_ = def("console.district.rstatus.approved", "đã duyệt", "approved")
	_ = def("console.district.rstatus.rejected", "bị từ chối", "rejected")
)
