package exports

// What every workbook shares: its language and names, its document
// properties, the title block its first sheet opens with, every page's
// header and footer, and the signature block.

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"reliefledger/donations"
	"reliefledger/internal/i18n"
	"reliefledger/internal/xlsxw"
	"reliefledger/ledger"
)

// doc is one workbook being written.
type doc struct {
	ctx context.Context
	src Sources
	wb  *xlsxw.Workbook
	p   Params
	m   Meta
	l   i18n.Lang
	n   *names
	// from, to and asOf are the period the workbook covers, as printed:
	// a writer sets them before its first sheet when it knows better
	// than the filters (a reconciliation ends today without a to).
	from, to, asOf ledger.Date
	// subject names what besides the fund the workbook is about (a plan,
	// a district, a warehouse), printed under the title and on every page.
	subject []string
	started bool
}

func (d *doc) t(k i18n.Key) string              { return i18n.T(d.l, k) }
func (d *doc) f(k i18n.Key, args ...any) string { return i18n.F(d.l, k, args...) }
func (d *doc) date(x i18n.CalendarDate) string  { return d.l.Date(x) }
func (d *doc) value(group, v string) string     { return i18n.Value(d.l, group, v) }

// donor is a donor's name as written, but the stored placeholder of a donor
// who asked not to be named in the workbook's language.
func (d *doc) donor(name string) string {
	if name == donations.AnonymousName {
		return d.t(i18n.AnonymousDonor)
	}
	return name
}
func (d *doc) cols(cs ...column) []xlsxw.Col      { return columns(d.l, cs) }
func (d *doc) money(k i18n.Key, w float64) column { return column{k, w, xlsxw.Money, 0} }

// column is a column of a table as the builders declare it: its title's
// key, width, kind and decimals.
type column struct {
	title    i18n.Key
	width    float64
	kind     xlsxw.Kind
	decimals int
}

func columns(l i18n.Lang, cs []column) []xlsxw.Col {
	out := make([]xlsxw.Col, len(cs))
	for i, c := range cs {
		out[i] = xlsxw.Col{Title: i18n.T(l, c.title), Width: c.width, Kind: c.kind, Decimals: c.decimals}
	}
	return out
}

// period is the period as a phrase: "Kỳ: 01/07/2021 – 31/07/2021",
// "Đến ngày 31/07/2021", "Tại ngày …", or "" for all dates.
func (d *doc) period() string {
	switch {
	case !d.asOf.IsZero():
		return d.f(i18n.PeriodAsOf, d.date(d.asOf))
	case !d.from.IsZero() && !d.to.IsZero():
		return d.f(i18n.PeriodFromTo, d.date(d.from), d.date(d.to))
	case !d.to.IsZero():
		return d.f(i18n.PeriodTo, d.date(d.to))
	case !d.from.IsZero():
		return d.f(i18n.PeriodFrom, d.date(d.from))
	}
	return d.t(i18n.PeriodAll)
}

// about is what the workbook covers: fund, subject and period.
func (d *doc) about() string {
	var parts []string
	if d.p.Fund != "" {
		parts = append(parts, d.n.fund(d.p.Fund))
	}
	parts = append(parts, d.subject...)
	if d.p.District != "" {
		parts = append(parts, d.n.region(d.p.District))
	}
	if d.p.Warehouse != "" {
		parts = append(parts, d.n.warehouse(d.p.Warehouse))
	}
	if d.p.Item != "" {
		parts = append(parts, d.n.item(d.p.Item))
	}
	if len(d.subject) == 0 || !d.from.IsZero() || !d.to.IsZero() || !d.asOf.IsZero() {
		parts = append(parts, d.period()) // a plan needs no "all dates"
	}
	return strings.Join(parts, " · ")
}

// made is who made the workbook, when, at which journal head.
func (d *doc) made() (who, when, head string) {
	m := d.m
	switch {
	case m.UserName != "":
		who = d.f(i18n.MadeByUser, m.UserName, m.UserID, d.value("role", m.Role))
	case m.GeneratedBy != "":
		who = m.GeneratedBy
	default:
		who = d.t(i18n.MadeByOperator)
	}
	when = d.l.Time(m.GeneratedAt.In(ledger.Location))
	head = d.f(i18n.JournalHead, m.Head.LastID, m.Head.LastHash)
	return who, when, head
}

// start sets the workbook up before its first sheet: properties, date
// formats, header and footer.
func (d *doc) start() error {
	d.started = true
	who, when, _ := d.made()
	short := d.m.Head.LastHash
	if len(short) > 8 {
		short = short[:8]
	}
	var query []string
	for k, v := range d.m.Filters {
		query = append(query, url.QueryEscape(k)+"="+url.QueryEscape(v))
	}
	return d.wb.Setup(xlsxw.Setup{
		Title: d.m.Title, Subject: d.about(), Author: who, Created: d.m.GeneratedAt, Language: d.l.Code(),
		Description: fmt.Sprintf("%s; %s", d.f(i18n.JournalHead, d.m.Head.LastID, d.m.Head.LastHash), strings.Join(sortedStrings(query), "&")),
		Keywords:    "reliefledger",
		DateFormat:  d.l.DateFormat(), DateTimeFormat: d.l.DateTimeFormat(),
		Header: xlsxw.HeaderFooter{Left: d.m.Title, Right: d.about()},
		Footer: xlsxw.HeaderFooter{Left: d.f(i18n.FooterMade, when, d.m.Head.LastID, short), Right: d.t(i18n.PageOf)},
	})
}

// sheet starts a sheet. The workbook's first sheet opens with the title
// block: the title, what it covers, who made it when, and the journal
// head it was made at, which ties a printed workbook to a checkpoint.
func (d *doc) sheet(name i18n.Key, cols []xlsxw.Col, page xlsxw.Page) (*xlsxw.Sheet, error) {
	return d.sheetNamed(d.t(name), cols, page)
}

func (d *doc) sheetNamed(name string, cols []xlsxw.Col, page xlsxw.Page) (*xlsxw.Sheet, error) {
	if !d.started {
		if err := d.start(); err != nil {
			return nil, err
		}
		if page.Title == nil {
			page.Title = d.titleBlock()
		}
	}
	return d.wb.SheetWith(name, cols, page)
}

// titleBlock is the first sheet's title lines.
func (d *doc) titleBlock() []string {
	who, when, head := d.made()
	return []string{strings.ToUpper(d.m.Title), d.about(), d.f(i18n.MadeAt, when, who), head}
}

// sign ends a sheet with the signature block of a report: who drew it up,
// the chief accountant and the head of the unit.
func (d *doc) sign(s *xlsxw.Sheet) error {
	return s.Signatures(xlsxw.Signing{Place: d.f(i18n.SignPlace, d.n.province()),
		Titles: []string{d.t(i18n.SignPreparer), d.t(i18n.SignChiefAccountant), d.t(i18n.SignHead)}, Hint: d.t(i18n.SignHint)})
}

// yesNo is the verdict of a check.
func (d *doc) verdict(ok bool) string {
	if ok {
		return d.t(i18n.CheckOK)
	}
	return d.t(i18n.CheckMismatch)
}
