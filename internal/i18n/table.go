package i18n

// The table: every text with its key, in Vietnamese and in English.

// Titles of the workbooks.
var (
	TitleReconciliation   = def("title.reconciliation", "Đối soát quỹ", "Fund reconciliation")
	TitleJournal          = def("title.journal", "Sổ nhật ký chung", "Journal")
	TitleTrialBalance     = def("title.trial_balance", "Bảng cân đối tài khoản", "Trial balance")
	TitleDonations        = def("title.donations", "Sổ theo dõi tiếp nhận ủng hộ (biên nhận)", "Receipt register")
	TitlePublicDisclosure = def("title.public_disclosure", "Công khai tiếp nhận và sử dụng", "Public disclosure of receipts and use")
	TitleStock            = def("title.stock", "Báo cáo nhập – xuất – tồn", "Stock movement (receipts, issues, balance)")
	TitleDistributionList = def("title.distribution_list", "Danh sách hộ ký nhận hỗ trợ", "Distribution list to be signed")
	TitleDeliveries       = def("title.deliveries", "Kết quả cấp phát", "Deliveries")
	TitleFairness         = def("title.fairness", "Đánh giá công bằng phân bổ", "Fairness of distribution")
)

// Sheet names (at most 31 characters).
var (
	SheetReconciliation   = def("sheet.reconciliation", "Đối soát", "Reconciliation")
	SheetAccounts         = def("sheet.accounts", "Tài khoản", "Accounts")
	SheetJournal          = def("sheet.journal", "Nhật ký", "Journal")
	SheetTrialBalance     = def("sheet.trial_balance", "Cân đối", "Trial balance")
	SheetReceipts         = def("sheet.receipts", "Biên nhận", "Receipts")
	SheetReceived         = def("sheet.received", "Tiếp nhận", "Received")
	SheetUseOfFunds       = def("sheet.use_of_funds", "Sử dụng", "Use of funds")
	SheetStock            = def("sheet.stock", "Nhập xuất tồn", "Stock movement")
	SheetStockCards       = def("sheet.stock_cards", "Thẻ kho", "Stock cards")
	SheetDistributionList = def("sheet.distribution_list", "Danh sách ký nhận", "Distribution list")
	SheetDeliveries       = def("sheet.deliveries", "Cấp phát", "Deliveries")
	SheetByDistrict       = def("sheet.by_district", "Theo huyện", "By district")
	SheetAmounts          = def("sheet.amounts", "Mức hỗ trợ", "Amounts")
	SheetProvince         = def("sheet.province", "Toàn tỉnh", "Province")
	SheetDefinitions      = def("sheet.definitions", "Định nghĩa", "Definitions")
	SheetByCommune        = def("sheet.by_commune", "Theo xã", "By commune")
)

// The title block, header and footer of every workbook.
var (
	PeriodFromTo    = def("period.from_to", "Kỳ: %s – %s", "Period: %s – %s")
	PeriodTo        = def("period.to", "Đến ngày %s", "Up to %s")
	PeriodFrom      = def("period.from", "Từ ngày %s", "From %s")
	PeriodAsOf      = def("period.as_of", "Tại ngày %s", "As of %s")
	PeriodAll       = def("period.all", "Toàn bộ thời gian", "All dates")
	MadeByUser      = def("made.by_user", "%s (người dùng %d, %s)", "%s (user %d, %s)")
	MadeByOperator  = def("made.by_operator", "người vận hành máy chủ (lệnh reliefd export)", "the server's operator (reliefd export)")
	MadeAt          = def("made.at", "Lập lúc %s (giờ Việt Nam) · Người lập: %s", "Made at %s (Vietnam time) · by %s")
	JournalHead     = def("made.journal_head", "Sổ nhật ký đến bút toán số %d, mã băm %s", "Journal up to entry %d, hash %s")
	FooterMade      = def("made.footer", "Lập lúc %s · sổ nhật ký đến bút toán %d (%s)", "Made at %s · journal up to entry %d (%s)")
	PageOf          = def("page.of", "Trang {page} / {pages}", "Page {page} of {pages}")
	PlanSubject     = def("subject.plan", "Phương án số %d: %s", "Plan %d: %s")
	PlanApprovedOn  = def("subject.plan_approved_on", "duyệt ngày %s", "approved on %s")
	ProvinceLevel   = def("subject.province_level", "Cấp tỉnh", "Province")
	RegionFull      = def("region.full", "%[1]s %[2]s", "%[2]s %[1]s")
	EarmarkPurpose  = def("earmark.purpose", "mục đích: %s", "purpose: %s")
	EarmarkFor      = def("earmark.for", "chỉ định: %s", "earmarked: %s")
	Total           = def("total", "Cộng", "Total")
	TotalValue      = def("total.value", "Cộng (giá trị)", "Total (value)")
	CheckOK         = def("check.ok", "Khớp", "OK")
	CheckMismatch   = def("check.mismatch", "LỆCH", "MISMATCH")
	ProvinceUnknown = def("place.unknown", "……", "……")
)

// Signature blocks.
var (
	SignPlace           = def("sign.place", "%s, ngày …… tháng …… năm ……", "%s, date ……………………")
	SignPreparer        = def("sign.preparer", "Người lập biểu", "Prepared by")
	SignChiefAccountant = def("sign.chief_accountant", "Kế toán trưởng", "Chief accountant")
	SignHead            = def("sign.head", "Thủ trưởng đơn vị", "Head of the unit")
	SignHint            = def("sign.hint", "(Ký, họ tên)", "(Signature, full name)")
)

// Column titles.
var (
	ColItemLine                = def("col.item_line", "Khoản mục", "Item")
	ColAmountVND               = def("col.amount_vnd", "Số tiền (đồng)", "Amount (VND)")
	ColOfWhichVND              = def("col.of_which_vnd", "Trong đó (đồng)", "Of which (VND)")
	ColNote                    = def("col.note", "Ghi chú", "Note")
	ColCheck                   = def("col.check", "Kiểm tra", "Check")
	ColLeftVND                 = def("col.left_vnd", "Vế trái (đồng)", "Left (VND)")
	ColRightVND                = def("col.right_vnd", "Vế phải (đồng)", "Right (VND)")
	ColResult                  = def("col.result", "Kết quả", "Result")
	ColAccountCode             = def("col.account_code", "Số hiệu TK", "Account")
	ColAccountName             = def("col.account_name", "Tên tài khoản", "Account name")
	ColAccountType             = def("col.account_type", "Loại", "Type")
	ColOpening                 = def("col.opening", "Đầu kỳ (đồng)", "Opening (VND)")
	ColIncrease                = def("col.increase", "Tăng (đồng)", "In (VND)")
	ColDecrease                = def("col.decrease", "Giảm (đồng)", "Out (VND)")
	ColClosing                 = def("col.closing", "Cuối kỳ (đồng)", "Closing (VND)")
	ColDebitBalanceVND         = def("col.debit_balance_vnd", "Dư Nợ (đồng)", "Debit (VND)")
	ColCreditBalanceVND        = def("col.credit_balance_vnd", "Dư Có (đồng)", "Credit (VND)")
	ColEntry                   = def("col.entry", "Số bút toán", "Entry")
	ColDate                    = def("col.date", "Ngày", "Date")
	ColEntryKind               = def("col.entry_kind", "Loại bút toán", "Kind")
	ColDescription             = def("col.description", "Diễn giải", "Description")
	ColSource                  = def("col.source", "Chứng từ", "Source document")
	ColReverses                = def("col.reverses", "Đảo bút toán", "Reverses")
	ColLine                    = def("col.line", "Dòng", "Line")
	ColDebitVND                = def("col.debit_vnd", "Nợ (đồng)", "Debit (VND)")
	ColCreditVND               = def("col.credit_vnd", "Có (đồng)", "Credit (VND)")
	ColItem                    = def("col.item", "Hàng hóa", "Item")
	ColQuantity                = def("col.quantity", "Số lượng", "Quantity")
	ColUnit                    = def("col.unit", "ĐVT", "Unit")
	ColHash                    = def("col.hash", "Mã băm", "Hash")
	ColReceiptNo               = def("col.receipt_no", "Số biên nhận", "Receipt")
	ColReceivedOn              = def("col.received_on", "Ngày nhận", "Received")
	ColFund                    = def("col.fund", "Quỹ", "Fund")
	ColDonor                   = def("col.donor", "Nhà tài trợ", "Donor")
	ColPublishedAs             = def("col.published_as", "Tên công khai", "Published as")
	ColChannel                 = def("col.channel", "Hình thức", "Channel")
	ColBankRef                 = def("col.bank_ref", "Số tham chiếu NH", "Bank reference")
	ColEarmark                 = def("col.earmark", "Chỉ định", "Earmark")
	ColStatus                  = def("col.status", "Trạng thái", "Status")
	ColCountedVND              = def("col.counted_vnd", "Ghi nhận trong kỳ (đồng)", "Counted in the period (VND)")
	ColContent                 = def("col.content", "Nội dung", "Description")
	ColDistrict                = def("col.district", "Huyện", "District")
	ColCommune                 = def("col.commune", "Xã", "Commune")
	ColHouseholdsReached       = def("col.households_reached", "Số hộ được hỗ trợ", "Households reached")
	ColHouseholdsPaid          = def("col.households_paid", "Số hộ nhận tiền", "Households given money")
	ColToHouseholdsVND         = def("col.to_households_vnd", "Hỗ trợ hộ (đồng)", "To households (VND)")
	ColPerHouseholdVND         = def("col.per_household_vnd", "Bình quân mỗi hộ (đồng)", "Per household (VND)")
	ColOrganisations           = def("col.organisations", "Số lượt tổ chức", "Organisations")
	ColToOrganisationsVND      = def("col.to_organisations_vnd", "Hỗ trợ tổ chức (đồng)", "To organisations (VND)")
	ColGoodsToOrganisations    = def("col.goods_to_organisations", "Hàng cho tổ chức", "Goods to organisations")
	ColGoodsToOrganisationsVND = def("col.goods_to_organisations_vnd", "Giá trị hàng cho tổ chức (đồng)", "Goods to organisations (VND)")
	ColGoods                   = def("col.goods", "Hàng hóa", "Goods")
	ColWarehouse               = def("col.warehouse", "Kho", "Warehouse")
	ColOpeningQty              = def("col.opening_qty", "Tồn đầu SL", "Opening qty")
	ColOpeningVND              = def("col.opening_vnd", "Tồn đầu (đồng)", "Opening (VND)")
	ColInQty                   = def("col.in_qty", "Nhập SL", "In qty")
	ColInVND                   = def("col.in_vnd", "Nhập (đồng)", "In (VND)")
	ColOutQty                  = def("col.out_qty", "Xuất SL", "Out qty")
	ColOutVND                  = def("col.out_vnd", "Xuất (đồng)", "Out (VND)")
	ColClosingQty              = def("col.closing_qty", "Tồn cuối SL", "Closing qty")
	ColClosingVND              = def("col.closing_vnd", "Tồn cuối (đồng)", "Closing (VND)")
	ColLedgerQty               = def("col.ledger_qty", "Sổ cái SL", "Ledger qty")
	ColLedgerVND               = def("col.ledger_vnd", "Sổ cái (đồng)", "Ledger (VND)")
	ColBalanceQty              = def("col.balance_qty", "Tồn SL", "Balance qty")
	ColBalanceVND              = def("col.balance_vnd", "Tồn (đồng)", "Balance (VND)")
	ColNo                      = def("col.no", "STT", "No")
	ColHouseholdCode           = def("col.household_code", "Mã hộ", "Household code")
	ColHeadOfHousehold         = def("col.head_of_household", "Chủ hộ", "Head of household")
	ColNationalID              = def("col.national_id", "CCCD", "National ID")
	ColHamlet                  = def("col.hamlet", "Ấp", "Hamlet")
	ColCategory                = def("col.category", "Diện", "Category")
	ColMembers                 = def("col.members", "Nhân khẩu", "Members")
	ColPackage                 = def("col.package", "Mức hỗ trợ", "Package")
	ColPackageVND              = def("col.package_vnd", "Mức hỗ trợ (đồng)", "Package (VND)")
	ColPackageIn               = def("col.package_in", "Mức hỗ trợ (%s)", "Package (%s)")
	ColReceivedMark            = def("col.received_mark", "Đã nhận (x)", "Received (x)")
	ColReceivedOnList          = def("col.received_on_list", "Ngày nhận", "Date received")
	ColHandedOverBy            = def("col.handed_over_by", "Người trao", "Handed over by")
	ColSignature               = def("col.signature", "Ký nhận", "Signature")
	ColID                      = def("col.id", "Số", "ID")
	ColPlan                    = def("col.plan", "Phương án", "Plan")
	ColRequest                 = def("col.request", "Đề nghị", "Request")
	ColOrganisation            = def("col.organisation", "Tổ chức", "Organisation")
	ColMoneyVND                = def("col.money_vnd", "Tiền (đồng)", "Money (VND)")
	ColProof                   = def("col.proof", "Chứng từ", "Proof")
	ColPoor                    = def("col.poor", "Hộ nghèo", "Poor")
	ColNearPoor                = def("col.near_poor", "Hộ cận nghèo", "Near-poor")
	ColEligible                = def("col.eligible", "Đủ điều kiện", "Eligible")
	ColReached                 = def("col.reached", "Đã nhận", "Reached")
	ColCoverage                = def("col.coverage", "Độ bao phủ %", "Coverage %")
	ColExclusionError          = def("col.exclusion_error", "Sai sót loại trừ %", "Exclusion error %")
	ColInclusionErrors         = def("col.inclusion_errors", "Nhận ngoài danh sách", "Inclusion errors")
	ColReceivedVND             = def("col.received_vnd", "Đã nhận (đồng)", "Received (VND)")
	ColReceivedQty             = def("col.received_qty", "Đã nhận (số lượng)", "Received (quantity)")
	ColWeightedNeed            = def("col.weighted_need", "Nhu cầu quy đổi", "Weighted need")
	ColPerWeighted             = def("col.per_weighted", "Mỗi hộ quy đổi", "Per weighted household")
	ColRelativeToMean          = def("col.relative_to_mean", "So với bình quân", "Relative to mean")
	ColShareOfTotal            = def("col.share_of_total", "Tỷ trọng nhận %", "Share of total %")
	ColShareOfNeed             = def("col.share_of_need", "Tỷ trọng nhu cầu %", "Share of need %")
	ColRequested               = def("col.requested", "Đề nghị", "Requested")
	ColApproved                = def("col.approved", "Được duyệt", "Approved")
	ColMedianDays              = def("col.median_days", "Số ngày (trung vị)", "Median days")
	ColMaxDays                 = def("col.max_days", "Số ngày (tối đa)", "Max days")
	ColLateDeliveries          = def("col.late_deliveries", "Giao trễ", "Late deliveries")
	ColFlag                    = def("col.flag", "Cảnh báo", "Flag")
	ColEntitled                = def("col.entitled", "Được hưởng", "Entitled")
	ColFulfilled               = def("col.fulfilled", "Đã cấp theo phần được hưởng", "Fulfilled")
	ColFulfilment              = def("col.fulfilment", "Hoàn thành %", "Fulfilment %")
	ColFigure                  = def("col.figure", "Chỉ số", "Figure")
	ColDefinition              = def("col.definition", "Định nghĩa", "Definition")
	ColHouseholds              = def("col.households", "Số hộ", "Households")
	ColPercent                 = def("col.percent", "Tỷ lệ %", "Percent")
	ColAmount                  = def("col.amount", "Số tiền hoặc số lượng", "Amount or quantity")
	ColRatio                   = def("col.ratio", "Hệ số", "Ratio")
)

// The reconciliation.
var (
	ReconOpening             = def("recon.opening", "Số dư đầu kỳ", "Opening balance")
	ReconOpeningNote         = def("recon.opening_note", "tài sản của quỹ (tiền, hàng) ngày trước kỳ", "the fund's assets (money, goods) the day before the period")
	ReconOpeningNoneNote     = def("recon.opening_none_note", "kỳ tính từ khi lập quỹ", "the period starts when the fund began")
	ReconReceiptsBy          = def("recon.receipts_by", "Thu: %s", "Receipts: %s")
	ReconReceiptsNote        = def("recon.receipts_note", "trừ biên nhận hủy trong kỳ, theo ngày hủy", "less receipts voided in the period, on the void's date")
	ReconReceipts            = def("recon.receipts", "Tổng thu", "Total receipts")
	ReconDisbursedTo         = def("recon.disbursed_to", "Chi: %s", "Disbursed: %s")
	ReconDisbursed           = def("recon.disbursed", "Tổng chi", "Total disbursed")
	ReconOther               = def("recon.other", "Điều chỉnh khác", "Other movements")
	ReconOtherNote           = def("recon.other_note", "số dư đầu, điều chỉnh (bút toán thủ công)", "openings, adjustments (manual entries)")
	ReconInternal            = def("recon.internal", "Luân chuyển nội bộ", "Internal moves")
	ReconInternalNote        = def("recon.internal_note", "phân bổ về huyện, điều chuyển kho: luôn bằng 0", "allocations to districts, warehouse transfers: always 0")
	ReconClosingComputed     = def("recon.closing_computed", "Số dư cuối kỳ (tính)", "Closing balance (computed)")
	ReconClosingComputedNote = def("recon.closing_computed_note", "đầu kỳ + thu − chi + điều chỉnh", "opening + receipts − disbursed + other")
	ReconClosingLedger       = def("recon.closing_ledger", "Số dư cuối kỳ (sổ cái)", "Closing balance (ledger)")
	ReconClosingLedgerNote   = def("recon.closing_ledger_note", "tổng số dư tài khoản tài sản ngày %s", "asset balances on %s")
	CheckClosing             = def("check.closing", "Cuối kỳ tính = cuối kỳ sổ cái", "Computed closing = ledger closing")
	CheckRegister            = def("check.register", "Tổng thu = sổ biên nhận trong kỳ", "Receipts = receipt register of the period")
	CheckMoneyOut            = def("check.money_out", "Chi tiền = kết quả cấp phát tiền, chuyến xe nghĩa tình và hỗ trợ tuyến đầu trong kỳ", "Money disbursed = money deliveries, relief trips and frontline support of the period")
	CheckInternal            = def("check.internal", "Luân chuyển nội bộ = 0", "Internal moves = 0")
	CheckTrialBalance        = def("check.trial_balance", "Cân đối ngày %s: Dư Nợ = Dư Có", "Trial balance on %s: debits = credits")
	TrialBalanceCheck        = def("trial_balance.check", "Kiểm tra: tổng Dư Nợ %s đồng = tổng Dư Có %s đồng: %s", "Check: total debits %s VND = total credits %s VND: %s")
)

// Registers of receipts.
var (
	DonationVoidedOn      = def("donation.voided_on", "Đã hủy ngày %s", "Voided on %s")
	DonationVoidReason    = def("donation.void_reason", "Hủy biên nhận nhận trước kỳ: %s", "Void of a receipt received before the period: %s")
	DonationVoidedEarlier = def("donation.voided_earlier", "Hủy biên nhận nhận trước kỳ", "Void of a receipt received before the period")
)

// Stock.
var (
	StockOpening   = def("stock.opening", "Tồn đầu kỳ", "Opening balance")
	StockValuation = def("stock.valuation",
		"Giá trị hàng xuất kho tính theo giá bình quân gia quyền di động của tài khoản kho, theo thứ tự ghi sổ: giá trị tồn × số lượng xuất ÷ số lượng tồn, làm tròn đến đồng; lần xuất hết kho nhận toàn bộ giá trị còn lại. Hàng nhập làm thay đổi giá bình quân, hàng xuất thì không.",
		"Issues are valued at the moving weighted average cost of the stock account, in the order they are recorded: value held × quantity issued ÷ quantity held, rounded to the đồng; the issue that empties the account takes all the value left. Receipts change the average; issues do not.")
)

// The distribution list.
var (
	CommuneOfDistrict = def("list.commune_of_district", "%s – %s", "%s – %s")
	ListTotal         = def("list.total", "Cộng: %s hộ", "Total: %s households")
)

// The fairness report.
var (
	FairnessWeighting   = def("fairness.weighting", "hộ nghèo %s, hộ cận nghèo %s", "poor %s, near-poor %s")
	FairnessPerMember   = def("fairness.per_member", ", nhân với số nhân khẩu", ", times the number of members")
	FairnessFlagged     = def("fairness.flagged", "Huyện bị cảnh báo: %s.", "Flagged districts: %s.")
	FlagAbove           = def("fairness.flag_above", "mức hỗ trợ mỗi hộ quy đổi cao hơn bình quân của tỉnh %s%% (ngưỡng %s%%)", "aid per weighted household %s%% above the provincial mean (tolerance %s%%)")
	FlagBelow           = def("fairness.flag_below", "mức hỗ trợ mỗi hộ quy đổi thấp hơn bình quân của tỉnh %s%% (ngưỡng %s%%)", "aid per weighted household %s%% below the provincial mean (tolerance %s%%)")
	FlagFulfilmentAbove = def("fairness.flag_fulfilment_above", "đã cấp %s%% phần được hưởng, cao hơn %s%% so với tỷ lệ %s%% của tỉnh (ngưỡng %s%%)", "delivered %s%% of what it was owed, %s%% above the province's %s%% (tolerance %s%%)")
	FlagFulfilmentBelow = def("fairness.flag_fulfilment_below", "đã cấp %s%% phần được hưởng, thấp hơn %s%% so với tỷ lệ %s%% của tỉnh (ngưỡng %s%%)", "delivered %s%% of what it was owed, %s%% below the province's %s%% (tolerance %s%%)")
	FlagNothingOwed     = def("fairness.flag_nothing_owed", "đã cấp %s theo các quyết định không còn phải cấp gì cho huyện", "delivered %s against approvals that owed it nothing")
	FlagNoNeed          = def("fairness.flag_no_need", "có nhận hỗ trợ nhưng không có nhu cầu quy đổi (không hộ đủ điều kiện nào có trọng số dương)", "received aid but has no weighted need (no eligible household with a positive weight)")
)

// Values of data, by group: Value(lang, "account_type", "asset").
var (
	_ = def("account_type.asset", "Tài sản", "Asset")
	_ = def("account_type.liability", "Nợ phải trả", "Liability")
	_ = def("account_type.net_assets", "Nguồn quỹ", "Net assets")
	_ = def("account_type.revenue", "Thu", "Revenue")
	_ = def("account_type.expense", "Chi", "Expense")

	_ = def("entry_kind.opening", "Số dư đầu", "Opening")
	_ = def("entry_kind.adjustment", "Điều chỉnh", "Adjustment")
	_ = def("entry_kind.transfer", "Chuyển tiền", "Transfer")
	_ = def("entry_kind.donation", "Tiếp nhận ủng hộ", "Donation")
	_ = def("entry_kind.allocation", "Phân bổ", "Allocation")
	_ = def("entry_kind.delivery", "Cấp phát", "Delivery")
	_ = def("entry_kind.stock", "Nhập, xuất kho", "Stock")
	_ = def("entry_kind.reversal", "Bút toán đảo", "Reversal")

	_ = def("channel.cash", "tiền mặt", "cash")
	_ = def("channel.bank", "chuyển khoản", "bank transfer")
	_ = def("channel.in_kind", "hiện vật", "in kind")

	_ = def("donation_status.recorded", "Đã ghi nhận", "Recorded")
	_ = def("donation_status.voided", "Đã hủy", "Voided")

	_ = def("category.poor", "hộ nghèo", "poor")
	_ = def("category.near_poor", "hộ cận nghèo", "near-poor")

	_ = def("role.admin", "quản trị", "administrator")
	_ = def("role.fund_officer", "cán bộ quỹ", "fund officer")
	_ = def("role.approver", "người phê duyệt", "approver")
	_ = def("role.district_officer", "cán bộ huyện", "district officer")
	_ = def("role.auditor", "kiểm toán", "auditor")
	_ = def("role.supervisor", "giám sát", "supervisor")

	_ = def("region_kind.tinh", "Tỉnh", "Province")
	_ = def("region_kind.thanh_pho", "Thành phố", "City")
	_ = def("region_kind.thi_xa", "Thị xã", "Town")
	_ = def("region_kind.huyen", "Huyện", "District")
	_ = def("region_kind.xa", "Xã", "Commune")
	_ = def("region_kind.phuong", "Phường", "Ward")
	_ = def("region_kind.thi_tran", "Thị trấn", "Township")

	_ = def("source.donation", "Biên nhận", "Receipt")
	_ = def("source.allocation-plan", "Phương án", "Plan")
	_ = def("source.allocation-request", "Đề nghị", "Request")
	_ = def("source.deliveries", "Cấp phát theo", "Delivery under")
	_ = def("source.entry", "Đảo bút toán", "Reverses entry")
	_ = def("source.stock-transfer", "Phiếu điều chuyển", "Transfer note")
	_ = def("source.stock-issue", "Phiếu xuất kho", "Issue note")

	// The standard chart of accounts, by base code.
	_ = def("account.1110", "Tiền mặt", "Cash on hand")
	_ = def("account.1120", "Tiền gửi ngân hàng", "Bank deposits")
	_ = def("account.1150", "Hàng hóa, hiện vật", "Goods in kind")
	_ = def("account.1310", "Phân bổ cho huyện chưa cấp phát", "Allocated to districts, not yet delivered")
	_ = def("account.2100", "Phải trả", "Payables")
	_ = def("account.3100", "Nguồn quỹ không hạn chế", "Unrestricted net assets")
	_ = def("account.3200", "Nguồn quỹ theo chỉ định", "Restricted net assets")
	_ = def("account.4100", "Tiếp nhận ủng hộ bằng tiền", "Donations in money")
	_ = def("account.4200", "Tiếp nhận ủng hộ hiện vật", "Donations in kind")
	_ = def("account.5100", "Hỗ trợ hộ gia đình", "Aid to households")
	_ = def("account.5200", "Hỗ trợ tổ chức, chốt, khu cách ly", "Aid to organisations")
)

// The fairness report's figures: their names, and what they mean. The
// English definitions are the distribution package's own sentences, which
// the workbook checks before it uses a translation (see
// exports.fairnessDefinition); district, commune and the lists of them are
// defined as the workbook shows them, by name.
var (
	_ = def("fairness_figure.district", "Huyện", "District")
	_ = def("fairness_figure.commune", "Xã", "Commune")
	_ = def("fairness_figure.communes", "Các xã", "Communes")
	_ = def("fairness_figure.eligible", "Đủ điều kiện theo diện", "Eligible by category")
	_ = def("fairness_figure.eligible_total", "Số hộ đủ điều kiện", "Eligible households")
	_ = def("fairness_figure.reached", "Số hộ đã nhận", "Households reached")
	_ = def("fairness_figure.unreached", "Số hộ chưa nhận", "Households not reached")
	_ = def("fairness_figure.coverage", "Độ bao phủ (%)", "Coverage (%)")
	_ = def("fairness_figure.exclusion_error", "Sai sót loại trừ (%)", "Exclusion error (%)")
	_ = def("fairness_figure.inclusion_errors", "Nhận ngoài danh sách", "Inclusion errors")
	_ = def("fairness_figure.received", "Đã nhận", "Received")
	_ = def("fairness_figure.delivered", "Đã cấp phát", "Delivered")
	_ = def("fairness_figure.requested", "Đề nghị", "Requested")
	_ = def("fairness_figure.approved", "Được duyệt", "Approved")
	_ = def("fairness_figure.weighted_need", "Nhu cầu quy đổi", "Weighted need")
	_ = def("fairness_figure.per_weighted_household", "Mỗi hộ quy đổi", "Per weighted household")
	_ = def("fairness_figure.relative_to_mean", "So với bình quân", "Relative to mean")
	_ = def("fairness_figure.share_of_total", "Tỷ trọng nhận (%)", "Share of total (%)")
	_ = def("fairness_figure.share_of_need", "Tỷ trọng nhu cầu (%)", "Share of need (%)")
	_ = def("fairness_figure.max_min_ratio", "Cao nhất / thấp nhất", "Highest / lowest")
	_ = def("fairness_figure.gini", "Hệ số Gini", "Gini coefficient")
	_ = def("fairness_figure.median_days", "Số ngày (trung vị)", "Median days")
	_ = def("fairness_figure.max_days", "Số ngày (tối đa)", "Max days")
	_ = def("fairness_figure.late_deliveries", "Giao trễ", "Late deliveries")
	_ = def("fairness_figure.flagged", "Cảnh báo", "Flagged")
	_ = def("fairness_figure.flag_reasons", "Lý do cảnh báo", "Flag reasons")
	_ = def("fairness_figure.flags", "Lý do cảnh báo (dữ liệu)", "Flags")
	_ = def("fairness_figure.flagged_districts", "Huyện bị cảnh báo", "Flagged districts")
	_ = def("fairness_figure.entitled", "Được hưởng", "Entitled")
	_ = def("fairness_figure.fulfilled", "Đã cấp theo phần được hưởng", "Fulfilled")
	_ = def("fairness_figure.fulfilment", "Tỷ lệ hoàn thành (%)", "Fulfilment (%)")
	_ = def("fairness_figure.gini_of_amounts", "Hệ số Gini theo số tiền", "Gini of amounts")

	_ = def("fairness_def.eligible",
		"Số hộ trong danh sách đủ điều kiện, theo diện (hộ nghèo và hộ cận nghèo).",
		"The number of households on the eligible list, by category (poor and near-poor).")
	_ = def("fairness_def.eligible_plan",
		"Số hộ được phương án dành một suất (các hộ trong danh sách có số tiền lớn hơn 0), theo diện.",
		"The number of households the plan gave a package to (its claimants with an amount above 0), by category.")
	_ = def("fairness_def.eligible_fund",
		"Số hộ đang có tên trong danh sách hộ nghèo, cận nghèo, theo diện, như danh sách vào cuối ngày hộ nhận lần đầu trong kỳ, hoặc vào cuối kỳ (hôm nay khi kỳ chưa kết thúc) với hộ chưa nhận: hộ thoát nghèo hay chuyển đi sau khi nhận vẫn là hộ đủ điều kiện lúc nhận.",
		"The number of households active in the registry, by category, as the registry stood at the end of the day of a household's first delivery in the period, or at the end of the period (today when it is open) for a household not reached: a household that graduated or moved after receiving its aid was eligible when it got it.")
	_ = def("fairness_def.eligible_total",
		"Số hộ trong danh sách đủ điều kiện, cả hai diện.",
		"The number of households on the eligible list, of both categories.")
	_ = def("fairness_def.reached",
		"Số hộ đủ điều kiện đã nhận ít nhất một lần cấp phát.",
		"The number of eligible households that received at least one delivery.")
	_ = def("fairness_def.unreached",
		"Số hộ đủ điều kiện chưa nhận lần cấp phát nào.",
		"The number of eligible households that received no delivery.")
	_ = def("fairness_def.coverage",
		"Tỷ lệ hộ đủ điều kiện đã nhận, tính bằng phần trăm, làm tròn nửa lên đến 2 chữ số thập phân; bằng 100 khi không có hộ nào đủ điều kiện (không bỏ sót ai).",
		"The share of eligible households reached, in percent, rounded half up to 2 decimals; 100 where nobody is eligible (nobody was missed).")
	_ = def("fairness_def.exclusion_error",
		"Tỷ lệ hộ đủ điều kiện chưa nhận, tính bằng phần trăm: 100 trừ độ bao phủ.",
		"The share of eligible households not reached, in percent: 100 minus the coverage.")
	_ = def("fairness_def.inclusion_errors",
		"Số hộ đã nhận cấp phát dù không có trong danh sách đủ điều kiện lúc nhận.",
		"The number of households that received a delivery though they were not on the eligible list.")
	_ = def("fairness_def.received",
		"Tổng số tiền (đồng) hoặc số lượng hàng mà mọi hộ đã nhận, đủ điều kiện hay không; không tính phần cấp cho tổ chức.",
		"The total money (đồng) or goods quantity received by every household, eligible or not; deliveries to organisations are not counted here.")
	_ = def("fairness_def.delivered",
		"Tổng đã cấp phát, bằng số đã nhận, đặt cạnh số đề nghị và số được duyệt.",
		"The total delivered, the same as received, shown beside requested and approved.")
	_ = def("fairness_def.requested",
		"Số huyện đã đề nghị (0 khi không rõ).",
		"The amount the district requested (0 when unknown).")
	_ = def("fairness_def.approved",
		"Số được duyệt cho huyện theo các phương án và đề nghị trong phạm vi báo cáo (0 khi không rõ); phương án còn là bản nháp thì chưa có gì được duyệt.",
		"The amount approved for the district by the plans and requests in scope (0 when unknown); a draft plan has nothing approved.")
	_ = def("fairness_def.weighted_need",
		"Tổng trọng số của các hộ đủ điều kiện, theo thước đo chung của tỉnh (%s), như nhau trong mọi báo cáo dù phương án dùng trọng số nào.",
		"The sum of the weights of the eligible households, by the province's yardstick (%s), the same in every report whatever weights a plan used.")
	_ = def("fairness_def.per_weighted_household",
		"Số đã nhận chia cho nhu cầu quy đổi, làm tròn nửa lên đến 2 chữ số thập phân (0 khi không có nhu cầu); ở cấp tỉnh là mức bình quân của tỉnh.",
		"The amount received divided by the weighted need, rounded half up to 2 decimals (0 without need); for the province it is the provincial mean.")
	_ = def("fairness_def.relative_to_mean",
		"Tỷ lệ hoàn thành của huyện chia cho tỷ lệ hoàn thành của tỉnh, tính từ số liệu chính xác, làm tròn nửa lên đến 4 chữ số thập phân: 1 khi huyện nhận được cùng tỷ lệ phần được hưởng như cả tỉnh; để trống khi huyện không được hưởng gì hoặc tỉnh chưa cấp phát phần nào được hưởng.",
		"The district's fulfilment divided by the province's, from the exact figures, rounded half up to 4 decimals: 1 when the district got the same share of what it was owed as the province; empty when the district was owed nothing or the province delivered nothing it owed.")
	_ = def("fairness_def.share_of_total",
		"Phần của huyện trong tổng số đã nhận của cả tỉnh, tính bằng phần trăm, làm tròn nửa lên đến 2 chữ số thập phân; bằng 0 khi chưa ai nhận gì.",
		"The district's part of everything received in the province, in percent, rounded half up to 2 decimals; 0 when nothing was received.")
	_ = def("fairness_def.share_of_need",
		"Phần của huyện trong nhu cầu quy đổi của cả tỉnh, tính bằng phần trăm, làm tròn nửa lên đến 2 chữ số thập phân; hỗ trợ công bằng theo nhu cầu thì tỷ trọng nhận gần bằng tỷ trọng này.",
		"The district's part of the province's weighted need, in percent, rounded half up to 2 decimals; aid fair to need has a share of total close to it.")
	_ = def("fairness_def.max_min_ratio",
		"Tỷ lệ hoàn thành cao nhất của một huyện chia cho thấp nhất, giữa các huyện được hưởng, tính từ số liệu chính xác, làm tròn nửa lên đến 4 chữ số thập phân: 1 khi mọi huyện nhận được cùng tỷ lệ phần được hưởng; để trống khi mức thấp nhất bằng 0.",
		"The highest district fulfilment divided by the lowest, among districts owed something, from the exact figures, rounded half up to 4 decimals: 1 when every district got the same share of what it was owed; empty when the lowest is 0.")
	_ = def("fairness_def.gini",
		"Hệ số Gini của tỷ lệ đã nhận trên phần được hưởng của từng hộ (phần hộ đã nhận trong suất phương án dành cho hộ; hộ chưa nhận tính là 0), trên các hộ được hưởng, làm tròn nửa lên đến 4 chữ số thập phân: 0 khi mọi hộ nhận cùng một tỷ lệ suất của mình, dù suất lớn nhỏ, gần 1 khi một hộ nhận tất cả; để trống khi chưa cấp phát phần nào được hưởng.",
		"The Gini coefficient of each household's fulfilled divided by its entitlement (what it got of the package the plan gave it; those that got nothing count as 0), over the households owed something, rounded half up to 4 decimals: 0 when every household got the same share of its package, whatever the package, near 1 when one got everything; empty when nothing owed was delivered.")
	_ = def("fairness_def.median_days",
		"Số ngày ở giữa, từ ngày duyệt phương án hoặc đề nghị mà lần cấp phát thuộc về đến ngày cấp phát, trên các lần cấp phát trong phạm vi báo cáo (với số lần chẵn, lấy giá trị nhỏ hơn trong hai giá trị ở giữa); 0 khi không biết ngày.",
		"The middle number of days from the approval of the plan or request a delivery was made from to the delivery, over the deliveries in scope, the lower of the two middle values for an even count, 0 when no date is known.")
	_ = def("fairness_def.max_days",
		"Số ngày lớn nhất từ ngày duyệt phương án hoặc đề nghị mà lần cấp phát thuộc về đến ngày cấp phát, trên các lần cấp phát trong phạm vi báo cáo; 0 khi không biết ngày.",
		"The largest number of days from the approval of the plan or request a delivery was made from to the delivery, over the deliveries in scope, 0 when no date is known.")
	_ = def("fairness_def.late_deliveries",
		"Số lần cấp phát sau hơn %d ngày kể từ ngày duyệt phương án hoặc đề nghị mà lần cấp phát thuộc về (con số do người lập báo cáo chọn, không lấy từ văn bản quy phạm nào).",
		"The number of deliveries made more than %d days after the approval of the plan or request they were made from (a figure the caller chose, not read from any regulation).")
	_ = def("fairness_def.late_deliveries_none",
		"Số lần cấp phát trễ hạn; không đặt thời hạn nên bằng 0.",
		"The number of deliveries made later than a deadline; no deadline was set, so it is 0.")
	_ = def("fairness_def.flagged",
		"Huyện có tỷ lệ hoàn thành cao hơn hoặc thấp hơn của tỉnh quá %[1]s, có mức hỗ trợ mỗi hộ quy đổi cao hơn hoặc thấp hơn bình quân của tỉnh quá %[1]s, hoặc có nhận hỗ trợ mà không có nhu cầu quy đổi.",
		"Whether the district's fulfilment is more than %[1]s above or below the province's, its aid per weighted household more than %[1]s above or below the provincial mean, or it received aid with no weighted need.")

	_ = def("fairness_def.gini_of_amounts",
		"Hệ số Gini của số tiền hoặc số lượng các hộ đủ điều kiện đã nhận (hộ chưa nhận tính là 0), làm tròn nửa lên đến 4 chữ số thập phân; hệ số này tính cả chênh lệch mà phương án chủ định, như suất hộ cận nghèo nhỏ hơn, là bất bình đẳng; để trống khi chưa ai nhận gì.",
		"The Gini coefficient of the amounts received by the eligible households (unreached ones count as 0), rounded half up to 4 decimals; it counts the differences a plan intends, such as smaller near-poor packages, as inequality; empty when nothing was received.")

	_ = def("fairness_def.entitled",
		"Phần các phương án và đề nghị đã duyệt trong phạm vi báo cáo còn phải cấp: suất của các hộ chưa được cấp trước kỳ, và phần đề nghị chưa cấp trước kỳ (toàn bộ khi không chọn kỳ).",
		"What the approved plans and requests in scope still owed: the packages of the households not delivered before the period, and what the requests had not delivered before it (all of it when there is no period).")

	_ = def("fairness_def.fulfilled",
		"Phần đã cấp phát trong phạm vi báo cáo theo phần được hưởng đó, cho hộ gia đình và tổ chức.",
		"What was delivered in scope against that entitlement, to households and organisations.")

	_ = def("fairness_def.fulfilment",
		"Phần đã cấp chia cho phần được hưởng, tính bằng phần trăm, làm tròn nửa lên đến 2 chữ số thập phân; để trống khi không phải cấp gì.",
		"Fulfilled divided by entitled, in percent, rounded half up to 2 decimals; empty when nothing was owed.")

	_ = def("fairness_sheet_def.district",
		"Huyện, thị xã hoặc thành phố, theo tên trong danh mục đơn vị hành chính.",
		"The district (huyện, thị xã or thành phố), by its name in the list of administrative units.")
	_ = def("fairness_sheet_def.commune",
		"Xã, phường hoặc thị trấn, theo tên trong danh mục đơn vị hành chính.",
		"The commune (xã, phường or thị trấn), by its name in the list of administrative units.")
	_ = def("fairness_sheet_def.communes",
		"Độ bao phủ của từng xã trong huyện: xem trang Theo xã.",
		"The coverage of each commune of the district: see the sheet By commune.")
	_ = def("fairness_def.flags",
		"Các lý do đó dưới dạng dữ liệu (trong API): loại của từng lý do cùng các số liệu nêu trong lý do.",
		"The same reasons as data (in the API): the kind of each with the figures it cites.")
	_ = def("fairness_sheet_def.flag_reasons",
		"Vì sao huyện bị cảnh báo, mỗi lý do cách nhau bằng dấu chấm phẩy.",
		"Why the district is flagged, one reason after another, separated by semicolons.")
	_ = def("fairness_sheet_def.flagged_districts",
		"Tên các huyện bị cảnh báo.",
		"The names of the flagged districts.")
)

// AnonymousDonor is how a donor who asked not to be named is shown, in
// workbooks and pages alike (stored as donations.AnonymousName).
var AnonymousDonor = def("donor.anonymous", "Nhà hảo tâm (ẩn danh)", "Anonymous donor")
