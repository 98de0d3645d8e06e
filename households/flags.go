package households

import (
	"fmt"
	"strings"

	"reliefledger/internal/fold"
)

// flagWords maps words found in a notes column (folded) to flags.
var flagWords = []struct{ word, flag string }{
	{"r68", FlagR68}, {"nq68", FlagR68}, {"nq 68", FlagR68}, {"68/nq", FlagR68},
	{"elderly_head", FlagElderlyHead}, {"cao tuoi", FlagElderlyHead}, {"nguoi gia", FlagElderlyHead},
	{"disability", FlagDisability}, {"khuyet tat", FlagDisability},
	{"ethnic_minority", FlagEthnicMinority}, {"dan toc", FlagEthnicMinority}, {"khmer", FlagEthnicMinority}, {"hoa", FlagEthnicMinority},
	{"female_head", FlagFemaleHead}, {"chu ho nu", FlagFemaleHead},
	{"young_children", FlagChildren}, {"tre duoi 6", FlagChildren}, {"tre nho", FlagChildren},
}

// ParseFlags reads flags from a notes cell: flag codes or Vietnamese words
// ("khuyết tật", "NQ68", "Khmer", …), in KnownFlags order.
func ParseFlags(s string) []string {
	f := " " + fold.String(s) + " "
	f = strings.NewReplacer(",", " ", ";", " ", "(", " ", ")", " ").Replace(f)
	set := map[string]bool{}
	for _, w := range flagWords {
		if strings.Contains(f, " "+w.word+" ") {
			set[w.flag] = true
		}
	}
	return orderedFlags(set)
}

func orderedFlags(set map[string]bool) []string {
	var out []string
	for _, k := range KnownFlags {
		if set[k] {
			out = append(out, k)
		}
	}
	return out
}

// CleanFlags checks flag codes given one by one (the JSON API).
func CleanFlags(flags []string) ([]string, error) {
	set := map[string]bool{}
	for _, f := range flags {
		known := false
		for _, k := range KnownFlags {
			known = known || k == f
		}
		if !known {
			return nil, fmt.Errorf("unknown flag %q (known: %s)", f, strings.Join(KnownFlags, ", "))
		}
		set[f] = true
	}
	return orderedFlags(set), nil
}
