package xlsxw

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestPrintedPage writes a document as an auditor prints it: properties,
// header and footer, a title above a table, a second table, a note and
// signatures; and reads every print setting back.
func TestPrintedPage(t *testing.T) {
	var buf bytes.Buffer
	wb := New(&buf, ict)
	created := time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
	if err := wb.Setup(Setup{Title: "Đối soát quỹ", Author: "Kế toán (người dùng 2)", Created: created, Language: "vi-VN",
		Header: HeaderFooter{Left: "Đối soát quỹ", Right: "Quỹ A & B · Kỳ 01/07/2021 – 31/07/2021"},
		Footer: HeaderFooter{Right: "Trang {page} / {pages}"}}); err != nil {
		t.Fatal(err)
	}
	title := []string{"ĐỐI SOÁT QUỸ", "Quỹ Vì người nghèo · Kỳ 01/07/2021 – 31/07/2021"}
	s, err := wb.SheetWith("Đối soát", []Col{
		{Title: "Khoản mục", Width: 30}, {Title: "Số tiền (đồng)", Width: 5, Kind: Money}, {Title: "Trong đó (đồng)", Width: 16, Kind: Money}, {Title: "Ghi chú", Width: 20},
	}, Page{Title: title})
	if err != nil {
		t.Fatal(err)
	}
	if err := wb.Setup(Setup{}); err == nil {
		t.Error("Setup after the first sheet was accepted")
	}
	if s.NextRow() != 5 {
		t.Errorf("first data row %d, want 5 (two title lines, a blank row, the header)", s.NextRow())
	}
	for i := range 3 {
		if err := s.Row("Thu "+strconv.Itoa(i), nil, decimal.NewFromInt(int64(i+1)*1000)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Total("Cộng", map[int]decimal.Decimal{2: decimal.NewFromInt(6000)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Table([]Col{{Title: "Kiểm tra"}, {Title: "Vế trái", Kind: Money}, {Title: "Vế phải", Kind: Money}, {Title: "Kết quả"}}); err != nil {
		t.Fatal(err)
	}
	checkRow := s.NextRow()
	if err := s.Row("Thu = sổ", decimal.NewFromInt(6000), decimal.NewFromInt(6000), "Khớp"); err != nil {
		t.Fatal(err)
	}
	if err := s.Total("Cộng", map[int]decimal.Decimal{1: decimal.NewFromInt(6000)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Note("Số dư đầu kỳ là tài sản của quỹ (tiền, hàng) ngày trước kỳ; giá trị hàng xuất kho theo giá bình quân."); err != nil {
		t.Fatal(err)
	}
	if err := s.Row("late"); err == nil {
		t.Error("a data row after a note was accepted")
	}
	if err := s.Signatures(Signing{Place: "Sóc Trăng, ngày … tháng … năm …", Titles: []string{"Người lập biểu", "Kế toán trưởng", "Thủ trưởng đơn vị"}, Hint: "(Ký, họ tên)"}); err != nil {
		t.Fatal(err)
	}
	wide := make([]Col, 12)
	for i := range wide {
		wide[i] = Col{Title: "Cột " + strconv.Itoa(i+1), Width: 12}
	}
	list, err := wb.SheetWith("Danh sách", wide, Page{RowHeight: 24, Header: &HeaderFooter{Center: "Xã Phú Tâm"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := list.Row("a"); err != nil {
		t.Fatal(err)
	}
	if err := wb.Close(); err != nil {
		t.Fatal(err)
	}

	f, parts := readBack(t, buf.Bytes())
	const doc = "Đối soát"
	checkCells(t, f, doc, map[string]string{"A1": title[0], "A2": title[1], "A4": "Khoản mục", "A5": "Thu 0", "A8": "Cộng", "A10": "Kiểm tra",
		"A11": "Thu = sổ", "D11": "Khớp"})
	if checkRow != 11 {
		t.Errorf("the second table's first row is %d, want 11", checkRow)
	}
	if got, _ := f.GetCellFormula(doc, "C8"); got != "SUM(C5:C7)" {
		t.Errorf("first total %q", got)
	}
	if got, _ := f.GetCellFormula(doc, "B12"); got != "SUM(B11:B11)" {
		t.Errorf("second total %q", got)
	}
	rows, _ := f.GetRows(doc)
	var signers []string
	for _, r := range rows {
		for _, c := range r {
			if c != "" {
				signers = append(signers, c)
			}
		}
	}
	joined := strings.Join(signers, "|")
	for _, want := range []string{"Số dư đầu kỳ là tài sản", "Sóc Trăng, ngày … tháng … năm …|Người lập biểu|Kế toán trưởng|Thủ trưởng đơn vị|(Ký, họ tên)|(Ký, họ tên)|(Ký, họ tên)"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the sheet lacks %q: %s", want, joined)
		}
	}
	merged, _ := f.GetMergeCells(doc)
	var refs []string
	for _, m := range merged {
		refs = append(refs, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	if got := strings.Join(refs, " "); !strings.HasPrefix(got, "A1:D1 A2:D2 A14:D14") || len(refs) < 4 {
		t.Errorf("merged cells %s: title lines and the note across the table, signers side by side", got)
	}
	if w, _ := f.GetColWidth(doc, "B"); w <= 6 { // "(đồng)" is wider than 5 digits less the padding
		t.Errorf("column B is %v wide: the title's longest word does not fit", w)
	}
	if p, _ := f.GetPanes(doc); !p.Freeze || p.YSplit != 4 || p.TopLeftCell != "A5" {
		t.Errorf("panes %+v, want frozen below the header at row 4", p)
	}

	titles := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			titles[dn.Scope] = dn.RefersTo
		}
	}
	if titles[doc] != "'Đối soát'!$4:$4" || titles["Danh sách"] != "'Danh sách'!$1:$1" {
		t.Errorf("print titles %v", titles)
	}
	if !strings.Contains(parts["xl/workbook.xml"], `<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">&apos;Đối soát&apos;!$A$4:$D$7</definedName>`) &&
		!strings.Contains(parts["xl/workbook.xml"], `<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'Đối soát'!$A$4:$D$7</definedName>`) {
		t.Errorf("the filter is not the first table's: %s", parts["xl/workbook.xml"])
	}

	for sheet, want := range map[string]string{doc: "portrait", "Danh sách": "landscape"} {
		if !strings.Contains(parts[map[string]string{doc: "xl/worksheets/sheet1.xml", "Danh sách": "xl/worksheets/sheet2.xml"}[sheet]],
			`<pageSetup paperSize="9" orientation="`+want+`" fitToWidth="1" fitToHeight="0"/>`) {
			t.Errorf("%s: not A4 %s, one page wide", sheet, want)
		}
	}
	for _, part := range []string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} {
		if !strings.Contains(parts[part], `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`) {
			t.Errorf("%s does not fit to the page", part)
		}
	}
	hf, err := f.GetHeaderFooter(doc)
	if err != nil || hf.OddHeader != "&LĐối soát quỹ&RQuỹ A && B · Kỳ 01/07/2021 – 31/07/2021" || hf.OddFooter != "&RTrang &P / &N" {
		t.Errorf("header and footer %+v (%v)", hf, err)
	}
	if hf, _ := f.GetHeaderFooter("Danh sách"); hf.OddHeader != "&CXã Phú Tâm" || hf.OddFooter != "&RTrang &P / &N" {
		t.Errorf("the list's own header %+v", hf)
	}
	if h, _ := f.GetRowHeight("Danh sách", 2); h != 24 {
		t.Errorf("rows to sign on are %v high, want 24", h)
	}
	props, err := f.GetDocProps()
	if err != nil || props.Title != "Đối soát quỹ" || props.Creator != "Kế toán (người dùng 2)" || props.Created != "2026-12-01T03:00:00Z" || props.Language != "vi-VN" {
		t.Errorf("document properties %+v (%v)", props, err)
	}
}

// TestWrappedRows: a row whose text wraps is as high as its lines, as
// spreadsheets do not all fit rows to wrapped text when they open a file.
func TestWrappedRows(t *testing.T) {
	var buf bytes.Buffer
	wb := New(&buf, nil)
	s, err := wb.Sheet("Định nghĩa", []Col{{Title: "Chỉ số", Width: 12}, {Title: "Định nghĩa", Width: 30, Wrap: true}})
	if err != nil {
		t.Fatal(err)
	}
	long := "Tỷ lệ hộ đủ điều kiện đã nhận, tính bằng phần trăm, 2 chữ số thập phân; bằng 100 khi không có hộ nào đủ điều kiện."
	for _, r := range [][]any{{"Gini", long}, {"Ngắn", "một dòng"}, {long, "một dòng"}} {
		if err := s.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := wb.Close(); err != nil {
		t.Fatal(err)
	}
	f, _ := readBack(t, buf.Bytes())
	for row, want := range map[int]bool{2: true, 3: false, 4: false} { // only the wrapping column counts
		h, _ := f.GetRowHeight("Định nghĩa", row)
		if (h > 30) != want {
			t.Errorf("row %d is %v high", row, h)
		}
	}
	if st, _ := f.GetCellStyle("Định nghĩa", "B2"); st == 0 {
		t.Error("the wrapping column has no style")
	} else if style, _ := f.GetStyle(st); style.Alignment == nil || !style.Alignment.WrapText {
		t.Errorf("B2 does not wrap: %+v", style.Alignment)
	}
}

func TestHeaderFooterCode(t *testing.T) {
	long := strings.Repeat("Phương án hỗ trợ ", 20)
	code := HeaderFooter{Left: long, Center: long, Right: "Trang {page} / {pages} & {sheet}"}.code()
	if n := len([]rune(code)); n > hfLimit || !strings.HasSuffix(code, "&RTrang &P / &N && &A") || !strings.Contains(code, "…") {
		t.Errorf("code of %d characters: %s", n, code)
	}
}

func TestShares(t *testing.T) {
	for _, c := range []struct {
		widths []float64
		n      int
		want   string
	}{
		{[]float64{10, 10, 10, 10, 10, 10}, 3, "[[0 1] [2 3] [4 5]]"},
		{[]float64{40, 15, 15, 12}, 3, "[[0 0] [1 1] [2 3]]"},
		{[]float64{5, 5, 50}, 3, "[[0 0] [1 1] [2 2]]"},
		{[]float64{5, 5, 50, 5}, 1, "[[0 3]]"},
		{[]float64{18, 46, 13, 15, 15}, 3, "[[0 0] [1 2] [3 4]]"}, // a wide column goes where it is nearest its share
	} {
		if got := strings.Join(strings.Fields(fmtShares(shares(c.widths, c.n))), " "); got != c.want {
			t.Errorf("shares(%v, %d) = %s, want %s", c.widths, c.n, got, c.want)
		}
	}
}

func fmtShares(s [][2]int) string {
	var b strings.Builder
	b.WriteString("[")
	for i, g := range s {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString("[" + strconv.Itoa(g[0]) + " " + strconv.Itoa(g[1]) + "]")
	}
	return b.String() + "]"
}

func TestWrappedLines(t *testing.T) {
	for _, c := range []struct {
		text  string
		width float64
		want  int
	}{
		{"Số tiền (đồng)", 20, 1},
		{"Số tiền (đồng)", 9, 2},
		{"Nhận ngoài danh sách", 10, 3},
		{"Nhận ngoài danh sách", 12, 2},
		{"", 10, 1},
	} {
		if got := wrappedLines(c.text, c.width, true); got != c.want {
			t.Errorf("wrappedLines(%q, %v) = %d, want %d", c.text, c.width, got, c.want)
		}
	}
}
