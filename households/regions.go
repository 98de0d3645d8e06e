package households

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"reliefledger/internal/fold"
)

// Region is an administrative unit: a province, a district-level unit
// (district, town, city) or a commune-level unit (commune, ward, township).
// Units are data: they carry the scheme they belong to and validity dates,
// so reports for 2021 still group by the 2021 districts after the 2025
// reform abolished them.
type Region struct {
	Code      string
	Name      string
	Kind      string // tinh, thanh_pho (city), thi_xa, huyen, xa, phuong, thi_tran
	Parent    string // code of the parent unit; empty for a province
	Level     int    // 1 province, 2 district, 3 commune; in a two-level scheme communes are level 2
	Scheme    string // e.g. "2021" (three levels) or "2025" (province → commune)
	ValidFrom string // YYYY-MM-DD
	ValidTo   string // YYYY-MM-DD, empty while in force
}

// IsCommune reports whether r is a commune-level unit.
func (r Region) IsCommune() bool { return r.Kind == "xa" || r.Kind == "phuong" || r.Kind == "thi_tran" }

// Mapping says that from Effective on, the old unit is part of the new one.
type Mapping struct {
	Old, New  string
	Effective string // YYYY-MM-DD
}

var kindWords = map[string]string{
	"tinh": "Tỉnh", "thanh_pho": "Thành phố", "thi_xa": "Thị xã", "huyen": "Huyện",
	"xa": "Xã", "phuong": "Phường", "thi_tran": "Thị trấn",
}

// FullName is the unit's name with its kind, e.g. "Huyện Kế Sách"; numbered
// wards are already named "Phường 2".
func (r Region) FullName() string {
	if strings.HasPrefix(r.Name, "Phường ") {
		return r.Name
	}
	if w, ok := kindWords[r.Kind]; ok {
		return w + " " + r.Name
	}
	return r.Name
}

// ReadUnitsCSV reads units from CSV with the header code,name,kind,parent_code
// and gives them the scheme and validity. Levels follow the parents.
func ReadUnitsCSV(r io.Reader, scheme, validFrom, validTo string) ([]Region, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read units: %w", err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != "code,name,kind,parent_code" {
		return nil, fmt.Errorf("read units: the header must be code,name,kind,parent_code")
	}
	level := map[string]int{}
	var out []Region
	for i, row := range rows[1:] {
		if len(row) != 4 {
			return nil, fmt.Errorf("read units: line %d has %d fields, want 4", i+2, len(row))
		}
		u := Region{Code: row[0], Name: row[1], Kind: row[2], Parent: row[3], Scheme: scheme, ValidFrom: validFrom, ValidTo: validTo}
		if _, ok := kindWords[u.Kind]; !ok {
			return nil, fmt.Errorf("read units: line %d: unknown kind %q", i+2, u.Kind)
		}
		if u.Parent == "" {
			u.Level = 1
		} else if pl, ok := level[u.Parent]; ok {
			u.Level = pl + 1
		} else {
			return nil, fmt.Errorf("read units: line %d: parent %s comes later or is missing", i+2, u.Parent)
		}
		level[u.Code] = u.Level
		out = append(out, u)
	}
	return out, nil
}

// ReadMappingsCSV reads old → new mappings with the header old_code,new_code,effective.
func ReadMappingsCSV(r io.Reader) ([]Mapping, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read mappings: %w", err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != "old_code,new_code,effective" {
		return nil, fmt.Errorf("read mappings: the header must be old_code,new_code,effective")
	}
	var out []Mapping
	for _, row := range rows[1:] {
		if len(row) != 3 {
			return nil, fmt.Errorf("read mappings: want 3 fields, got %v", row)
		}
		out = append(out, Mapping{Old: row[0], New: row[1], Effective: row[2]})
	}
	return out, nil
}

// Tree answers questions about a set of units.
type Tree struct {
	units    []Region
	byCode   map[string]Region
	children map[string][]string
	byName   map[string][]string // folded commune name → codes
	mappings []Mapping
}

// NewTree indexes units and mappings.
func NewTree(units []Region, mappings []Mapping) *Tree {
	t := &Tree{units: units, byCode: map[string]Region{}, children: map[string][]string{}, byName: map[string][]string{}, mappings: mappings}
	for _, u := range units {
		t.byCode[u.Code] = u
		if u.Parent != "" {
			t.children[u.Parent] = append(t.children[u.Parent], u.Code)
		}
		if u.IsCommune() {
			for _, n := range []string{fold.String(u.Name), fold.String(u.FullName())} {
				t.byName[n] = appendUnique(t.byName[n], u.Code)
			}
		}
	}
	return t
}

func appendUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// Units returns every unit in load order.
func (t *Tree) Units() []Region { return t.units }

// Mappings returns the old → new mappings.
func (t *Tree) Mappings() []Mapping { return t.mappings }

// Unit returns the unit with the code.
func (t *Tree) Unit(code string) (Region, bool) {
	u, ok := t.byCode[code]
	return u, ok
}

// Children returns the codes of a unit's children.
func (t *Tree) Children(code string) []string { return t.children[code] }

// DistrictOf returns the district-level unit above a commune, or ok=false
// in a two-level scheme.
func (t *Tree) DistrictOf(commune string) (Region, bool) {
	c, ok := t.byCode[commune]
	if !ok {
		return Region{}, false
	}
	d, ok := t.byCode[c.Parent]
	if !ok || d.Level != 2 || d.Kind == "tinh" {
		return Region{}, false
	}
	return d, true
}

// Districts returns the district-level units of a scheme, in load order.
func (t *Tree) Districts(scheme string) []Region {
	var out []Region
	for _, u := range t.units {
		if u.Scheme == scheme && u.Level == 2 && !u.IsCommune() {
			out = append(out, u)
		}
	}
	return out
}

// IsDistrict reports whether code is a district-level unit.
func (t *Tree) IsDistrict(code string) bool {
	u, ok := t.byCode[code]
	return ok && u.Level == 2 && !u.IsCommune()
}

// ResolveCommune finds a commune by code or by name (accents, case and the
// kind word ignored). district, by code or name, settles names that repeat
// between districts. The error message is for users.
func (t *Tree) ResolveCommune(value, district string) (Region, error) {
	value = strings.TrimSpace(value)
	if u, ok := t.byCode[value]; ok && u.IsCommune() {
		return u, nil
	}
	codes := t.byName[fold.String(value)]
	if d := strings.TrimSpace(district); d != "" && len(codes) > 1 {
		var narrowed []string
		for _, c := range codes {
			if dist, ok := t.DistrictOf(c); ok && (dist.Code == d || fold.String(dist.Name) == fold.String(d) || fold.String(dist.FullName()) == fold.String(d)) {
				narrowed = append(narrowed, c)
			}
		}
		codes = narrowed
	}
	switch len(codes) {
	case 1:
		return t.byCode[codes[0]], nil
	case 0:
		return Region{}, fmt.Errorf("no commune %q", value)
	}
	var where []string
	for _, c := range codes {
		u := t.byCode[c]
		if d, ok := t.DistrictOf(c); ok {
			where = append(where, fmt.Sprintf("%s (%s) in %s", u.FullName(), u.Code, d.FullName()))
		}
	}
	return Region{}, fmt.Errorf("%q names several communes: %s; write the full name, add the district, or give the code", value, strings.Join(where, "; "))
}

// Successor returns the unit that code became on or before date, following
// the mappings (code itself when it did not change).
func (t *Tree) Successor(code, date string) string {
	for i := 0; i < 5; i++ {
		next := ""
		for _, m := range t.mappings {
			if m.Old == code && m.Effective <= date {
				next = m.New
				break
			}
		}
		if next == "" {
			return code
		}
		code = next
	}
	return code
}
