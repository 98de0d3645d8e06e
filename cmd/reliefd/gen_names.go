package main

import "math/rand/v2"

// What generated bank statements are made of: Vietnamese names in their
// real proportions and the ways banks write a transfer's text.

// weighted is a value with its weight in a draw.
type weighted struct {
	v string
	w int
}

// draw picks from ws by weight (weights sum to total).
func draw(rng *rand.Rand, ws []weighted, total int) string {
	n := rng.IntN(total)
	for _, x := range ws {
		if n < x.w {
			return x.v
		}
		n -= x.w
	}
	return ws[len(ws)-1].v
}

func totalOf(ws []weighted) int {
	t := 0
	for _, x := range ws {
		t += x.w
	}
	return t
}

// surnames in tenths of a per cent of the population (Nguyễn about 38 %,
// then Trần, Lê, Phạm…), with the Khmer and Hoa names of Sóc Trăng.
var surnames = []weighted{
	{"Nguyễn", 380}, {"Trần", 110}, {"Lê", 95}, {"Phạm", 70}, {"Huỳnh", 31}, {"Hoàng", 20}, {"Phan", 45}, {"Võ", 30},
	{"Vũ", 9}, {"Đặng", 21}, {"Bùi", 20}, {"Đỗ", 14}, {"Hồ", 13}, {"Ngô", 13}, {"Dương", 10}, {"Lý", 5}, {"Trương", 8},
	{"Đinh", 6}, {"Lâm", 8}, {"Thạch", 10}, {"Danh", 5}, {"Sơn", 5}, {"Kim", 4}, {"Quách", 3}, {"Tô", 3}, {"Lưu", 3},
	{"Mai", 3}, {"Cao", 3}, {"Châu", 4}, {"Triệu", 2}, {"La", 2}, {"Tăng", 2}, {"Diệp", 2},
}

var (
	maleMiddle   = []weighted{{"Văn", 50}, {"Hữu", 8}, {"Đức", 8}, {"Minh", 10}, {"Quốc", 8}, {"Thanh", 8}, {"Công", 5}, {"Hoàng", 3}}
	femaleMiddle = []weighted{{"Thị", 55}, {"Ngọc", 12}, {"Thu", 6}, {"Kim", 8}, {"Thanh", 7}, {"Mỹ", 6}, {"Hồng", 6}}
	maleGiven    = []weighted{{"Hùng", 6}, {"Dũng", 6}, {"Nam", 6}, {"Tuấn", 6}, {"Minh", 5}, {"Hải", 5}, {"Long", 5}, {"Phúc", 4},
		{"Quang", 4}, {"Sơn", 4}, {"Thắng", 3}, {"Hiếu", 4}, {"Khoa", 3}, {"Bảo", 4}, {"Huy", 5}, {"Trung", 4}, {"Tâm", 4},
		{"Phong", 3}, {"Đạt", 4}, {"Thành", 5}, {"Lộc", 3}, {"Tài", 3}, {"Nghĩa", 3}, {"Vinh", 3}, {"Kiệt", 2}, {"Sang", 2}}
	femaleGiven = []weighted{{"Lan", 6}, {"Hương", 6}, {"Hoa", 5}, {"Linh", 6}, {"Mai", 5}, {"Thảo", 5}, {"Trang", 6}, {"Ngọc", 4},
		{"Hạnh", 4}, {"Nhung", 3}, {"Yến", 4}, {"Thủy", 4}, {"Hà", 4}, {"Vy", 4}, {"Anh", 5}, {"Nga", 3}, {"Phương", 5},
		{"Tuyết", 3}, {"Loan", 3}, {"Hằng", 4}, {"Diễm", 2}, {"Trinh", 3}, {"Nhi", 4}, {"Thư", 3}}
	// organisations give too, under their own names.
	organisations = []string{"Công ty TNHH Thủy sản Sóc Trăng", "Công ty CP Lương thực Sóc Trăng", "Chùa Som Rong", "Chùa Dơi",
		"Hội Doanh nhân trẻ Sóc Trăng", "Trường THPT Hoàng Diệu", "Ban liên lạc đồng hương Sóc Trăng tại TP.HCM", "Công ty TNHH MTV Xổ số kiến thiết Sóc Trăng"}
	purposes = []string{"ung ho dong bao mien Trung", "ung ho phong chong dich Covid 19", "ung ho quy covid tinh Soc Trang",
		"ung ho MTTQ Soc Trang chong dich", "ung ho nguoi dan kho khan do dich benh", "ung ho mua vaccine", "ung ho ba con vung dich",
		"ung ho khu cach ly", "ủng hộ đồng bào chống dịch", "ủng hộ quỹ phòng chống Covid-19"}
	banks = []string{"VCB", "CTG", "BIDV", "AGRIBANK", "TCB", "ACB", "MB", "VPB", "STB", "TPB", "VIB", "SHB"}
)

var (
	surnameTotal      = totalOf(surnames)
	maleMiddleTotal   = totalOf(maleMiddle)
	femaleMiddleTotal = totalOf(femaleMiddle)
	maleGivenTotal    = totalOf(maleGiven)
	femaleGivenTotal  = totalOf(femaleGiven)
)

// personName draws a full name: surname, middle name, given name.
func personName(rng *rand.Rand) string {
	if rng.IntN(2) == 0 {
		return draw(rng, surnames, surnameTotal) + " " + draw(rng, maleMiddle, maleMiddleTotal) + " " + draw(rng, maleGiven, maleGivenTotal)
	}
	return draw(rng, surnames, surnameTotal) + " " + draw(rng, femaleMiddle, femaleMiddleTotal) + " " + draw(rng, femaleGiven, femaleGivenTotal)
}

// amounts in đồng, weighted as people give: round sums, mostly small.
var amounts = []struct {
	v int64
	w int
}{{50000, 8}, {100000, 18}, {200000, 16}, {300000, 6}, {500000, 20}, {1000000, 14}, {2000000, 6}, {3000000, 2}, {5000000, 5},
	{10000000, 3}, {20000000, 1}, {50000000, 1}}
