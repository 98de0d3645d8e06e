package demo

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"

	"reliefledger/households"
)

const (
	reviewYear = 2021               // ages and flags are as of the 2021 review
	stream     = 0x536f635472616e67 // "SocTrang": the PCG stream, fixed so that only the seed varies
)

// profile is what a district looks like: its relative share of each
// category and the percentage of Khmer and Hoa households.
type profile struct {
	poor, nearPoor int
	khmer, hoa     int
}

// In 2021 the poorest districts were the rural ones with many Khmer
// households; the city, Ngã Năm and Cù Lao Dung had the fewest. The weights
// are plausible, not official.
var profiles = map[string]profile{
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

// otherDistrict is the profile of a district the table does not know.
var otherDistrict = profile{8, 8, 30, 3}

// wardCodes are wards (phường) of the 2021 list whose names do not say so;
// Unit carries no kind, and other wards are named "Phường <n>".
var wardCodes = map[string]bool{"31789": true, "31804": true} // Khánh Hòa, Vĩnh Phước (Vĩnh Châu)

// minPerCommune is the least each commune gets of each category, so
// that every commune has a few households.
const minPerCommune = 3

// Households returns a deterministic synthetic registry of exactly
// PoorCount poor and NearPoorCount near-poor households spread over units.
// The same seed and units give the same households (byte for byte, in the
// same order). Every household has Synthetic=true, Status=Active,
// Version=1, a Code "DEMO-<commune code>-<4-digit sequence within the
// commune>" unique over the registry, and District/Commune set from its
// unit. CreatedAt/UpdatedAt/ID stay zero (the caller sets them).
//
// Households come in the order of units; a commune listed twice counts
// once. With no units it returns nil. How many households a commune gets
// depends on the units only; the seed changes who they are.
func Households(units []Unit, seed uint64) []households.Household {
	units = dedup(units)
	if len(units) == 0 {
		return nil
	}
	poor, near := counts(units)
	g := &generator{
		r:   rand.New(rand.NewPCG(seed, stream)),
		ids: make(map[string]struct{}, PoorCount+NearPoorCount),
	}
	out := make([]households.Household, 0, PoorCount+NearPoorCount)
	inDistrict := map[string]int{}
	for i, u := range units {
		prof := profileOf(u.District)
		ward := isWard(u)
		hamlets := g.hamlets(ward)
		cats := make([]households.Category, 0, poor[i]+near[i])
		for range poor[i] {
			cats = append(cats, households.Poor)
		}
		for range near[i] {
			cats = append(cats, households.NearPoor)
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

func dedup(units []Unit) []Unit {
	seen := make(map[string]bool, len(units))
	out := make([]Unit, 0, len(units))
	for _, u := range units {
		if !seen[u.Commune] {
			seen[u.Commune] = true
			out = append(out, u)
		}
	}
	return out
}

func profileOf(district string) profile {
	if p, ok := profiles[district]; ok {
		return p
	}
	return otherDistrict
}

func isWard(u Unit) bool {
	return strings.HasPrefix(u.CommuneName, "Phường ") || wardCodes[u.Commune]
}

// counts splits each category's total over the districts by their
// weights, then over each district's communes, and returns the counts per
// unit.
func counts(units []Unit) (poor, near []int) {
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
		p := profileOf(d)
		wp = append(wp, p.poor)
		wn = append(wn, p.nearPoor)
		floors = append(floors, minPerCommune*len(members[d]))
	}
	dp := split(PoorCount, wp, floors)
	dn := split(NearPoorCount, wn, floors)

	poor, near = make([]int, len(units)), make([]int, len(units))
	for k, d := range districts {
		idx := members[d]
		weights := make([]int, len(idx))
		cfloors := make([]int, len(idx))
		for j, i := range idx {
			weights[j] = communeWeight(units[i])
			cfloors[j] = minPerCommune
		}
		cp := split(dp[k], weights, cfloors)
		cn := split(dn[k], weights, cfloors)
		for j, i := range idx {
			poor[i], near[i] = cp[j], cn[j]
		}
	}
	return poor, near
}

// communeWeight is a ward's or a rural commune's weight, varied by
// ±30 % with a hash of its code so that communes differ but not by seed.
func communeWeight(u Unit) int {
	base := 100
	if isWard(u) {
		base = 40
	}
	h := fnv.New32a()
	h.Write([]byte(u.Commune))
	return base * (70 + int(h.Sum32()%61))
}

// split divides total in proportion to weights with the largest
// remainder method, so the parts add up to total exactly. Each part first
// gets its floor when the total allows all floors; ties go to the earlier
// part.
func split(total int, weights, floors []int) []int {
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
