package demo

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"reliefledger/households"
)

// SampleHeaders are the Vietnamese headers of a commune's list, in the
// order WriteImportXLSX writes them.
var SampleHeaders = []string{"Mã hộ", "Họ tên chủ hộ", "Số CCCD", "Số điện thoại", "Huyện", "Xã/Phường", "Ấp/Khóm", "Phân loại", "Số nhân khẩu", "Ghi chú"}

var categoryVI = map[households.Category]string{households.Poor: "Nghèo", households.NearPoor: "Cận nghèo"}

var flagVI = map[string]string{households.FlagR68: "NQ68", households.FlagElderlyHead: "cao tuổi", households.FlagDisability: "khuyết tật",
	households.FlagEthnicMinority: "dân tộc", households.FlagFemaleHead: "chủ hộ nữ", households.FlagChildren: "trẻ dưới 6"}

// SampleHouseholds returns n synthetic households for a sample import
// file, none of them in the demo registry: codes SAMPLE-000001 onwards and
// national IDs starting 095 where the registry's start 094. They are drawn
// like the registry from seeds after Seed, so the same n gives the same
// households. Without 2021 communes in tree it returns nil.
func SampleHouseholds(tree *households.Tree, n int) []households.Household {
	var hs []households.Household
	for seed := uint64(1); len(hs) < n; seed++ {
		batch := HouseholdsOf(tree, Seed+1000*seed)
		if len(batch) == 0 {
			return nil
		}
		for _, h := range batch {
			if len(hs) == n {
				break
			}
			h.Code = fmt.Sprintf("SAMPLE-%06d", len(hs)+1)
			if h.NationalID != "" {
				h.NationalID = fmt.Sprintf("095%09d", len(hs)+1)
			}
			hs = append(hs, h)
		}
	}
	return hs
}

// WriteImportXLSX writes households as a commune would keep them, in the
// import format: a title row, a blank row, the header on row 3, then one row
// per household with the commune and district by name. It streams, so large
// files take little memory.
func WriteImportXLSX(w io.Writer, hs []households.Household, tree *households.Tree) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO (dữ liệu mẫu, không có thật)"}); err != nil {
		return err
	}
	header := make([]any, len(SampleHeaders))
	for i, h := range SampleHeaders {
		header[i] = h
	}
	if err := sw.SetRow("A3", header); err != nil {
		return err
	}
	for i, h := range hs {
		commune, district := h.Commune, h.District
		if u, ok := tree.Unit(h.Commune); ok {
			commune = u.FullName() // "Xã Lịch Hội Thượng": the bare name can be a township too
		}
		if u, ok := tree.Unit(h.District); ok {
			district = u.Name
		}
		var notes []string
		for _, fl := range h.Flags {
			notes = append(notes, flagVI[fl])
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		row := []any{h.Code, h.HeadName, h.NationalID, h.Phone, district, commune, h.Hamlet, categoryVI[h.Category], h.Members, strings.Join(notes, ", ")}
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("write row %s: %w", strconv.Itoa(i+4), err)
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
