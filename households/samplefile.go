package households

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// SampleHeaders are the Vietnamese headers of a commune's list, in the
// order WriteImportXLSX writes them.
var SampleHeaders = []string{"Mã hộ", "Họ tên chủ hộ", "Số CCCD", "Số điện thoại", "Huyện", "Xã/Phường", "Ấp/Khóm", "Phân loại", "Số nhân khẩu", "Ghi chú"}

var categoryVI = map[Category]string{Poor: "Nghèo", NearPoor: "Cận nghèo"}

var flagVI = map[string]string{FlagR68: "NQ68", FlagElderlyHead: "cao tuổi", FlagDisability: "khuyết tật",
	FlagEthnicMinority: "dân tộc", FlagFemaleHead: "chủ hộ nữ", FlagChildren: "trẻ dưới 6"}

// WriteImportXLSX writes households as a commune would keep them, in the
// import format: a title row, a blank row, the header on row 3, then one row
// per household with the commune and district by name. It streams, so large
// files take little memory.
func WriteImportXLSX(w io.Writer, hs []Household, tree *Tree) error {
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
