package households

import (
	"context"
	"sort"
)

// SummaryRow counts active households of one district and category.
type SummaryRow struct {
	District string
	Category Category
	Count    int64
	Members  int64
}

// Counts are active households and their members.
type Counts struct {
	Poor, NearPoor, Total, Members int64
}

// DistrictCounts are the counts of one district.
type DistrictCounts struct {
	District string
	Name     string // e.g. "Huyện Kế Sách"
	Counts
}

// Summary counts active households by district and category, districts in
// the order of the 2021 units, with the grand totals. scope, when set,
// keeps one district.
func (s *Service) Summary(ctx context.Context, scope string) ([]DistrictCounts, Counts, error) {
	rows, err := s.store.Summary(ctx, scope)
	if err != nil {
		return nil, Counts{}, err
	}
	tree := s.Tree()
	order := map[string]int{}
	for i, d := range tree.Districts("2021") {
		order[d.Code] = i
	}
	var out []DistrictCounts
	var all Counts
	idx := map[string]int{}
	for _, r := range rows {
		i, ok := idx[r.District]
		if !ok {
			name := r.District
			if u, ok := tree.Unit(r.District); ok {
				name = u.FullName()
			}
			out = append(out, DistrictCounts{District: r.District, Name: name})
			i = len(out) - 1
			idx[r.District] = i
		}
		for _, c := range []*Counts{&out[i].Counts, &all} {
			if r.Category == Poor {
				c.Poor += r.Count
			} else {
				c.NearPoor += r.Count
			}
			c.Total += r.Count
			c.Members += r.Members
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		oi, iok := order[out[i].District]
		oj, jok := order[out[j].District]
		if iok != jok {
			return iok
		}
		if oi != oj {
			return oi < oj
		}
		return out[i].District < out[j].District
	})
	return out, all, nil
}
