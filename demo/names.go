package demo

// The names, hamlets and mobile prefixes the generator draws from: common
// in the Mekong delta, not copied from any list of people.
var (
	kinhFamily = weighted{
		[]string{"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đoàn", "Lâm", "Tô", "Đinh", "Cao", "Mai"},
		[]int{36, 11, 9, 6, 6, 5, 4, 2, 2, 2, 2, 2, 2, 1, 2, 1, 1, 1, 1, 1, 1},
	}
	kinhMaleMiddle = weighted{
		[]string{"Văn", "Hữu", "Minh", "Thanh", "Quốc", "Công", "Hoàng", "Đức", "Ngọc", "Tấn", "Phước"},
		[]int{60, 6, 6, 6, 4, 4, 3, 3, 3, 3, 2},
	}
	kinhFemaleMiddle = weighted{
		[]string{"Thị", "Thị Ngọc", "Thị Kim", "Thị Thanh", "Thị Mỹ", "Thị Hồng", "Thị Thu", "Thị Bích"},
		[]int{70, 6, 6, 5, 4, 3, 3, 3},
	}
	kinhMale = []string{
		"An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Hòa", "Hiếu", "Khánh", "Lộc", "Long", "Lợi", "Nam",
		"Nghĩa", "Phúc", "Phước", "Quang", "Sơn", "Tài", "Tâm", "Thành", "Thắng", "Tuấn", "Trung", "Tùng",
		"Út", "Hậu", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Danh", "Đông", "Vũ", "Kiệt", "Thiện", "Nhân",
	}
	kinhFemale = []string{
		"Bé", "Lan", "Hoa", "Hương", "Hạnh", "Hằng", "Mai", "Nga", "Nhung", "Thảo", "Trang", "Tuyết",
		"Xuân", "Yến", "Diệu", "Phượng", "Loan", "Thúy", "Út", "Ánh", "Cúc", "Đào", "Liên", "Nguyệt",
		"Mến", "Ngân", "Kiều", "Lệ", "Dung", "Nhi", "Tiên", "Em",
	}
	khmerFamily = weighted{
		[]string{"Thạch", "Sơn", "Lâm", "Danh", "Kim", "Lý", "Triệu", "Châu"},
		[]int{30, 18, 12, 10, 10, 8, 6, 6},
	}
	khmerMale = []string{
		"Sa Phol", "Chanh Đa", "Sà Rênh", "Phước", "Sóc", "Sà Quân", "Sô Phal", "Sa Rươl", "Ken",
		"Chăn Thy", "Cha Ra", "Xà Phia", "Đa Ra", "Khen", "Sang", "Hên", "Sa Mết", "Rây", "Pho", "Sóc Thươl",
	}
	khmerFemale = []string{
		"Thị Sóc Khum", "Thị Sa Rát", "Thị Sa Vươl", "Thị Phi", "Thị Mươl", "Thị Sà Ry", "Thị Ni",
		"Thị Sa Vy", "Thị Sóc", "Thị Phai", "Thị Đa Ry", "Thị Khum", "Thị Sa Lin", "Thị Chanh Thu", "Thị Rết",
	}
	hoaFamily = []string{"Quách", "Tăng", "Lưu", "Triệu", "Lý", "Trương", "Mã", "Tạ", "Hứa", "Diệp"}
	hoaMale   = []string{"Chí Cường", "Kiến Huy", "Vĩnh Tài", "Quốc Hưng", "Gia Minh", "Thành Lợi", "Hữu Phát", "Tú Quang", "Khải Nguyên"}
	hoaFemale = []string{"Thị Mỹ Lệ", "Thị Kim Hoa", "Thị Ngọc Bích", "Thị Tuyết", "Thị Mai", "Thị Lệ Quyên", "Thị Bảo Trân"}

	hamletNames = []string{
		"Hòa Phuông", "Phước Hòa", "Tân Lộc", "Bưng Cóc", "Sóc Vồ", "Phước Thuận", "Hòa Thượng", "Hòa Thành",
		"Tân Hòa", "Tân Thạnh", "Mỹ Thanh", "Mỹ Hòa", "Phú Thứ", "Vĩnh Thuận", "Vĩnh Bình", "An Nghiệp",
		"Xẻo Me", "Xẻo Gừa", "Kinh Xáng", "Kinh Mới", "Cồn Tròn", "Cầu Đen", "Sóc Mới", "Sóc Tre", "Bưng Tróp",
		"Prey Chóp", "Tà Lọt", "Giồng Chùa", "Trà Canh", "Thạnh Hòa", "Thạnh Lợi", "Tân Mỹ", "Hưng Thới",
		"Trà Quýt", "Phú Giao", "Bào Biển", "Đay Sô", "Cà Lăng", "Sóc Leo", "Nước Mặn", "Ba Rinh",
	}
	mobilePrefixes = []string{
		"032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079",
		"081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096", "097", "098",
	}
)
