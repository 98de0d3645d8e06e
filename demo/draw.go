package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"

	"reliefledger/households"
)

// generator draws households from one PRNG; the order of draws is part of
// the output, so keep it fixed.
type generator struct {
	r   *rand.Rand
	ids map[string]struct{} // national IDs handed out
}

// hamlets picks a commune's hamlets: "Ấp <name>" in rural communes,
// "Khóm <n>" in wards.
func (g *generator) hamlets(ward bool) []string {
	if ward {
		out := make([]string, 4+g.r.IntN(6))
		for i := range out {
			out[i] = "Khóm " + strconv.Itoa(i+1)
		}
		return out
	}
	names := slices.Clone(hamletNames)
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
func (g *generator) household(u Unit, cat households.Category, prof profile, hamlets []string, nth int) households.Household {
	head := g.head(prof)
	switch nth {
	case 0:
		head.name, head.female, head.minority = "Nguyễn Văn An", false, false
	case 1:
		head.name, head.female, head.minority = "Trần Thị Bé", true, false
	}
	age := g.age()
	h := households.Household{
		HeadName:   head.name,
		NationalID: g.nationalID(reviewYear-age, head.female),
		Phone:      g.phone(),
		Commune:    u.Commune,
		District:   u.District,
		Hamlet:     hamlets[g.r.IntN(len(hamlets))],
		Category:   cat,
		Members:    g.members(cat),
		Status:     households.Active,
		Synthetic:  true,
		Version:    1,
	}
	r68 := 30
	if cat == households.NearPoor {
		r68 = 40
	}
	disabled := g.r.IntN(100) < 8
	children := h.Members >= 2 && g.r.IntN(100) < 26
	for _, f := range []struct {
		on   bool
		name string
	}{
		{g.r.IntN(100) < r68, households.FlagR68},
		{age >= 60, households.FlagElderlyHead},
		{disabled, households.FlagDisability},
		{head.minority, households.FlagEthnicMinority},
		{head.female, households.FlagFemaleHead},
		{children, households.FlagChildren},
	} {
		if f.on {
			h.Flags = append(h.Flags, f.name)
		}
	}
	return h
}

type person struct {
	name             string
	female, minority bool
}

// head draws a name: Khmer, Hoa or Kinh by the district's shares. Every
// woman's name has "Thị" and no man's has.
func (g *generator) head(prof profile) person {
	female := g.r.IntN(100) < 32
	eth := g.r.IntN(100)
	var family, rest string
	switch {
	case eth < prof.khmer:
		family = g.pick(khmerFamily)
		rest = g.one(khmerMale)
		if female {
			rest = g.one(khmerFemale)
		}
	case eth < prof.khmer+prof.hoa:
		family = g.one(hoaFamily)
		rest = g.one(hoaMale)
		if female {
			rest = g.one(hoaFemale)
		}
	default:
		family = g.pick(kinhFamily)
		if female {
			rest = g.pick(kinhFemaleMiddle) + " " + g.one(kinhFemale)
		} else {
			rest = g.pick(kinhMaleMiddle) + " " + g.one(kinhMale)
		}
	}
	return person{name: family + " " + rest, female: female, minority: eth < prof.khmer+prof.hoa}
}

// age is the head's age in 2021: about one in five is 60 or older, and a
// few are under 22 (born in the 2000s).
func (g *generator) age() int {
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
func (g *generator) nationalID(born int, female bool) string {
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
func (g *generator) phone() string {
	if g.r.IntN(100) < 25 {
		return ""
	}
	return g.one(mobilePrefixes) + fmt.Sprintf("%07d", g.r.IntN(10_000_000))
}

var memberWeights = map[households.Category][]int{ // weights for 1..9 members
	households.Poor:     {7, 13, 22, 25, 17, 9, 4, 2, 1},
	households.NearPoor: {4, 10, 21, 27, 20, 10, 5, 2, 1},
}

func (g *generator) members(cat households.Category) int {
	return 1 + weightedIndex(g.r, memberWeights[cat])
}

// weightedIndex draws an index with the given weights.
func weightedIndex(r *rand.Rand, weights []int) int {
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

func (g *generator) one(xs []string) string { return xs[g.r.IntN(len(xs))] }

// weighted is a list of names with weights.
type weighted struct {
	names   []string
	weights []int
}

func (g *generator) pick(w weighted) string { return w.names[weightedIndex(g.r, w.weights)] }
