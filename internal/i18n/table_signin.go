package i18n

// The sign-in and account pages' texts (web/signin*.go, web/session*.go).

// Sign-in.
var (
	WebSignInWrong = def("web.signin.wrong", "Sai tên đăng nhập hoặc mật khẩu. Sau 10 lần nhập sai liên tiếp, tài khoản bị khóa 15 phút.",
		"Wrong username or password. After 10 wrong passwords in a row an account is locked for 15 minutes.")
	WebSignInTooMany = def("web.signin.too_many", "Có quá nhiều lần đăng nhập từ địa chỉ này. Xin thử lại sau 10 phút.",
		"Too many sign-in attempts from this address. Please try again in 10 minutes.")
	WebSignInMissing  = def("web.signin.missing", "Hãy nhập tên đăng nhập và mật khẩu.", "Please enter your username and password.")
	WebForbiddenTitle = def("web.forbidden.title", "Yêu cầu bị từ chối", "Request refused")
	WebCSRFText       = def("web.forbidden.csrf", "Biểu mẫu đã hết hạn hoặc không được gửi từ trang này. Hãy quay lại, tải lại trang rồi thử lại.",
		"The form has expired or was not sent from this site. Go back, reload the page and try again.")
	WebAdminOnlyText = def("web.forbidden.admin", "Chỉ quản trị viên mới được dùng trang này.", "Only an administrator may use this page.")
	_                = def("web.signin.title", "Đăng nhập cho cán bộ", "Staff sign-in")
	_                = def("web.signin.intro", "Trang dành cho cán bộ Mặt trận và các huyện. Người dân xem số liệu công khai mà không cần đăng nhập.",
		"For the Front's and the districts' staff. The public figures need no sign-in.")
	_ = def("web.signin.username", "Tên đăng nhập", "Username")
	_ = def("web.signin.password", "Mật khẩu", "Password")
	_ = def("web.signin.submit", "Đăng nhập", "Sign in")
	_ = def("web.signin.signed_out", "Bạn đã đăng xuất.", "You are signed out.")
	_ = def("web.signin.signed_out_all", "Bạn đã đăng xuất trên mọi thiết bị.", "You are signed out on every device.")
	_ = def("web.signin.error_label", "Lỗi", "Error")
)

// The account page.
var (
	_ = def("web.account.title", "Tài khoản của bạn", "Your account")
	_ = def("web.account.name", "Họ tên", "Name")
	_ = def("web.account.username", "Tên đăng nhập", "Username")
	_ = def("web.account.role", "Vai trò", "Role")
	_ = def("web.account.district", "Huyện", "District")
	_ = def("web.account.all_districts", "Toàn tỉnh", "The whole province")
	_ = def("web.account.session", "Phiên đăng nhập hết hạn lúc %s nếu không dùng đến, và chậm nhất lúc %s.",
		"This session ends at %s if unused, and at %s at the latest.")
	_ = def("web.account.may", "Vai trò của bạn được phép", "What your role may do")
	_ = def("web.account.may_intro", "Các trang nghiệp vụ sẽ có trong đợt sau; hiện nay các việc này làm qua API (mở bằng phiên đăng nhập này hoặc bằng mã API).",
		"The staff pages come next; for now these are done through the API (with this session or an API token).")
	_ = def("web.account.signout", "Đăng xuất", "Sign out")
	_ = def("web.account.signout_all", "Đăng xuất trên mọi thiết bị", "Sign out everywhere")
	_ = def("web.account.users", "Đặt mật khẩu cho người dùng", "Set users' passwords")
	_ = def("web.area.ledger", "Sổ kế toán", "Ledger")
	_ = def("web.area.goods", "Hàng hóa và kho", "Goods and warehouses")
	_ = def("web.area.distribution", "Phân bổ và cấp phát", "Allocation and delivery")
	_ = def("web.area.households", "Hộ dân", "Households")
	_ = def("web.area.donations", "Tiền ủng hộ", "Donations")
	_ = def("web.area.exports", "Tải sổ sách Excel", "Excel workbooks")
	_ = def("web.area.users", "Người dùng", "Users")
	_ = def("web.area.audit", "Nhật ký kiểm tra", "Audit log")
	_ = def("web.area.public", "Công khai", "Public")
)

// The admin's users pages.
var (
	WebUsersPasswordRule = def("web.users.password_rule", "Mật khẩu cần ít nhất 10 ký tự, ít nhất 5 ký tự khác nhau, không chứa tên đăng nhập và không phải mật khẩu phổ biến.",
		"A password needs at least 10 characters, at least 5 different ones, must not contain the username and must not be a well-known password.")
	WebUsersUsernameRule = def("web.users.username_rule", "Tên đăng nhập gồm 3–64 ký tự: chữ a–z không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới (ví dụ nguyen.van.an).",
		"A username is 3–64 characters: letters a–z, digits, dot, dash or underscore (e.g. nguyen.van.an).")
	WebUsersUsernameNeeded = def("web.users.username_needed", "Người dùng này chưa có tên đăng nhập: hãy đặt một tên.", "This user has no username yet: give one.")
	WebUsersUsernameTaken  = def("web.users.username_taken", "Tên đăng nhập này đã có người dùng.", "Another user has this username.")
	WebUsersSaved          = def("web.users.saved", "Đã đặt mật khẩu cho %s. Mọi phiên đăng nhập cũ của người này đã kết thúc.",
		"The password of %s is set. Every earlier session of this user has ended.")
	_ = def("web.users.title", "Người dùng", "Users")
	_ = def("web.users.id", "Số", "No.")
	_ = def("web.users.set", "Đặt mật khẩu", "Set password")
	_ = def("web.users.user_title", "Mật khẩu của %s", "Password of %s")
	_ = def("web.users.new_password", "Mật khẩu mới", "New password")
	_ = def("web.users.back", "Danh sách người dùng", "All users")
	_ = def("web.users.hint", "Mật khẩu chỉ được lưu dưới dạng băm argon2id; đặt lại mật khẩu sẽ đăng xuất người dùng trên mọi thiết bị.",
		"Passwords are stored only as argon2id hashes; setting one signs the user out everywhere.")
)
