package households

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// DemoUnit is a commune for the generator: its code, name, district code and district name.
type DemoUnit struct {
	Commune, CommuneName, District, DistrictName string
}

// Demo target counts (Sóc Trăng, 2021).
const (
	DemoPoor     = 8617
	DemoNearPoor = 28987
)

const (
	demoYear   = 2021               // ages and flags are as of the 2021 review
	demoStream = 0x536f635472616e67 // "SocTrang": the PCG stream, fixed so that only the seed varies
)

// demoProfile is what a district looks like: its relative share of each
// category and the percentage of Khmer and Hoa households.
type demoProfile struct {
	poor, nearPoor int
	khmer, hoa     int
}

// In 2021 the poorest districts were the rural ones with many Khmer
// households; the city, Ngã Năm and Cù Lao Dung had the fewest. The weights
// are plausible, not official.
var demoProfiles = map[string]demoProfile{
	"941": {3, 6, 14, 10},  // Sóc Trăng city
	"942": {10, 10, 38, 2}, // Châu Thành
	"943": {8, 10, 10, 2},  // Kế Sách
	"944": {9, 9, 34, 1},   // Mỹ Tú
	"945": {5, 6, 4, 2},    // Cù Lao Dung
	"946": {10, 10, 32, 2}, // Long Phú
	"947": {12, 11, 38, 3}, // Mỹ Xuyên
	"948": {4, 5, 10, 2},   // Ngã Năm
	"949": {11, 10, 30, 2}, // Thạnh Trị
	"950": {14, 12, 50, 8}, // Vĩnh Châu
	"951": {15, 12, 46, 2}, // Trần Đề
}

// demoOtherDistrict is the profile of a district the table does not know.
var demoOtherDistrict = demoProfile{8, 8, 30, 3}

// demoWards are wards (phường) of the 2021 list whose names do not say so;
// DemoUnit carries no kind, and other wards are named "Phường <n>".
var demoWards = map[string]bool{"31789": true, "31804": true} // Khánh Hòa, Vĩnh Phước (Vĩnh Châu)

// demoMinPerCommune is the least each commune gets of each category, so
// that every commune has a few households.
const demoMinPerCommune = 3

// DemoHouseholds returns a deterministic synthetic registry of exactly DemoPoor poor and DemoNearPoor near-poor households spread over units. The same seed and units give the same households (byte for byte, in the same order). Every household has Synthetic=true, Status=Active, Version=1, a Code "DEMO-<commune code>-<4-digit sequence within the commune>" unique over the registry, and District/Commune set from its unit. CreatedAt/UpdatedAt/ID stay zero (the caller sets them).
//
// Households come in the order of units; a commune listed twice counts
// once. With no units it returns nil. How many households a commune gets
// depends on the units only; the seed changes who they are.
func DemoHouseholds(units []DemoUnit, seed uint64) []Household {
	units = demoDedup(units)
	if len(units) == 0 {
		return nil
	}
	poor, near := demoCounts(units)
	g := &demoGen{
		r:   rand.New(rand.NewPCG(seed, demoStream)),
		ids: make(map[string]struct{}, DemoPoor+DemoNearPoor),
	}
	out := make([]Household, 0, DemoPoor+DemoNearPoor)
	inDistrict := map[string]int{}
	for i, u := range units {
		prof := demoProfileOf(u.District)
		ward := demoIsWard(u)
		hamlets := g.hamlets(ward)
		cats := make([]Category, 0, poor[i]+near[i])
		for range poor[i] {
			cats = append(cats, Poor)
		}
		for range near[i] {
			cats = append(cats, NearPoor)
		}
		g.r.Shuffle(len(cats), func(a, b int) { cats[a], cats[b] = cats[b], cats[a] })
		for seq, cat := range cats {
			h := g.household(u, cat, prof, hamlets, inDistrict[u.District])
			h.Code = "DEMO-" + u.Commune + "-" + fmt.Sprintf("%04d", seq+1)
			inDistrict[u.District]++
			out = append(out, h)
		}
	}
	return out
}

// DemoHouseholdsOf returns the demo registry over the 2021 communes of tree.
func DemoHouseholdsOf(tree *Tree, seed uint64) []Household {
	var units []DemoUnit
	for _, u := range tree.Units() {
		if u.Scheme != "2021" || !u.IsCommune() {
			continue
		}
		d, _ := tree.DistrictOf(u.Code)
		units = append(units, DemoUnit{Commune: u.Code, CommuneName: u.Name, District: d.Code, DistrictName: d.Name})
	}
	return DemoHouseholds(units, seed)
}

// DemoUnitsFromCSV reads units in the format of households/data/soctrang_2021.csv (header code,name,kind,parent_code) and returns its communes (kinds xa, phuong, thi_tran) with their district, in file order.
func DemoUnitsFromCSV(r io.Reader) ([]DemoUnit, error) {
	regions, err := ReadUnitsCSV(r, "", "", "")
	if err != nil {
		return nil, fmt.Errorf("demo units: %w", err)
	}
	byCode := make(map[string]Region, len(regions))
	for _, u := range regions {
		byCode[u.Code] = u
	}
	var out []DemoUnit
	for _, u := range regions {
		if !u.IsCommune() {
			continue
		}
		d, ok := byCode[u.Parent]
		if !ok || d.IsCommune() || d.Kind == "tinh" {
			return nil, fmt.Errorf("demo units: commune %s (%s) is not under a district", u.Code, u.Name)
		}
		out = append(out, DemoUnit{Commune: u.Code, CommuneName: u.Name, District: d.Code, DistrictName: d.Name})
	}
	return out, nil
}

func demoDedup(units []DemoUnit) []DemoUnit {
	seen := make(map[string]bool, len(units))
	out := make([]DemoUnit, 0, len(units))
	for _, u := range units {
		if !seen[u.Commune] {
			seen[u.Commune] = true
			out = append(out, u)
		}
	}
	return out
}

func demoProfileOf(district string) demoProfile {
	if p, ok := demoProfiles[district]; ok {
		return p
	}
	return demoOtherDistrict
}

func demoIsWard(u DemoUnit) bool {
	return strings.HasPrefix(u.CommuneName, "Phường ") || demoWards[u.Commune]
}

// demoCounts splits each category's total over the districts by their
// weights, then over each district's communes, and returns the counts per
// unit.
func demoCounts(units []DemoUnit) (poor, near []int) {
	var districts []string
	members := map[string][]int{} // district → indexes into units
	for i, u := range units {
		if _, ok := members[u.District]; !ok {
			districts = append(districts, u.District)
		}
		members[u.District] = append(members[u.District], i)
	}
	// A district's floor is what its communes' floors add up to, so the
	// commune split below can always honour them.
	var wp, wn, floors []int
	for _, d := range districts {
		p := demoProfileOf(d)
		wp = append(wp, p.poor)
		wn = append(wn, p.nearPoor)
		floors = append(floors, demoMinPerCommune*len(members[d]))
	}
	dp := demoSplit(DemoPoor, wp, floors)
	dn := demoSplit(DemoNearPoor, wn, floors)

	poor, near = make([]int, len(units)), make([]int, len(units))
	for k, d := range districts {
		idx := members[d]
		weights := make([]int, len(idx))
		cfloors := make([]int, len(idx))
		for j, i := range idx {
			weights[j] = demoCommuneWeight(units[i])
			cfloors[j] = demoMinPerCommune
		}
		cp := demoSplit(dp[k], weights, cfloors)
		cn := demoSplit(dn[k], weights, cfloors)
		for j, i := range idx {
			poor[i], near[i] = cp[j], cn[j]
		}
	}
	return poor, near
}

// demoCommuneWeight is a ward's or a rural commune's weight, varied by
// ±30 % with a hash of its code so that communes differ but not by seed.
func demoCommuneWeight(u DemoUnit) int {
	base := 100
	if demoIsWard(u) {
		base = 40
	}
	h := fnv.New32a()
	h.Write([]byte(u.Commune))
	return base * (70 + int(h.Sum32()%61))
}

// demoSplit divides total in proportion to weights with the largest
// remainder method, so the parts add up to total exactly. Each part first
// gets its floor when the total allows all floors; ties go to the earlier
// part.
func demoSplit(total int, weights, floors []int) []int {
	n := len(weights)
	out := make([]int, n)
	if n == 0 {
		return out
	}
	sumFloors := 0
	for _, f := range floors {
		sumFloors += f
	}
	rest := total
	if sumFloors <= total {
		copy(out, floors)
		rest -= sumFloors
	}
	w := make([]int64, n)
	var sum int64
	for i, x := range weights {
		w[i] = int64(max(x, 0))
		sum += w[i]
	}
	if sum == 0 { // no weights: equal parts
		for i := range w {
			w[i] = 1
		}
		sum = int64(n)
	}
	type remainder struct {
		i int
		r int64
	}
	rems := make([]remainder, n)
	given := 0
	for i := range w {
		q := int64(rest) * w[i]
		out[i] += int(q / sum)
		given += int(q / sum)
		rems[i] = remainder{i, q % sum}
	}
	slices.SortStableFunc(rems, func(a, b remainder) int { return cmp.Compare(b.r, a.r) })
	for k := range rest - given {
		out[rems[k].i]++
	}
	return out
}

// demoGen draws households from one PRNG; the order of draws is part of
// the output, so keep it fixed.
type demoGen struct {
	r   *rand.Rand
	ids map[string]struct{} // national IDs handed out
}

// hamlets picks a commune's hamlets: "Ấp <name>" in rural communes,
// "Khóm <n>" in wards.
func (g *demoGen) hamlets(ward bool) []string {
	if ward {
		out := make([]string, 4+g.r.IntN(6))
		for i := range out {
			out[i] = "Khóm " + strconv.Itoa(i+1)
		}
		return out
	}
	names := slices.Clone(demoHamletNames)
	k := 5 + g.r.IntN(6)
	for i := range k { // partial Fisher–Yates
		j := i + g.r.IntN(len(names)-i)
		names[i], names[j] = names[j], names[i]
	}
	out := make([]string, k)
	for i, n := range names[:k] {
		out[i] = "Ấp " + n
	}
	return out
}

// household draws one household. nth counts the district's households so
// far: its first two heads are named "Nguyễn Văn An" and "Trần Thị Bé".
func (g *demoGen) household(u DemoUnit, cat Category, prof demoProfile, hamlets []string, nth int) Household {
	head := g.head(prof)
	switch nth {
	case 0:
		head.name, head.female, head.minority = "Nguyễn Văn An", false, false
	case 1:
		head.name, head.female, head.minority = "Trần Thị Bé", true, false
	}
	age := g.age()
	h := Household{
		HeadName:   head.name,
		NationalID: g.nationalID(demoYear-age, head.female),
		Phone:      g.phone(),
		Commune:    u.Commune,
		District:   u.District,
		Hamlet:     hamlets[g.r.IntN(len(hamlets))],
		Category:   cat,
		Members:    g.members(cat),
		Status:     Active,
		Synthetic:  true,
		Version:    1,
	}
	r68 := 30
	if cat == NearPoor {
		r68 = 40
	}
	disabled := g.r.IntN(100) < 8
	children := h.Members >= 2 && g.r.IntN(100) < 26
	for _, f := range []struct {
		on   bool
		name string
	}{
		{g.r.IntN(100) < r68, FlagR68},
		{age >= 60, FlagElderlyHead},
		{disabled, FlagDisability},
		{head.minority, FlagEthnicMinority},
		{head.female, FlagFemaleHead},
		{children, FlagChildren},
	} {
		if f.on {
			h.Flags = append(h.Flags, f.name)
		}
	}
	return h
}

type demoHead struct {
	name             string
	female, minority bool
}

// head draws a name: Khmer, Hoa or Kinh by the district's shares. Every
// woman's name has "Thị" and no man's has.
func (g *demoGen) head(prof demoProfile) demoHead {
	female := g.r.IntN(100) < 32
	eth := g.r.IntN(100)
	var family, rest string
	switch {
	case eth < prof.khmer:
		family = g.pick(demoKhmerFamily)
		rest = g.one(demoKhmerMale)
		if female {
			rest = g.one(demoKhmerFemale)
		}
	case eth < prof.khmer+prof.hoa:
		family = g.one(demoHoaFamily)
		rest = g.one(demoHoaMale)
		if female {
			rest = g.one(demoHoaFemale)
		}
	default:
		family = g.pick(demoKinhFamily)
		if female {
			rest = g.pick(demoKinhFemaleMiddle) + " " + g.one(demoKinhFemale)
		} else {
			rest = g.pick(demoKinhMaleMiddle) + " " + g.one(demoKinhMale)
		}
	}
	return demoHead{name: family + " " + rest, female: female, minority: eth < prof.khmer+prof.hoa}
}

// age is the head's age in 2021: about one in five is 60 or older, and a
// few are under 22 (born in the 2000s).
func (g *demoGen) age() int {
	switch n := g.r.IntN(100); {
	case n < 20:
		return 60 + g.r.IntN(16) + g.r.IntN(16)
	case n < 21:
		return 18 + g.r.IntN(4)
	default:
		return 22 + g.r.IntN(38)
	}
}

// nationalID is "094" (Sóc Trăng), the gender and century digit, the
// two-digit birth year and six random digits; one in ten is missing.
func (g *demoGen) nationalID(born int, female bool) string {
	if g.r.IntN(100) < 10 {
		return ""
	}
	code := 0
	if born >= 2000 {
		code = 2
	}
	if female {
		code++
	}
	prefix := "094" + strconv.Itoa(code) + fmt.Sprintf("%02d", born%100)
	for {
		id := prefix + fmt.Sprintf("%06d", g.r.IntN(1_000_000))
		if _, dup := g.ids[id]; !dup {
			g.ids[id] = struct{}{}
			return id
		}
	}
}

// phone is a mobile number; one in four is missing.
func (g *demoGen) phone() string {
	if g.r.IntN(100) < 25 {
		return ""
	}
	return g.one(demoMobilePrefixes) + fmt.Sprintf("%07d", g.r.IntN(10_000_000))
}

var demoMembers = map[Category][]int{ // weights for 1..9 members
	Poor:     {7, 13, 22, 25, 17, 9, 4, 2, 1},
	NearPoor: {4, 10, 21, 27, 20, 10, 5, 2, 1},
}

func (g *demoGen) members(cat Category) int {
	return 1 + demoIndex(g.r, demoMembers[cat])
}

// demoIndex draws an index with the given weights.
func demoIndex(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

func (g *demoGen) one(xs []string) string { return xs[g.r.IntN(len(xs))] }

// demoWeighted is a list of names with weights.
type demoWeighted struct {
	names   []string
	weights []int
}

func (g *demoGen) pick(w demoWeighted) string { return w.names[demoIndex(g.r, w.weights)] }

var (
	demoKinhFamily = demoWeighted{
		[]string{"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đoàn", "Lâm", "Tô", "Đinh", "Cao", "Mai"},
		[]int{36, 11, 9, 6, 6, 5, 4, 2, 2, 2, 2, 2, 2, 1, 2, 1, 1, 1, 1, 1, 1},
	}
	demoKinhMaleMiddle = demoWeighted{
		[]string{"Văn", "Hữu", "Minh", "Thanh", "Quốc", "Công", "Hoàng", "Đức", "Ngọc", "Tấn", "Phước"},
		[]int{60, 6, 6, 6, 4, 4, 3, 3, 3, 3, 2},
	}
	demoKinhFemaleMiddle = demoWeighted{
		[]string{"Thị", "Thị Ngọc", "Thị Kim", "Thị Thanh", "Thị Mỹ", "Thị Hồng", "Thị Thu", "Thị Bích"},
		[]int{70, 6, 6, 5, 4, 3, 3, 3},
	}
	demoKinhMale = []string{
		"An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Hòa", "Hiếu", "Khánh", "Lộc", "Long", "Lợi", "Nam",
		"Nghĩa", "Phúc", "Phước", "Quang", "Sơn", "Tài", "Tâm", "Thành", "Thắng", "Tuấn", "Trung", "Tùng",
		"Út", "Hậu", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Danh", "Đông", "Vũ", "Kiệt", "Thiện", "Nhân",
	}
	demoKinhFemale = []string{
		"Bé", "Lan", "Hoa", "Hương", "Hạnh", "Hằng", "Mai", "Nga", "Nhung", "Thảo", "Trang", "Tuyết",
		"Xuân", "Yến", "Diệu", "Phượng", "Loan", "Thúy", "Út", "Ánh", "Cúc", "Đào", "Liên", "Nguyệt",
		"Mến", "Ngân", "Kiều", "Lệ", "Dung", "Nhi", "Tiên", "Em",
	}
	demoKhmerFamily = demoWeighted{
		[]string{"Thạch", "Sơn", "Lâm", "Danh", "Kim", "Lý", "Triệu", "Châu"},
		[]int{30, 18, 12, 10, 10, 8, 6, 6},
	}
	demoKhmerMale = []string{
		"Sa Phol", "Chanh Đa", "Sà Rênh", "Phước", "Sóc", "Sà Quân", "Sô Phal", "Sa Rươl", "Ken",
		"Chăn Thy", "Cha Ra", "Xà Phia", "Đa Ra", "Khen", "Sang", "Hên", "Sa Mết", "Rây", "Pho", "Sóc Thươl",
	}
	demoKhmerFemale = []string{
		"Thị Sóc Khum", "Thị Sa Rát", "Thị Sa Vươl", "Thị Phi", "Thị Mươl", "Thị Sà Ry", "Thị Ni",
		"Thị Sa Vy", "Thị Sóc", "Thị Phai", "Thị Đa Ry", "Thị Khum", "Thị Sa Lin", "Thị Chanh Thu", "Thị Rết",
	}
	demoHoaFamily = []string{"Quách", "Tăng", "Lưu", "Triệu", "Lý", "Trương", "Mã", "Tạ", "Hứa", "Diệp"}
	demoHoaMale   = []string{"Chí Cường", "Kiến Huy", "Vĩnh Tài", "Quốc Hưng", "Gia Minh", "Thành Lợi", "Hữu Phát", "Tú Quang", "Khải Nguyên"}
	demoHoaFemale = []string{"Thị Mỹ Lệ", "Thị Kim Hoa", "Thị Ngọc Bích", "Thị Tuyết", "Thị Mai", "Thị Lệ Quyên", "Thị Bảo Trân"}

	demoHamletNames = []string{
		"Hòa Phuông", "Phước Hòa", "Tân Lộc", "Bưng Cóc", "Sóc Vồ", "Phước Thuận", "Hòa Thượng", "Hòa Thành",
		"Tân Hòa", "Tân Thạnh", "Mỹ Thanh", "Mỹ Hòa", "Phú Thứ", "Vĩnh Thuận", "Vĩnh Bình", "An Nghiệp",
		"Xẻo Me", "Xẻo Gừa", "Kinh Xáng", "Kinh Mới", "Cồn Tròn", "Cầu Đen", "Sóc Mới", "Sóc Tre", "Bưng Tróp",
		"Prey Chóp", "Tà Lọt", "Giồng Chùa", "Trà Canh", "Thạnh Hòa", "Thạnh Lợi", "Tân Mỹ", "Hưng Thới",
		"Trà Quýt", "Phú Giao", "Bào Biển", "Đay Sô", "Cà Lăng", "Sóc Leo", "Nước Mặn", "Ba Rinh",
	}
	demoMobilePrefixes = []string{
		"032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079",
		"081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096", "097", "098",
	}
)
