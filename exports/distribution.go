package exports

import (
	"cmp"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"reliefledger/distribution"
	"reliefledger/households"
	"reliefledger/internal/i18n"
	"reliefledger/internal/xlsxw"
)

// The distribution list's columns, in order. ReadDistributionList finds
// them by these titles (Vietnamese or English), so a list comes back
// through the deliveries route with its marks.
var listCols = []i18n.Key{
	i18n.ColNo, i18n.ColHouseholdCode, i18n.ColHeadOfHousehold, i18n.ColNationalID, i18n.ColHamlet, i18n.ColCategory,
	i18n.ColMembers, i18n.ColPackage, i18n.ColReceivedMark, i18n.ColReceivedOnList, i18n.ColHandedOverBy, i18n.ColSignature,
}

// listRowHeight leaves room to sign on each household's row (points).
const listRowHeight = 27

// writeDistributionList writes the lists households sign: a sheet per
// commune of the plan (of the district asked for), each a document of its
// own to print and sign: its title (plan, commune, district), one row per
// household with its package and blank columns for the received mark, the
// date, who handed it over and the signature, all on the page's width; the
// commune's total; the signatures.
func writeDistributionList(d *doc) error {
	ctx, src, p := d.ctx, d.src, d.p
	plan, err := src.Distribution.Plan(ctx, p.Plan)
	if err != nil {
		return err
	}
	hs, err := src.Distribution.PlanHouseholds(ctx, plan.ID, p.District, 0, 0)
	if err != nil {
		return err
	}
	hs = slices.DeleteFunc(hs, func(h distribution.PlanHousehold) bool { return !h.Amount.IsPositive() })
	slices.SortStableFunc(hs, func(a, b distribution.PlanHousehold) int {
		return cmp.Or(cmp.Compare(a.District, b.District), cmp.Compare(a.Commune, b.Commune))
	})
	d.subject = []string{d.planSubject(plan)}
	if p.Fund == "" {
		d.p.Fund = plan.Fund
	}
	details := map[int64]households.Household{}
	for i := 0; i < len(hs); {
		j := i
		for j < len(hs) && hs[j].District == hs[i].District {
			j++
		}
		registry, err := src.Households.List(ctx, households.Filter{District: hs[i].District}, "")
		if err != nil {
			return err
		}
		for _, h := range registry {
			if !p.SeesIdentity {
				h = households.Masked(h)
			}
			details[h.ID] = h
		}
		i = j
	}
	pkg := column{i18n.ColPackage, 13, xlsxw.Money, 0}
	pkgTitle := d.t(i18n.ColPackageVND)
	if plan.Kind == distribution.Goods {
		pkg = column{i18n.ColPackage, 12, xlsxw.Quantity, d.n.scale(plan.Item)}
		pkgTitle = d.f(i18n.ColPackageIn, d.n.unit(plan.Item))
	}
	cols := d.listColumns(hs, details, pkg)
	cols[7].Title = pkgTitle
	if len(hs) == 0 { // a list with nobody on it still says so
		s, err := d.sheet(i18n.SheetDistributionList, cols, xlsxw.Page{RowHeight: listRowHeight})
		if err != nil {
			return err
		}
		return s.Total(d.t(i18n.Total), map[int]decimal.Decimal{7: decimal.Zero})
	}
	for i := 0; i < len(hs); {
		j := i
		for j < len(hs) && hs[j].District == hs[i].District && hs[j].Commune == hs[i].Commune {
			j++
		}
		if err := d.communeList(hs[i:j], details, cols); err != nil {
			return err
		}
		i = j
	}
	return nil
}

// planSubject names a plan: number, title and, once approved, the date.
func (d *doc) planSubject(p distribution.Plan) string {
	s := d.f(i18n.PlanSubject, p.ID, p.Title)
	if !p.ApprovedOn.IsZero() {
		s += ", " + d.f(i18n.PlanApprovedOn, d.date(p.ApprovedOn))
	}
	if len(p.Result.Excluded) > 0 {
		codes := make([]string, len(p.Result.Excluded))
		for i, x := range p.Result.Excluded {
			codes[i] = x.District
		}
		s += ", " + d.f(i18n.PlanApprovedInPart, strings.Join(codes, ", "), p.Result.ApprovalReason)
	}
	return s
}

// listColumns sizes the list's columns to what they hold: codes, names and
// hamlets as wide as the widest, the rest as their titles need.
func (d *doc) listColumns(hs []distribution.PlanHousehold, details map[int64]households.Household, pkg column) []xlsxw.Col {
	code, name, hamlet := 12.0, 20.0, 10.0
	for _, h := range hs {
		det := details[h.HouseholdID]
		code = max(code, xlsxw.TextWidth(h.Code)+1.5)
		name = min(max(name, xlsxw.TextWidth(det.HeadName)+1.5), 32)
		hamlet = min(max(hamlet, xlsxw.TextWidth(det.Hamlet)+1.5), 18)
	}
	return d.cols(
		column{i18n.ColNo, 5, xlsxw.Integer, 0},
		column{i18n.ColHouseholdCode, code, xlsxw.Text, 0},
		column{i18n.ColHeadOfHousehold, name, xlsxw.Text, 0},
		column{i18n.ColNationalID, 14, xlsxw.Text, 0},
		column{i18n.ColHamlet, hamlet, xlsxw.Text, 0},
		column{i18n.ColCategory, 12, xlsxw.Text, 0},
		column{i18n.ColMembers, 7, xlsxw.Count, 0},
		pkg,
		column{i18n.ColReceivedMark, 8, xlsxw.Text, 0},
		column{i18n.ColReceivedOnList, 11, xlsxw.Text, 0},
		column{i18n.ColHandedOverBy, 18, xlsxw.Text, 0},
		column{i18n.ColSignature, 20, xlsxw.Text, 0},
	)
}

// communeList writes one commune's list as a sheet of its own.
func (d *doc) communeList(hs []distribution.PlanHousehold, details map[int64]households.Household, cols []xlsxw.Col) error {
	commune, district := d.n.region(hs[0].Commune), d.n.region(hs[0].District)
	place := d.f(i18n.CommuneOfDistrict, commune, district)
	who, when, _ := d.made()
	if !d.started {
		if err := d.start(); err != nil {
			return err
		}
	}
	title := []string{
		strings.ToUpper(d.m.Title),
		d.subject[0] + " · " + d.n.fund(d.p.Fund),
		place,
		d.f(i18n.MadeAt, when, who),
	}
	s, err := d.wb.SheetWith(d.n.shortName(hs[0].District)+" – "+d.n.shortName(hs[0].Commune), cols, xlsxw.Page{
		Title: title, RowHeight: listRowHeight, Orientation: xlsxw.Landscape,
		Header: &xlsxw.HeaderFooter{Left: d.m.Title + " – " + d.subject[0], Right: place},
	})
	if err != nil {
		return err
	}
	total := decimal.Zero
	for i, h := range hs {
		det := details[h.HouseholdID]
		total = total.Add(h.Amount)
		if err := s.Row(i+1, h.Code, det.HeadName, det.NationalID, det.Hamlet, d.value("category", string(h.Category)), h.Members, h.Amount); err != nil {
			return err
		}
	}
	if err := s.Total(d.f(i18n.ListTotal, d.l.Count(len(hs))), map[int]decimal.Decimal{7: total}); err != nil {
		return err
	}
	return d.sign(s)
}

// writeDeliveries writes the deliveries of the filters: money in đồng,
// goods in their quantity, with the total of the money.
func writeDeliveries(d *doc) error {
	ctx, src, p := d.ctx, d.src, d.p
	f := distribution.DeliveryFilter{PlanID: p.Plan, District: p.District, From: p.From, To: p.To, Item: p.Item}
	if p.Fund != "" {
		fund, err := src.Ledger.Fund(ctx, p.Fund)
		if err != nil {
			return err
		}
		f.FundID = fund.ID
	}
	if p.Plan != 0 {
		if plan, err := src.Distribution.Plan(ctx, p.Plan); err == nil {
			d.subject = []string{d.planSubject(plan)}
		}
	}
	ds, err := src.Distribution.Deliveries(ctx, f, p.Scope)
	if err != nil {
		return err
	}
	decimals := 0
	for _, x := range ds {
		if x.Kind == distribution.Goods {
			decimals = max(decimals, d.n.scale(x.Item))
		}
	}
	s, err := d.sheet(i18n.SheetDeliveries, d.cols(
		column{i18n.ColID, 8, xlsxw.Integer, 0},
		column{i18n.ColDate, 11, xlsxw.Date, 0},
		column{i18n.ColPlan, 8, xlsxw.Integer, 0},
		column{i18n.ColRequest, 8, xlsxw.Integer, 0},
		column{i18n.ColDistrict, 20, xlsxw.Text, 0},
		column{i18n.ColHouseholdCode, 16, xlsxw.Text, 0},
		column{i18n.ColOrganisation, 24, xlsxw.Text, 0},
		d.money(i18n.ColMoneyVND, 13),
		column{i18n.ColItem, 11, xlsxw.Text, 0},
		column{i18n.ColQuantity, 10, xlsxw.Quantity, decimals},
		column{i18n.ColUnit, 6, xlsxw.Text, 0},
		column{i18n.ColHandedOverBy, 20, xlsxw.Text, 0},
		column{i18n.ColProof, 14, xlsxw.Text, 0},
		column{i18n.ColEntry, 8, xlsxw.Integer, 0},
	), xlsxw.Page{})
	if err != nil {
		return err
	}
	money := decimal.Zero
	for _, x := range ds {
		var amount, qty, plan, req any
		if x.Kind == distribution.Goods {
			qty = x.Amount
		} else {
			amount = x.Amount
			money = money.Add(x.Amount)
		}
		if x.PlanID != 0 {
			plan = x.PlanID
		}
		if x.RequestID != 0 {
			req = x.RequestID
		}
		if err := s.Row(x.ID, x.Date, plan, req, d.n.district(x.District), x.HouseholdCode, x.Organisation, amount, d.n.item(x.Item), qty,
			d.n.unit(x.Item), x.HandedOverBy, x.Proof, x.EntryID); err != nil {
			return err
		}
	}
	return s.Total(d.t(i18n.Total), map[int]decimal.Decimal{7: money})
}
