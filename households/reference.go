package households

import (
	"bytes"
	"context"
	"embed"
)

//go:embed data/*.csv
var referenceData embed.FS

// ReferenceUnits returns the units and mappings shipped with the program:
// Sóc Trăng's 2021 three-level units (valid until the 2025 reform) and a
// sample of the 2025 two-level units of Cần Thơ city with the mapping from
// the old units.
func ReferenceUnits() ([]Region, []Mapping, error) {
	read := func(name string) []byte {
		b, err := referenceData.ReadFile("data/" + name)
		if err != nil {
			panic("households: missing reference data " + name)
		}
		return b
	}
	old, err := ReadUnitsCSV(bytes.NewReader(read("soctrang_2021.csv")), "2021", "2008-02-08", "2025-06-30")
	if err != nil {
		return nil, nil, err
	}
	cur, err := ReadUnitsCSV(bytes.NewReader(read("cantho_2025_sample.csv")), "2025", "2025-07-01", "")
	if err != nil {
		return nil, nil, err
	}
	maps, err := ReadMappingsCSV(bytes.NewReader(read("mapping_2025_sample.csv")))
	if err != nil {
		return nil, nil, err
	}
	return append(old, cur...), maps, nil
}

// LoadRegions stores the reference units and loads the tree.
func (s *Service) LoadRegions(ctx context.Context) error {
	units, maps, err := ReferenceUnits()
	if err != nil {
		return err
	}
	if err := s.store.SaveRegions(ctx, units, maps); err != nil {
		return err
	}
	return s.Reload(ctx)
}

// Reload reads the units from the store.
func (s *Service) Reload(ctx context.Context) error {
	units, maps, err := s.store.Regions(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.tree = NewTree(units, maps)
	s.mu.Unlock()
	return nil
}

// Tree returns the current units.
func (s *Service) Tree() *Tree {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.tree
}

// DistrictExists reports whether code is a district-level unit.
func (s *Service) DistrictExists(_ context.Context, code string) bool {
	return s.Tree().IsDistrict(code)
}

// DistrictNames maps the code of every 2021 district to its name.
func (s *Service) DistrictNames() map[string]string {
	out := map[string]string{}
	for _, d := range s.Tree().Districts("2021") {
		out[d.Code] = d.Name
	}
	return out
}
