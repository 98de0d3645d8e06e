package households

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$`)

// Input is a household as a caller proposes it, in the import's columns.
type Input map[Column]string

// rowProblem is one problem of one input row.
type rowProblem struct {
	Column  Column
	Message string
}

// validate turns an input row into a household. scope, when set, is the
// only district the caller may register households in.
func (s *Service) validate(in Input, scope string) (Household, []rowProblem) {
	var ps []rowProblem
	add := func(c Column, format string, args ...any) {
		ps = append(ps, rowProblem{Column: c, Message: fmt.Sprintf(format, args...)})
	}
	h := Household{Status: Active, Version: 1}
	h.Code = strings.TrimSpace(in[ColCode])
	if h.Code == "" {
		add(ColCode, "is required")
	} else if !codePattern.MatchString(h.Code) {
		add(ColCode, "%q must be 1–40 letters, digits, '.', '_', '/' or '-'", h.Code)
	}
	h.HeadName = strings.Join(strings.Fields(in[ColHeadName]), " ")
	if h.HeadName == "" {
		add(ColHeadName, "is required")
	} else if utf8.RuneCountInString(h.HeadName) > 200 {
		add(ColHeadName, "is longer than 200 characters")
	}
	if id := digitsOnly(in[ColNationalID]); in[ColNationalID] != "" {
		if len(id) != 12 && len(id) != 9 || id != strings.TrimSpace(in[ColNationalID]) {
			add(ColNationalID, "must be 12 digits (CCCD) or 9 digits (old CMND)")
		} else {
			h.NationalID = id
		}
	}
	if raw := strings.TrimSpace(in[ColPhone]); raw != "" {
		p := digitsOnly(raw)
		if strings.HasPrefix(raw, "+84") {
			p = "0" + strings.TrimPrefix(p, "84")
		}
		if len(p) != 10 || p[0] != '0' {
			add(ColPhone, "must be a 10-digit number starting with 0")
		} else {
			h.Phone = p
		}
	}
	tree := s.Tree()
	if c := strings.TrimSpace(in[ColCommune]); c == "" {
		add(ColCommune, "is required")
	} else if u, err := tree.ResolveCommune(c, in[ColDistrict]); err != nil {
		add(ColCommune, "%v", err)
	} else {
		h.Commune = u.Code
		if d, ok := tree.DistrictOf(u.Code); ok {
			h.District = d.Code
		}
		if scope != "" && h.District != scope {
			add(ColCommune, "%s is outside your district", u.FullName())
		}
	}
	h.Hamlet = strings.Join(strings.Fields(in[ColHamlet]), " ")
	if utf8.RuneCountInString(h.Hamlet) > 100 {
		add(ColHamlet, "is longer than 100 characters")
	}
	if c := strings.TrimSpace(in[ColCategory]); c == "" {
		add(ColCategory, "is required (Nghèo or Cận nghèo)")
	} else if cat, ok := CategoryOf(c); !ok {
		add(ColCategory, "%q is neither Nghèo (poor) nor Cận nghèo (near-poor)", c)
	} else {
		h.Category = cat
	}
	if m := strings.TrimSpace(in[ColMembers]); m == "" {
		add(ColMembers, "is required")
	} else if n, err := strconv.Atoi(m); err != nil || n < 1 || n > 50 {
		add(ColMembers, "%q must be a whole number from 1 to 50", m)
	} else {
		h.Members = n
	}
	h.Flags = ParseFlags(in[ColFlags])
	return h, ps
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fieldOfColumn names an input column as the JSON API names the field, so
// that Create reports problems the way its callers spelled them.
var fieldOfColumn = map[Column]string{
	ColCode: "code", ColHeadName: "head_name", ColNationalID: "national_id", ColPhone: "phone", ColCommune: "commune",
	ColDistrict: "district", ColHamlet: "hamlet", ColCategory: "category", ColMembers: "members", ColFlags: "flags",
}
