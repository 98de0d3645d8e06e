// Package demo makes synthetic data: a deterministic registry of
// Sóc Trăng's 8,617 poor and 28,987 near-poor households (2021) spread over
// its districts and communes, and commune lists in the import format to try
// the import with. Nothing here is about real people: every household it
// makes has Synthetic set, codes start with DEMO- or SAMPLE-, and the
// sample file's title says the data are not real. The same seed always
// gives the same households, so tests and benchmarks can rely on them.
//
// The registry does not depend on this package; the command and tests
// bring demo data in through households.Service.InsertMany.
package demo

import (
	"fmt"
	"io"

	"reliefledger/households"
)

// Unit is a commune for the generator: its code, name, district code and
// district name.
type Unit struct {
	Commune, CommuneName, District, DistrictName string
}

// PoorCount and NearPoorCount are the size of the demo registry: Sóc
// Trăng's poor and near-poor households in 2021.
const (
	PoorCount     = 8617
	NearPoorCount = 28987
)

// Seed is the seed of the demo registry that reliefd loads; sample files
// draw from seeds after it.
const Seed = 2021

// HouseholdsOf returns the demo registry over the 2021 communes of tree.
func HouseholdsOf(tree *households.Tree, seed uint64) []households.Household {
	var units []Unit
	for _, u := range tree.Units() {
		if u.Scheme != "2021" || !u.IsCommune() {
			continue
		}
		d, _ := tree.DistrictOf(u.Code)
		units = append(units, Unit{Commune: u.Code, CommuneName: u.Name, District: d.Code, DistrictName: d.Name})
	}
	return Households(units, seed)
}

// UnitsFromCSV reads units in the format of households/data/soctrang_2021.csv
// (header code,name,kind,parent_code) and returns its communes (kinds xa,
// phuong, thi_tran) with their district, in file order.
func UnitsFromCSV(r io.Reader) ([]Unit, error) {
	regions, err := households.ReadUnitsCSV(r, "", "", "")
	if err != nil {
		return nil, fmt.Errorf("demo units: %w", err)
	}
	byCode := make(map[string]households.Region, len(regions))
	for _, u := range regions {
		byCode[u.Code] = u
	}
	var out []Unit
	for _, u := range regions {
		if !u.IsCommune() {
			continue
		}
		d, ok := byCode[u.Parent]
		if !ok || d.IsCommune() || d.Kind == "tinh" {
			return nil, fmt.Errorf("demo units: commune %s (%s) is not under a district", u.Code, u.Name)
		}
		out = append(out, Unit{Commune: u.Code, CommuneName: u.Name, District: d.Code, DistrictName: d.Name})
	}
	return out, nil
}
