// Package exports writes the Excel workbooks auditors reconcile. Every
// workbook has a cover sheet (what, for which fund and period, generated
// when and by whom, at which journal head, with which filters) and data
// sheets with typed cells, đồng with thousands separators, dates as dates,
// a frozen header row, filters, and totals as SUM formulas whose values
// are also written, so a spreadsheet shows them before it recalculates and
// an auditor can recompute them. Text is always written as text: a donor named
// "=HYPERLINK(…)" stays a name.
//
// Workbooks are streamed (see reliefledger/internal/xlsxw): rows reach the
// client as they are read from the database, and a write that fails (the
// client went away) or a cancelled context stops the work.
package exports

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	rl "reliefledger"
	"reliefledger/distribution"
	"reliefledger/donations"
	"reliefledger/goods"
	"reliefledger/households"
	"reliefledger/internal/xlsxw"
	"reliefledger/ledger"
)

// Meta describes a workbook for its cover sheet.
type Meta struct {
	Title       string
	GeneratedAt time.Time
	GeneratedBy string
	Filters     map[string]string
	English     bool
	// Head is the journal's head when the workbook was begun: its data
	// holds at least the entries up to it. Printed on the cover, it ties a
	// printed workbook to a signed checkpoint of the same entry.
	Head ledger.Head
}

// label picks the Vietnamese or the English text.
func (m Meta) label(vi, en string) string {
	if m.English {
		return en
	}
	return vi
}

// Sources are the services the exports read.
type Sources struct {
	Ledger       *ledger.Service
	Donations    *donations.Service
	Goods        *goods.Service
	Distribution *distribution.Service
	Households   *households.Service
}

// Params are an export's filters. District, when Scope is set (a district
// officer), is forced to it.
type Params struct {
	Fund      string
	From, To  ledger.Date
	AsOf      ledger.Date
	District  string
	Plan      int64
	Warehouse string
	Item      string
	// SeesIdentity shows household ID numbers and phones in full.
	SeesIdentity bool
	// Scope is a district officer's district ("" for province-wide roles).
	Scope string
}

// Names lists the exports, as GET /api/v1/exports/{name}.xlsx serves them.
var Names = []string{"reconciliation", "journal", "trial-balance", "donations", "public-disclosure", "stock",
	"distribution-list", "deliveries", "fairness"}

// Accounting dates are written as Excel dates.
var _ xlsxw.CalendarDate = ledger.Date{}

// writer writes one export.
type writer func(ctx context.Context, s Sources, wb *xlsxw.Workbook, p Params, m Meta) error

// Prepare checks an export's name and filters before anything is written,
// so that a bad request gets a problem, not a broken file. It returns the
// export's title. NotFound for an unknown name, Invalid for bad filters.
func (s Sources) Prepare(ctx context.Context, name string, p *Params, m Meta) (string, error) {
	if p.Scope != "" {
		if !districtExports[name] {
			return "", rl.Errorf(rl.Forbidden, "a district officer exports distribution-list, deliveries and stock of their district")
		}
		if p.District != "" && p.District != p.Scope {
			return "", rl.Errorf(rl.NotFound, "no district %q", p.District)
		}
		p.District = p.Scope
	}
	if !p.From.IsZero() && !p.To.IsZero() && p.To.Before(p.From) {
		return "", rl.InvalidFields(rl.FieldError{Field: "to", Message: "must not be before from"})
	}
	needFund := map[string]bool{"reconciliation": true, "trial-balance": true, "donations": false, "public-disclosure": true}
	if needFund[name] && p.Fund == "" {
		return "", rl.InvalidFields(rl.FieldError{Field: "fund", Message: "is required for this export"})
	}
	if p.Fund != "" {
		f, err := s.Ledger.Fund(ctx, strings.ToUpper(p.Fund))
		if err != nil {
			return "", rl.InvalidFields(rl.FieldError{Field: "fund", Message: "no fund " + p.Fund})
		}
		p.Fund = f.Code
	}
	switch name {
	case "distribution-list":
		if p.Plan == 0 {
			return "", rl.InvalidFields(rl.FieldError{Field: "plan", Message: "is required: the list is per plan (and district)"})
		}
	case "fairness":
		if p.Plan == 0 && p.Fund == "" {
			return "", rl.InvalidFields(rl.FieldError{Field: "fund", Message: "give a fund or a plan"})
		}
	}
	if p.Plan != 0 {
		if _, err := s.Distribution.Plan(ctx, p.Plan); err != nil {
			return "", err
		}
	}
	title, ok := titles[name]
	if !ok {
		return "", rl.Errorf(rl.NotFound, "no export %q; available: %s (with .xlsx)", name, strings.Join(Names, ", "))
	}
	return m.label(title[0], title[1]), nil
}

// districtExports are what a district officer may download, for their
// district.
var districtExports = map[string]bool{"distribution-list": true, "deliveries": true, "stock": true}

var titles = map[string][2]string{
	"reconciliation":    {"Đối soát quỹ", "Fund reconciliation"},
	"journal":           {"Sổ nhật ký chung", "Journal"},
	"trial-balance":     {"Bảng cân đối tài khoản", "Trial balance"},
	"donations":         {"Sổ theo dõi tiếp nhận ủng hộ (biên nhận)", "Receipt register"},
	"public-disclosure": {"Công khai tiếp nhận và sử dụng", "Public disclosure of receipts and use"},
	"stock":             {"Báo cáo nhập – xuất – tồn", "Stock movement (receipts, issues, balance)"},
	"distribution-list": {"Danh sách ký nhận", "Signed distribution list"},
	"deliveries":        {"Kết quả cấp phát", "Deliveries"},
	"fairness":          {"Đánh giá công bằng phân bổ", "Fairness of distribution"},
}

var writers = map[string]writer{
	"reconciliation":    writeReconciliation,
	"journal":           writeJournal,
	"trial-balance":     writeTrialBalance,
	"donations":         writeDonations,
	"public-disclosure": writePublicDisclosure,
	"stock":             writeStock,
	"distribution-list": writeDistributionList,
	"deliveries":        writeDeliveries,
	"fairness":          writeFairness,
}

// Write streams the export to w. Call Prepare first. It stops at the first
// failed write or when ctx ends.
func (s Sources) Write(ctx context.Context, w io.Writer, name string, p Params, m Meta) error {
	wb := xlsxw.New(&ctxWriter{ctx: ctx, w: w}, ledger.Location)
	if err := cover(wb, m, p); err != nil {
		return err
	}
	if err := writers[name](ctx, s, wb, p, m); err != nil {
		return err
	}
	return wb.Close()
}

// ctxWriter fails writes once ctx is done, so a cancelled export stops at
// its next row even when the writer underneath still accepts bytes.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c *ctxWriter) Write(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(b)
}

func cover(wb *xlsxw.Workbook, m Meta, p Params) error {
	s, err := wb.Sheet(m.label("Thông tin", "About"), []xlsxw.Col{{Title: m.Title, Width: 28, Kind: xlsxw.Text}, {Width: 60, Kind: xlsxw.Text}})
	if err != nil {
		return err
	}
	rows := [][2]string{
		{m.label("Lập lúc", "Generated at"), m.GeneratedAt.In(ledger.Location).Format("2006-01-02 15:04:05 (UTC+7)")},
		{m.label("Người lập", "Generated by"), m.GeneratedBy},
		{m.label("Đầu chuỗi sổ nhật ký", "Journal head"),
			fmt.Sprintf(m.label("bút toán %d, mã băm %s", "entry %d, hash %s"), m.Head.LastID, m.Head.LastHash)},
	}
	if p.Fund != "" {
		rows = append(rows, [2]string{m.label("Quỹ", "Fund"), p.Fund})
	}
	if !p.From.IsZero() || !p.To.IsZero() {
		rows = append(rows, [2]string{m.label("Kỳ", "Period"), p.From.String() + " – " + p.To.String()})
	}
	keys := make([]string, 0, len(m.Filters))
	for k := range m.Filters {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		rows = append(rows, [2]string{m.label("Bộ lọc: ", "Filter: ") + k, m.Filters[k]})
	}
	for _, r := range rows {
		if err := s.Row(r[0], r[1]); err != nil {
			return err
		}
	}
	return nil
}
