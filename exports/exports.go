// Package exports writes the Excel workbooks auditors reconcile, print,
// sign and file. A workbook's first sheet opens with its title block (what,
// for which fund, subject and period, made when and by whom, at which
// journal head); its sheets have typed cells, đồng with thousands
// separators, a fixed number of decimals per column, dates as dates, a
// frozen header row, filters, and totals as SUM formulas whose values are
// also written, so a spreadsheet shows them before it recalculates and an
// auditor can recompute them. Text is always written as text: a donor
// named "=HYPERLINK(…)" stays a name.
//
// Every page prints on A4, one page wide, with the header row repeated, a
// header (title, fund, period) and a footer (made when, journal head, page
// x of y); books that are signed end with a signature block, and the
// distribution list has a sheet per commune to be signed as printed.
//
// Every text comes from the translation table (reliefledger/internal/i18n)
// in Vietnamese, or English with Meta.English, and districts, communes,
// funds, items, warehouses and accounts are shown by name.
//
// Workbooks are streamed (see reliefledger/internal/xlsxw): rows reach the
// client as they are read from the database, and a write that fails (the
// client went away) or a cancelled context stops the work.
package exports

import (
	"context"
	"io"
	"sort"
	"strings"
	"time"

	rl "reliefledger"
	"reliefledger/distribution"
	"reliefledger/donations"
	"reliefledger/goods"
	"reliefledger/households"
	"reliefledger/internal/i18n"
	"reliefledger/internal/xlsxw"
	"reliefledger/ledger"
	"reliefledger/reports"
)

// Meta describes a workbook for its title block and properties.
type Meta struct {
	Title       string
	GeneratedAt time.Time
	// UserName, UserID and Role are who asked for the workbook; without a
	// user, GeneratedBy says who did, or the server's operator.
	UserName    string
	UserID      int64
	Role        string
	GeneratedBy string
	// Filters are the request's query, kept in the document's properties.
	Filters map[string]string
	English bool
	// Head is the journal's head when the workbook was begun: its data
	// holds at least the entries up to it. Printed on the cover, it ties a
	// printed workbook to a signed checkpoint of the same entry.
	Head ledger.Head
}

// lang is the workbook's language.
func (m Meta) lang() i18n.Lang {
	if m.English {
		return i18n.EN
	}
	return i18n.VI
}

// Sources are the services the exports read.
type Sources struct {
	Ledger       *ledger.Service
	Donations    *donations.Service
	Goods        *goods.Service
	Distribution *distribution.Service
	Households   *households.Service
	// Reports computes the summary; nil: one over the
	// services above.
	Reports *reports.Service
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
	// DeadlineDays and RuleSet are the summary's deadline (0: unknown)
	// and the rule set it comes from.
	DeadlineDays int
	RuleSet      string
	// Campaign and Due are a campaign's summary: its code and its rule
	// set's due date, which replaces DeadlineDays.
	Campaign string
	Due      distribution.DueDate
}

// Names lists the exports, as GET /api/v1/exports/{name}.xlsx serves them.
var Names = []string{"reconciliation", "journal", "trial-balance", "donations", "public-disclosure", "stock",
	"distribution-list", "deliveries", "fairness",
	"summary",
}

// Accounting dates are written as Excel dates.
var _ xlsxw.CalendarDate = ledger.Date{}

// writer writes one export.
type writer func(d *doc) error

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
	needFund["summary"] = true
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
	return i18n.T(m.lang(), title), nil
}

// districtExports are what a district officer may download, for their
// district.
var districtExports = map[string]bool{"distribution-list": true, "deliveries": true, "stock": true,
	"summary": true, // their district's part
}

var titles = map[string]i18n.Key{
	"reconciliation":    i18n.TitleReconciliation,
	"journal":           i18n.TitleJournal,
	"trial-balance":     i18n.TitleTrialBalance,
	"donations":         i18n.TitleDonations,
	"public-disclosure": i18n.TitlePublicDisclosure,
	"stock":             i18n.TitleStock,
	"distribution-list": i18n.TitleDistributionList,
	"deliveries":        i18n.TitleDeliveries,
	"fairness":          i18n.TitleFairness,
	"summary":           i18n.TitleSummary,
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
	"summary":           writeSummary,
}

// Write streams the export to w. Call Prepare first. It stops at the first
// failed write or when ctx ends.
func (s Sources) Write(ctx context.Context, w io.Writer, name string, p Params, m Meta) error {
	write, ok := writers[name]
	if !ok {
		return rl.Errorf(rl.NotFound, "no export %q", name)
	}
	if m.Title == "" {
		m.Title = i18n.T(m.lang(), titles[name])
	}
	n, err := loadNames(ctx, s, m.lang())
	if err != nil {
		return err
	}
	d := &doc{ctx: ctx, src: s, wb: xlsxw.New(&ctxWriter{ctx: ctx, w: w}, ledger.Location), p: p, m: m, l: m.lang(), n: n, from: p.From, to: p.To}
	if err := write(d); err != nil {
		return err
	}
	return d.wb.Close()
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

func sortedStrings(s []string) []string {
	sort.Strings(s)
	return s
}
