package bank

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reliefledger/internal/sheet"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"reliefledger/ledger"
)

const testMaxBytes = 64 << 20

// mustParse parses a statement the test expects to be usable.
func mustParse(tb testing.TB, name string, data []byte) Statement {
	tb.Helper()
	st, err := Parse(name, bytes.NewReader(data), sheet.Limits{Bytes: testMaxBytes})
	if err != nil {
		tb.Fatalf("Parse(%q): %v", name, err)
	}
	checkTotal(tb, st)
	return st
}

// wantKey computes a dedupe key from the rule in Statement's comment, with
// a fold written independently of the package's.
func wantKey(date, clock, ref string, amount int64, account, desc string, n int) string {
	foldText := func(s string) string {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		out, _, _ := transform.String(t, s)
		out = strings.NewReplacer("đ", "d", "Đ", "D").Replace(out)
		return strings.Join(strings.Fields(strings.ToLower(out)), " ")
	}
	base := strings.Join([]string{date, clock, ref, strconv.FormatInt(amount, 10), foldText(account), foldText(desc)}, "|")
	if n >= 2 {
		base += "#" + strconv.Itoa(n)
	}
	sum := sha256.Sum256([]byte(base))
	return hex.EncodeToString(sum[:])[:32]
}

func TestParseCSVVietnamese(t *testing.T) {
	// A BOM, semicolons, Vietnamese headers with diacritics and notes, title
	// rows above the header, a quoted cell holding the delimiter and a line
	// break, a bilingual header, a total line, a blank line, and a balance
	// column that is not read.
	data := []byte("\ufeffSAO KÊ TÀI KHOẢN\n" +
		"Số tài khoản: 0071000123456;;;;;;\n" +
		"NGÀY GD;Số bút toán;Số tiền (VND);Diễn giải/Description;Người chuyển;Tài khoản đối ứng;Số dư\n" +
		"15/09/2024 08:30:00;FT24259001;1.500.000;UNG HO MIEN TRUNG;NGUYEN VAN A;0123456789;10.000.000\n" +
		"15/09/2024 09:00:00;;\"200.000\";\"Ủng hộ; bà con\nvùng lũ\";Trần Thị Bình;;10.200.000\n" +
		"\n" +
		"16/09/2024;FT24260007;-50.000;Phí SMS;;;10.150.000\n" +
		"Tổng cộng;;1.650.000;;;;\n")
	st := mustParse(t, "sao-ke.CSV", data)
	want := Statement{
		HeaderLine: 3,
		Lines: []Line{
			{Number: 4, Date: ledger.NewDate(2024, 9, 15), Time: "08:30:00", Reference: "FT24259001", Amount: decimal.NewFromInt(1500000),
				Description: "UNG HO MIEN TRUNG", Counterparty: "NGUYEN VAN A", CounterpartyAccount: "0123456789",
				Key: wantKey("2024-09-15", "08:30:00", "FT24259001", 1500000, "0123456789", "UNG HO MIEN TRUNG", 1)},
			{Number: 5, Date: ledger.NewDate(2024, 9, 15), Time: "09:00:00", Amount: decimal.NewFromInt(200000),
				Description: "Ủng hộ; bà con\nvùng lũ", Counterparty: "Trần Thị Bình",
				Key: wantKey("2024-09-15", "09:00:00", "", 200000, "", "ung ho; ba con vung lu", 1)},
			{Number: 7, Date: ledger.NewDate(2024, 9, 16), Reference: "FT24260007", Amount: decimal.NewFromInt(-50000), Description: "Phí SMS",
				Key: wantKey("2024-09-16", "", "FT24260007", -50000, "", "Phí SMS", 1)},
		},
		Total: decimal.NewFromInt(1650000),
	}
	if diff := cmp.Diff(want, st, decimalEqual); diff != "" {
		t.Errorf("Parse mismatch (-want +got):\n%s", diff)
	}
}

func TestParseCSVDelimiters(t *testing.T) {
	for name, sep := range map[string]string{"comma": ",", "semicolon": ";", "tab": "\t"} {
		t.Run(name, func(t *testing.T) {
			data := strings.Join([]string{"date", "reference", "amount", "description", "counterparty_name", "counterparty_account"}, sep) + "\n" +
				strings.Join([]string{"2024-09-15", "FT1", `"1,500,000"`, "Ung ho", "A", "1"}, sep) + "\r\n"
			st := mustParse(t, "s.csv", []byte(data))
			if len(st.Lines) != 1 || !st.Lines[0].Amount.Equal(decimal.NewFromInt(1500000)) || len(st.Rejected) != 0 {
				t.Errorf("Parse = %+v, want one line of 1500000", st)
			}
		})
	}
}

// keys returns the keys of st's lines.
func keys(st Statement) []string {
	var out []string
	for _, l := range st.Lines {
		out = append(out, l.Key)
	}
	return out
}

func TestKeys(t *testing.T) {
	const header = "date,reference,amount,description,counterparty_name,counterparty_account\n"
	parse := func(t *testing.T, lines ...string) Statement {
		t.Helper()
		return mustParse(t, "s.csv", []byte(header+strings.Join(lines, "\n")+"\n"))
	}

	t.Run("reference reused on another day", func(t *testing.T) {
		st := parse(t,
			"15/09/2024,FT001,100000,Ung ho,A,111",
			"16/09/2024,FT001,100000,Ung ho,A,111")
		if len(st.Lines) != 2 || st.Lines[0].Key == st.Lines[1].Key {
			t.Errorf("keys = %q, want two different keys", keys(st))
		}
	})

	t.Run("same file twice", func(t *testing.T) {
		lines := []string{"15/09/2024,FT001,100000,Ung ho,A,111", "15/09/2024,,100000,Ung ho,,", "15/09/2024,,100000,Ung ho,,"}
		first, second := parse(t, lines...), parse(t, lines...)
		if diff := cmp.Diff(keys(first), keys(second)); diff != "" || len(first.Lines) != 3 {
			t.Errorf("keys differ between two parses (-first +second):\n%s", diff)
		}
	})

	t.Run("identical lines in one file", func(t *testing.T) {
		st := parse(t,
			"15/09/2024,,100000,Ủng hộ  miền Trung,,",
			"15/09/2024,,100000,UNG HO MIEN TRUNG,,",
			"15/09/2024,,100000,ung ho mien trung,,")
		want := []string{
			wantKey("2024-09-15", "", "", 100000, "", "ung ho mien trung", 1),
			wantKey("2024-09-15", "", "", 100000, "", "ung ho mien trung", 2),
			wantKey("2024-09-15", "", "", 100000, "", "ung ho mien trung", 3),
		}
		if diff := cmp.Diff(want, keys(st)); diff != "" {
			t.Errorf("keys mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("line without reference", func(t *testing.T) {
		st := parse(t, "2024-09-15,,250.000,Chuyen tien,Le Van C,  0987 654 ")
		want := []string{wantKey("2024-09-15", "", "", 250000, "0987 654", "Chuyen tien", 1)}
		if diff := cmp.Diff(want, keys(st)); diff != "" {
			t.Errorf("keys mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("overlapping statements", func(t *testing.T) {
		september := parse(t,
			"29/09/2024,FT1,100000,Ung ho,A,111",
			"30/09/2024,FT2,200000,Ung ho,B,222",
			"30/09/2024,,50000,Ung ho,,",
			"30/09/2024,,50000,Ung ho,,")
		// October's statement repeats the 30th, in another layout, with
		// amounts written differently.
		october := mustParse(t, "oct.csv", []byte("Ngày;Số tham chiếu;Số tiền;Nội dung;Tên người chuyển;TK đối ứng\n"+
			"30/09/2024;FT2;200.000;Ung ho;B;222\n"+
			"30/09/2024;;50.000;Ung ho;;\n"+
			"30/09/2024;;50.000;Ung ho;;\n"+
			"01/10/2024;FT1;100.000;Ung ho;A;111\n"))
		seen := make(map[string]bool)
		for _, k := range keys(september) {
			seen[k] = true
		}
		var shared []bool
		for _, k := range keys(october) {
			shared = append(shared, seen[k])
		}
		if diff := cmp.Diff([]bool{true, true, true, false}, shared); diff != "" {
			t.Errorf("October lines already in September (-want +got):\n%s", diff)
		}
	})
}

func TestParseRejected(t *testing.T) {
	data := "Ngày,Mã giao dịch,Số tiền,Nội dung,Người chuyển\n" + // 1
		"15/09/2024,FT1,100.000,ok,A\n" + // 2
		"32/09/2024,FT2,200.000,bad date,B\n" + // 3
		"15/09/2024,FT3,abc,bad amount,C\n" + // 4
		"15/09/2024,FT4,0,zero,D\n" + // 5
		"15/09/2024,FT5,\"1,50\",ambiguous,E\n" + // 6
		",,,only a description,\n" + // 7
		"15/09/2024,FT6\n" + // 8
		"15/09/2024,FT7,=100000+1,formula,F\n" + // 9
		"15/09/2024,FT8,300.000,=SUM(A1:A9),G\n" + // 10
		",FT9,400.000,no date,H\n" + // 11
		"15/09/2024,FT10,500.000,Ung ho, mien Trung,I\n" + // 12: unquoted comma shifts the columns
		"Cộng phát sinh,,1.000.000,,\n" + // 13: a total, skipped
		"16/09/2024,FT11,\"1.500.000,50\",fraction,J\n" + // 14
		"16/09/2024,,600.000,Công ty ABC ủng hộ,Tống Văn K\n" // 15: not a total
	st := mustParse(t, "s.csv", []byte(data))
	wantRejected := []Rejected{
		{Number: 3, Raw: "32/09/2024,FT2,200.000,bad date,B", Amount: decimal.NewFromInt(200000),
			Reason: `in column "Ngày", the date "32/09/2024" is not a date: write it as DD/MM/YYYY (15/09/2024) or YYYY-MM-DD (2024-09-15)`},
		{Number: 4, Raw: "15/09/2024,FT3,abc,bad amount,C", Reason: `in column "Số tiền", the amount "abc" is not a number`},
		{Number: 5, Raw: "15/09/2024,FT4,0,zero,D", Reason: `in column "Số tiền", the amount is zero`},
		{Number: 6, Raw: `15/09/2024,FT5,"1,50",ambiguous,E`,
			Reason: `in column "Số tiền", the amount "1,50" is ambiguous: the đồng has no decimals, so write whole đồng such as 1500000 or 1.500.000`},
		{Number: 7, Raw: ",,,only a description,",
			Reason: `the line has no date (column "Ngày") and no amount (column "Số tiền"): only some of its cells are filled`},
		{Number: 8, Raw: "15/09/2024,FT6", Reason: `the line has 2 cells, fewer than the 3 needed to reach column "Số tiền"`},
		{Number: 9, Raw: "15/09/2024,FT7,=100000+1,formula,F",
			Reason: `in column "Số tiền", the cell starts with "=" like a formula: enter the value, not a formula`},
		{Number: 10, Raw: "15/09/2024,FT8,300.000,=SUM(A1:A9),G", Amount: decimal.NewFromInt(300000),
			Reason: `in column "Nội dung", the cell starts with "=" like a formula: enter the value, not a formula`},
		{Number: 11, Raw: ",FT9,400.000,no date,H", Amount: decimal.NewFromInt(400000), Reason: `in column "Ngày", the date is empty`},
		{Number: 12, Raw: "15/09/2024,FT10,500.000,Ung ho, mien Trung,I",
			Reason: "the line has 6 cells but the header has 5: a separator in a cell without quotes shifts the columns; put that cell in quotes"},
		{Number: 14, Raw: `16/09/2024,FT11,"1.500.000,50",fraction,J`,
			Reason: `in column "Số tiền", the amount "1.500.000,50" has a fraction of a đồng, but the đồng has no decimals`},
	}
	if diff := cmp.Diff(wantRejected, st.Rejected, decimalEqual); diff != "" {
		t.Errorf("Rejected mismatch (-want +got):\n%s", diff)
	}
	var numbers []int
	for _, l := range st.Lines {
		numbers = append(numbers, l.Number)
	}
	if diff := cmp.Diff([]int{2, 15}, numbers); diff != "" {
		t.Errorf("usable lines mismatch (-want +got):\n%s", diff)
	}
	// 100.000 + 600.000 usable, 200.000 + 300.000 + 400.000 rejected.
	if want := decimal.NewFromInt(1600000); !st.Total.Equal(want) {
		t.Errorf("Total = %v, want %v", st.Total, want)
	}
}

func TestParseCreditDebitColumns(t *testing.T) {
	data := "Ngày giao dịch|Transaction date,Số tiền ghi nợ,Số tiền ghi có,Nội dung\n" +
		"15/09/2024,,1.000.000,credit\n" +
		"15/09/2024,20.000,,debit\n" +
		"15/09/2024,0,30.000,credit with a zero debit\n" +
		"15/09/2024,5.000,7.000,both\n" +
		"15/09/2024,,,neither\n"
	st := mustParse(t, "s.csv", []byte(data))
	var got []string
	for _, l := range st.Lines {
		got = append(got, l.Amount.String())
	}
	if diff := cmp.Diff([]string{"1000000", "-20000", "30000"}, got); diff != "" {
		t.Errorf("amounts mismatch (-want +got):\n%s", diff)
	}
	var reasons []string
	for _, r := range st.Rejected {
		reasons = append(reasons, r.Reason)
	}
	want := []string{
		`the line has an amount in both column "Số tiền ghi có" and column "Số tiền ghi nợ": a line is either a credit or a debit`,
		`the line has no amount in column "Số tiền ghi có" or column "Số tiền ghi nợ"`,
	}
	if diff := cmp.Diff(want, reasons); diff != "" {
		t.Errorf("reasons mismatch (-want +got):\n%s", diff)
	}
}

// TestParseCSVBrokenQuotes checks that a quote left open does not swallow
// the transfers after it, and that stray quotes are text.
func TestParseCSVBrokenQuotes(t *testing.T) {
	data := "date,reference,amount,description\n" + // 1
		"15/09/2024,FT1,100000,\"Ung ho\nhai dong\"\n" + // 2-3: a genuine two-line cell
		"15/09/2024,FT2,200000,\"Ung ho, never closed\n" + // 4
		"16/09/2024,FT3,300000,fine\n" + // 5
		"16/09/2024,FT4,400000,\"stray \"quote\" here\"\n" + // 6
		"17/09/2024,FT5,500000,Ung ho \"mien Trung\"\n" // 7
	st := mustParse(t, "s.csv", []byte(data))
	type got struct {
		Number      int
		Ref         string
		Description string
	}
	var lines []got
	for _, l := range st.Lines {
		lines = append(lines, got{l.Number, l.Reference, l.Description})
	}
	if diff := cmp.Diff([]got{
		{2, "FT1", "Ung ho\nhai dong"}, {4, "FT3", "fine"}, {5, "FT4", `stray "quote" here`}, {6, "FT5", `Ung ho "mien Trung"`},
	}, lines); diff != "" {
		t.Errorf("lines mismatch (-want +got):\n%s", diff)
	}
	var rejected []int
	for _, r := range st.Rejected {
		rejected = append(rejected, r.Number)
		if !strings.Contains(r.Reason, "quote") {
			t.Errorf("line %d: reason %q does not mention the quote", r.Number, r.Reason)
		}
	}
	if diff := cmp.Diff([]int{3}, rejected); diff != "" {
		t.Errorf("rejected lines mismatch (-want +got):\n%s", diff)
	}
}

// TestParseCSVManyOpenQuotes checks that a file whose every line leaves a
// quote open is read in one pass: each line is cut once, and the last, which
// swallows nothing, is kept.
func TestParseCSVManyOpenQuotes(t *testing.T) {
	const n = 50_000
	var b strings.Builder
	b.WriteString("date,reference,amount,description\n")
	for i := range n {
		fmt.Fprintf(&b, "15/09/2024,FT%d,100000,\"Ung ho\n", i)
	}
	// (Its speed, linear in the lines, is BenchmarkParseManyOpenQuotes's.)
	st := mustParse(t, "s.csv", []byte(b.String()))
	if len(st.Rejected) != n-1 || len(st.Lines) != 1 || st.Lines[0].Number != n+1 || st.Lines[0].Description != "Ung ho" {
		t.Errorf("%d rejected and lines %+v; want %d rejected and line %d kept", len(st.Rejected), st.Lines, n-1, n+1)
	}
	if r := st.Rejected[n-2]; r.Number != n || r.Raw != fmt.Sprintf("15/09/2024,FT%d,100000,\"Ung ho", n-2) || !strings.Contains(r.Reason, "opens a quote") {
		t.Errorf("last rejected = %+v", r)
	}
}

// BenchmarkParseManyOpenQuotes: 50,000 lines that each open a quote must
// not cost time quadratic in the lines (each open quote swallowing the
// rest of the file): about as long as 50,000 good lines.
func BenchmarkParseManyOpenQuotes(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("date,reference,amount,description\n")
	for i := range 50_000 {
		fmt.Fprintf(&sb, "15/09/2024,FT%d,100000,\"Ung ho\n", i)
	}
	data := []byte(sb.String())
	for b.Loop() {
		if _, err := Parse("s.csv", bytes.NewReader(data), sheet.Limits{Bytes: testMaxBytes}); err != nil {
			b.Fatal(err)
		}
	}
}

// xlsxBytes builds a workbook whose first sheet has rows (row i+1 is
// rows[i]; nil leaves it empty); edit changes the sheet further.
func xlsxBytes(tb testing.TB, rows [][]any, edit func(f *excelize.File, sheet string) error) []byte {
	tb.Helper()
	f := excelize.NewFile()
	tb.Cleanup(func() { f.Close() })
	for r, row := range rows {
		if row == nil {
			continue
		}
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", r+1), &row); err != nil {
			tb.Fatal(err)
		}
	}
	if edit != nil {
		if err := edit(f, "Sheet1"); err != nil {
			tb.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseXLSX(t *testing.T) {
	day := time.Date(2024, 9, 15, 0, 0, 0, 0, time.UTC)
	data := xlsxBytes(t, [][]any{
		{"Sao kê tài khoản"},
		nil,
		{"Ngày giao dịch", "Số tham chiếu", "Số tiền ghi có", "Diễn giải", "Tên tài khoản đối ứng", "Số tài khoản đối ứng"},
		{day.Add(10*time.Hour + 15*time.Minute), "FT1", 1500000, "Ung ho", "NGUYEN VAN A", "0123456789"}, // 4: date cell with time, number cell
		{"16/09/2024", "FT2", "2.000.000", "text cells", "B", ""},                                        // 5
		{day, "FT3", nil, "formula", "C", ""},     // 6: the amount is a formula
		{day, "FT4", 12345678901, "big", "D", ""}, // 7
		{day, "FT5", 1.5, "fraction", "E", ""},    // 8
		{"Tổng cộng", nil, 3500000},               // 9
	}, func(f *excelize.File, sheet string) error {
		style, err := f.NewStyle(&excelize.Style{NumFmt: 3}) // #,##0
		if err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, "C4", "C8", style); err != nil {
			return err
		}
		return f.SetCellFormula(sheet, "C6", "=C4+1")
	})
	st := mustParse(t, "s.XLSX", data)
	want := Statement{
		HeaderLine: 3,
		Lines: []Line{
			{Number: 4, Date: ledger.NewDate(2024, 9, 15), Time: "10:15:00", Reference: "FT1", Amount: decimal.NewFromInt(1500000),
				Description: "Ung ho", Counterparty: "NGUYEN VAN A", CounterpartyAccount: "0123456789",
				Key: wantKey("2024-09-15", "10:15:00", "FT1", 1500000, "0123456789", "Ung ho", 1)},
			{Number: 5, Date: ledger.NewDate(2024, 9, 16), Reference: "FT2", Amount: decimal.NewFromInt(2000000), Description: "text cells", Counterparty: "B",
				Key: wantKey("2024-09-16", "", "FT2", 2000000, "", "text cells", 1)},
			{Number: 7, Date: ledger.NewDate(2024, 9, 15), Reference: "FT4", Amount: decimal.NewFromInt(12345678901), Description: "big", Counterparty: "D",
				Key: wantKey("2024-09-15", "", "FT4", 12345678901, "", "big", 1)},
		},
		Rejected: []Rejected{
			{Number: 6, Raw: "2024-09-15 | FT3 |  | formula | C", Reason: `in column "Số tiền ghi có", the cell holds a formula: enter the value instead`},
			{Number: 8, Raw: "2024-09-15 | FT5 | 1.5 | fraction | E",
				Reason: `in column "Số tiền ghi có", the amount "1.5" has a fraction of a đồng, but the đồng has no decimals`},
		},
		Total: decimal.NewFromInt(1500000 + 2000000 + 12345678901),
	}
	if diff := cmp.Diff(want, st, decimalEqual); diff != "" {
		t.Errorf("Parse mismatch (-want +got):\n%s", diff)
	}
}

// TestParseXLSXSecondSheet checks that a cover sheet without a header is
// passed over.
func TestParseXLSXSecondSheet(t *testing.T) {
	data := xlsxBytes(t, [][]any{{"Cover"}}, func(f *excelize.File, _ string) error {
		if _, err := f.NewSheet("Data"); err != nil {
			return err
		}
		return f.SetSheetRow("Data", "A1", &[]any{"date", "amount", "remark"})
	})
	st := mustParse(t, "s.xlsx", data)
	if st.HeaderLine != 1 || len(st.Lines) != 0 {
		t.Errorf("Parse = %+v, want the Data sheet's header and no lines", st)
	}
}

// statementCSV returns a statement of n lines; every 1000th line has an
// unreadable amount and every 500th is a debit.
func statementCSV(n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 110)
	b.WriteString("\ufeffNgày GD,Số tham chiếu,Số tiền,Nội dung,Tên người chuyển,TK đối ứng\n")
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= n; i++ {
		d := day.AddDate(0, 0, i/2000).Format("02/01/2006")
		amount := strconv.Itoa((i%97 + 1) * 10000)
		switch {
		case i%1000 == 0:
			amount = "mười nghìn"
		case i%500 == 0:
			amount = "-" + amount
		}
		fmt.Fprintf(&b, "%s %02d:%02d:%02d,FT%09d,\"%s\",Ủng hộ đồng bào miền Trung %d,NGUYEN VAN %d,%010d\n",
			d, i/3600%24, i/60%60, i%60, i, amount, i%50, i%300, i)
	}
	return b.Bytes()
}

func TestParseLarge(t *testing.T) {
	const n = 100_000
	data := statementCSV(n)
	start := time.Now()
	st := mustParse(t, "big.csv", data)
	t.Logf("parsed %d lines (%d bytes) in %v", n, len(data), time.Since(start))
	if got, want := len(st.Lines), n-n/1000; got != want {
		t.Errorf("%d lines, want %d", got, want)
	}
	if got, want := len(st.Rejected), n/1000; got != want {
		t.Errorf("%d rejected, want %d", got, want)
	}
	// The last line, n, is rejected; it is line n+1 of the file.
	if got := []int{st.Lines[len(st.Lines)-1].Number, st.Rejected[len(st.Rejected)-1].Number}; !cmp.Equal(got, []int{n, n + 1}) {
		t.Errorf("last usable and rejected line numbers %v, want %v", got, []int{n, n + 1})
	}
	unique := make(map[string]bool, len(st.Lines))
	for _, l := range st.Lines {
		unique[l.Key] = true
	}
	if len(unique) != len(st.Lines) {
		t.Errorf("%d distinct keys for %d lines", len(unique), len(st.Lines))
	}
}

func BenchmarkParse250k(b *testing.B) {
	data := statementCSV(250_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		st, err := Parse("big.csv", bytes.NewReader(data), sheet.Limits{Bytes: testMaxBytes})
		if err != nil || len(st.Lines) != 250_000-250 {
			b.Fatalf("Parse: %d lines, %v", len(st.Lines), err)
		}
	}
}
