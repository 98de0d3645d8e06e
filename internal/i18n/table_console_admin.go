package i18n

// The admin's console pages (web/console_admin.go): users, their tokens,
// funds and accounts.

// The areas.
var (
	ConsoleAdminUsersTitle = def("console.admin.users.title", "Người dùng", "Users")
	ConsoleAdminUsersIntro = def("console.admin.users.intro", "Tạo người dùng, đổi vai trò và huyện, ngừng hoặc kích hoạt lại tài khoản, đặt lại mật khẩu, cấp và thu hồi mã API.",
		"Create users, change their role and district, deactivate or reactivate them, reset passwords, issue and revoke API tokens.")
	ConsoleAdminFundsTitle = def("console.admin.funds.title", "Quỹ và tài khoản", "Funds and accounts")
	ConsoleAdminFundsIntro = def("console.admin.funds.intro", "Các quỹ, tài khoản của từng quỹ và số dư hiện tại, đọc từ sổ cái.",
		"The funds, each fund's accounts and their current balances, read from the ledger.")
)

// The users' list and the new-user form.
var (
	_ = def("console.admin.status", "Trạng thái", "Status")
	_ = def("console.admin.active", "Đang hoạt động", "Active")
	_ = def("console.admin.inactive", "Ngừng hoạt động từ %s", "Deactivated since %s")
	_ = def("console.admin.open", "Mở", "Open")
	_ = def("console.admin.tokens_only", "(chỉ dùng mã API)", "(API tokens only)")
	_ = def("console.admin.new", "Thêm người dùng", "New user")
	_ = def("console.admin.new_hint", "Chỉ cán bộ huyện có huyện. Có tên đăng nhập và mật khẩu ban đầu thì người dùng đăng nhập được trên trang; bỏ trống cả hai cho tài khoản chỉ dùng mã API. Mật khẩu chỉ được lưu dưới dạng băm; hãy trao trực tiếp cho người dùng.",
		"Only a district officer has a district. With a username and a first password the user signs in on the pages; leave both empty for an account of API tokens only. The password is stored only as a hash; hand it to the user in person.")
	_ = def("console.admin.district_pick", "— chỉ cho cán bộ huyện —", "— district officers only —")
	_ = def("console.admin.role_pick", "— chọn vai trò —", "— choose a role —")
	_ = def("console.admin.first_password", "Mật khẩu ban đầu", "First password")
	_ = def("console.admin.create", "Tạo người dùng", "Create user")
	_ = def("console.admin.created", "Đã tạo người dùng %s.", "Created the user %s.")
)

// One user's page.
var (
	_ = def("console.admin.user_title", "Người dùng: %s", "User: %s")
	_ = def("console.admin.back", "← Danh sách người dùng", "← All users")
	_ = def("console.admin.created_at", "Tạo lúc", "Created")
	_ = def("console.admin.role_district", "Vai trò và huyện", "Role and district")
	_ = def("console.admin.role_hint", "Khi thôi là cán bộ huyện, huyện được bỏ. Bạn không đổi được vai trò của chính mình.",
		"A user who stops being a district officer loses the district. You cannot change your own role.")
	_ = def("console.admin.save", "Lưu", "Save")
	_ = def("console.admin.saved", "Đã lưu vai trò và huyện của %s.", "Saved the role and district of %s.")
	_ = def("console.admin.activity", "Hoạt động", "Activity")
	_ = def("console.admin.deactivate_hint", "Tài khoản ngừng hoạt động không đăng nhập được; các phiên đang mở kết thúc ngay và các mã API bị từ chối cho đến khi kích hoạt lại.",
		"A deactivated user cannot sign in; their open sessions end at once and their API tokens are refused until they are reactivated.")
	_ = def("console.admin.deactivate", "Ngừng hoạt động", "Deactivate")
	_ = def("console.admin.reactivate", "Kích hoạt lại", "Reactivate")
	_ = def("console.admin.deactivated", "Đã ngừng hoạt động tài khoản %s.", "Deactivated %s.")
	_ = def("console.admin.reactivated", "Đã kích hoạt lại tài khoản %s.", "Reactivated %s.")
	_ = def("console.admin.self", "Đây là tài khoản của bạn: một quản trị viên khác mới đổi được vai trò hay ngừng hoạt động nó.",
		"This is your own account: another admin can change its role or deactivate it.")
	_ = def("console.admin.password_title", "Đặt lại mật khẩu", "Reset the password")
	_ = def("console.admin.tokens", "Mã API", "API tokens")
	_ = def("console.admin.tokens_hint", "Mã API dành cho chương trình và máy, gửi kèm tiêu đề Authorization: Bearer. Mã bí mật chỉ hiện một lần, khi cấp.",
		"API tokens are for programs and machines, sent as Authorization: Bearer. The secret is shown once, when issued.")
	_ = def("console.admin.token_name", "Dùng cho", "Used for")
	_ = def("console.admin.token_expires", "Hết hạn ngày (không bắt buộc)", "Expires on (optional)")
	_ = def("console.admin.issue", "Cấp mã", "Issue token")
	_ = def("console.admin.secret", "Mã bí mật của “%s”. Hãy chép ngay: trang sẽ không hiện lại mã này.",
		"The secret of “%s”. Copy it now: it will not be shown again.")
	_ = def("console.admin.replayed", "Mã “%s” đã được cấp ở lần gửi trước; mã bí mật chỉ hiện một lần. Nếu chưa chép được, hãy thu hồi và cấp mã mới.",
		"The token “%s” was issued by the earlier submission; its secret is shown only once. If you did not copy it, revoke it and issue a new one.")
	_ = def("console.admin.revoke", "Thu hồi", "Revoke")
	_ = def("console.admin.revoked", "Đã thu hồi mã “%s”.", "Revoked the token “%s”.")
	_ = def("console.admin.no_tokens", "Chưa có mã API nào.", "No API tokens.")
	_ = def("console.admin.token_valid", "Còn hiệu lực", "Valid")
	_ = def("console.admin.token_revoked", "Đã thu hồi lúc %s", "Revoked %s")
	_ = def("console.admin.token_expired", "Đã hết hạn", "Expired")
	_ = def("console.admin.expires_at", "Hết hạn", "Expires")
	_ = def("console.admin.never", "Không hết hạn", "Never")
)

// What the forms commonly refuse, in the page's language.
var (
	ConsoleAdminErrName         = def("console.admin.err.name", "Hãy ghi họ tên (tối đa 200 ký tự).", "Write the name (at most 200 characters).")
	ConsoleAdminErrRole         = def("console.admin.err.role", "Hãy chọn một vai trò.", "Choose a role.")
	ConsoleAdminErrDistrictNeed = def("console.admin.err.district_needed", "Cán bộ huyện phải có huyện.", "A district officer needs a district.")
	ConsoleAdminErrDistrictBad  = def("console.admin.err.district_unknown", "Không có huyện này.", "There is no such district.")
	ConsoleAdminErrDistrictNone = def("console.admin.err.district_none", "Chỉ cán bộ huyện mới có huyện.", "Only a district officer has a district.")
	ConsoleAdminErrUsernameNeed = def("console.admin.err.username_needed", "Có mật khẩu thì phải có tên đăng nhập.", "A password needs a username.")
	ConsoleAdminErrPasswordNeed = def("console.admin.err.password_needed", "Có tên đăng nhập thì phải có mật khẩu ban đầu.", "A username needs a first password.")
	ConsoleAdminErrSelfRole     = def("console.admin.err.self_role", "Bạn không đổi được vai trò của chính mình.", "You cannot change your own role.")
	ConsoleAdminErrSelfActive   = def("console.admin.err.self_active", "Bạn không ngừng hoạt động được tài khoản của chính mình.", "You cannot deactivate yourself.")
	ConsoleAdminErrLastAdmin    = def("console.admin.err.last_admin", "Đây là quản trị viên cuối cùng còn hoạt động: hãy cho người khác làm quản trị viên trước.",
		"This is the last active admin: make another user admin first.")
	ConsoleAdminErrTokenName = def("console.admin.err.token_name", "Hãy ghi mã dùng cho việc gì (tối đa 100 ký tự).", "Write what the token is for (at most 100 characters).")
	ConsoleAdminErrExpires   = def("console.admin.err.expires", "Ngày hết hạn phải sau hôm nay và trong vòng 5 năm.", "The expiry must be after today and within 5 years.")
	ConsoleAdminErrDisabled  = def("console.admin.err.disabled", "Tài khoản đang ngừng hoạt động: hãy kích hoạt lại trước khi cấp mã.", "The user is deactivated: reactivate them before issuing a token.")
)

// The funds page.
var (
	_ = def("console.admin.fund", "Quỹ", "Fund")
	_ = def("console.admin.accounts_of", "Tài khoản của quỹ %s", "Accounts of the fund %s")
	_ = def("console.admin.show_accounts", "Xem tài khoản", "Accounts")
	_ = def("console.admin.code", "Mã", "Code")
	_ = def("console.admin.account_name", "Tên tài khoản", "Account")
	_ = def("console.admin.scope", "Phạm vi", "Scope")
	_ = def("console.admin.balance", "Số dư", "Balance")
	_ = def("console.admin.dim.district", "huyện %s", "district %s")
	_ = def("console.admin.dim.warehouse", "kho %s", "warehouse %s")
	_ = def("console.admin.dim.item", "hàng %s", "item %s")
	_ = def("console.admin.dim.designation", "chỉ định %s", "designated %s")
	_ = def("console.admin.sides", "Số dư ghi theo bên thường của tài khoản: bên Nợ cho tài sản và chi, bên Có cho nợ phải trả, nguồn quỹ và thu. Số âm là số dư nằm ở bên ngược lại.",
		"Balances are on each account's normal side: debit for assets and expenses, credit for liabilities, net assets and revenue. A negative figure is a balance on the other side.")
	_ = def("console.admin.non_negative", "không được âm", "never negative")
)
