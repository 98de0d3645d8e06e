package exports

import (
	"context"
	"sort"

	"github.com/shopspring/decimal"

	"reliefledger/distribution"
	"reliefledger/households"
	"reliefledger/internal/xlsxw"
)

// The distribution list's columns, in order. ReadDistributionList finds
// them by these titles (Vietnamese or English), so a list comes back
// through the deliveries route with its marks.
var listCols = []struct {
	vi, en string
	width  float64
}{
	{"STT", "No", 6}, {"Mã hộ", "Household code", 16}, {"Chủ hộ", "Head of household", 26}, {"CCCD", "National ID", 16},
	{"Xã", "Commune", 20}, {"Ấp", "Hamlet", 16}, {"Diện", "Category", 12}, {"Nhân khẩu", "Members", 10},
	{"Mức hỗ trợ", "Package", 16}, {"Đã nhận (x)", "Received (x)", 12}, {"Ngày nhận", "Date received", 14},
	{"Người trao", "Handed over by", 22}, {"Ký nhận", "Signature", 18},
}

var categoryLabel = map[households.Category][2]string{households.Poor: {"hộ nghèo", "poor"}, households.NearPoor: {"hộ cận nghèo", "near-poor"}}

// writeDistributionList writes, per district of the plan (or the one
// asked for), the list households sign: their package, and blank columns
// for the received mark, the date, who handed it over and the signature.
func writeDistributionList(ctx context.Context, src Sources, wb *xlsxw.Workbook, p Params, m Meta) error {
	plan, err := src.Distribution.Plan(ctx, p.Plan)
	if err != nil {
		return err
	}
	hs, err := src.Distribution.PlanHouseholds(ctx, plan.ID, p.District, 0, 0)
	if err != nil {
		return err
	}
	byDistrict := map[string][]distribution.PlanHousehold{}
	var districts []string
	for _, h := range hs {
		if !h.Amount.IsPositive() {
			continue
		}
		if byDistrict[h.District] == nil {
			districts = append(districts, h.District)
		}
		byDistrict[h.District] = append(byDistrict[h.District], h)
	}
	sort.Strings(districts)
	tree := src.Households.Tree()
	kind := xlsxw.Money
	if plan.Kind == distribution.Goods {
		kind = xlsxw.Quantity
	}
	for _, d := range districts {
		registry, err := src.Households.List(ctx, households.Filter{District: d}, "")
		if err != nil {
			return err
		}
		details := make(map[int64]households.Household, len(registry))
		for _, h := range registry {
			if !p.SeesIdentity {
				h = households.Masked(h)
			}
			details[h.ID] = h
		}
		cols := make([]xlsxw.Col, len(listCols))
		for i, c := range listCols {
			cols[i] = xlsxw.Col{Title: m.label(c.vi, c.en), Width: c.width}
		}
		cols[0].Kind, cols[7].Kind, cols[8].Kind, cols[10].Kind = xlsxw.Integer, xlsxw.Integer, kind, xlsxw.Date
		name := d
		if u, ok := tree.Unit(d); ok {
			name = u.Name
		}
		s, err := wb.Sheet(m.label("Huyện ", "District ")+d+" "+name, cols)
		if err != nil {
			return err
		}
		total := decimal.Zero
		for i, h := range byDistrict[d] {
			det := details[h.HouseholdID]
			commune := h.Commune
			if u, ok := tree.Unit(h.Commune); ok {
				commune = u.Name
			}
			cat := categoryLabel[h.Category]
			total = total.Add(h.Amount)
			if err := s.Row(i+1, h.Code, det.HeadName, det.NationalID, commune, det.Hamlet, m.label(cat[0], cat[1]), h.Members, h.Amount,
				nil, nil, nil, nil); err != nil {
				return err
			}
		}
		if err := s.Total(m.label("Cộng", "Total"), map[int]decimal.Decimal{8: total}); err != nil {
			return err
		}
	}
	return nil
}

// writeDeliveries writes the deliveries of the filters: money in đồng,
// goods in their quantity, with the total of the money.
func writeDeliveries(ctx context.Context, src Sources, wb *xlsxw.Workbook, p Params, m Meta) error {
	f := distribution.DeliveryFilter{PlanID: p.Plan, District: p.District, From: p.From, To: p.To, Item: p.Item}
	if p.Fund != "" {
		fund, err := src.Ledger.Fund(ctx, p.Fund)
		if err != nil {
			return err
		}
		f.FundID = fund.ID
	}
	ds, err := src.Distribution.Deliveries(ctx, f, p.Scope)
	if err != nil {
		return err
	}
	s, err := wb.Sheet(m.label("Cấp phát", "Deliveries"), []xlsxw.Col{
		{Title: m.label("Số", "ID"), Width: 10, Kind: xlsxw.Integer},
		{Title: m.label("Ngày", "Date"), Width: 12, Kind: xlsxw.Date},
		{Title: m.label("Phương án", "Plan"), Width: 10, Kind: xlsxw.Integer},
		{Title: m.label("Đề nghị", "Request"), Width: 10, Kind: xlsxw.Integer},
		{Title: m.label("Huyện", "District"), Width: 10},
		{Title: m.label("Mã hộ", "Household"), Width: 16},
		{Title: m.label("Tổ chức", "Organisation"), Width: 26},
		{Title: m.label("Tiền (đồng)", "Money (VND)"), Width: 16, Kind: xlsxw.Money},
		{Title: m.label("Hàng hóa", "Item"), Width: 10},
		{Title: m.label("Số lượng", "Quantity"), Width: 12, Kind: xlsxw.Quantity},
		{Title: m.label("Người trao", "Handed over by"), Width: 22},
		{Title: m.label("Chứng từ", "Proof"), Width: 18},
		{Title: m.label("Bút toán", "Entry"), Width: 10, Kind: xlsxw.Integer},
	})
	if err != nil {
		return err
	}
	money := decimal.Zero
	for _, d := range ds {
		var amount, qty, plan, req any
		if d.Kind == distribution.Goods {
			qty = d.Amount
		} else {
			amount = d.Amount
			money = money.Add(d.Amount)
		}
		if d.PlanID != 0 {
			plan = d.PlanID
		}
		if d.RequestID != 0 {
			req = d.RequestID
		}
		if err := s.Row(d.ID, d.Date, plan, req, d.District, d.HouseholdCode, d.Organisation, amount, d.Item, qty, d.HandedOverBy, d.Proof, d.EntryID); err != nil {
			return err
		}
	}
	return s.Total(m.label("Cộng", "Total"), map[int]decimal.Decimal{7: money})
}

// writeFairness writes the fairness report: districts, communes, the
// overall figures and the definition of every figure.
func writeFairness(ctx context.Context, src Sources, wb *xlsxw.Workbook, p Params, m Meta) error {
	sc := distribution.Scope{PlanID: p.Plan, From: p.From, To: p.To, Item: p.Item, DeadlineDays: 20}
	if p.Plan == 0 {
		fund, err := src.Ledger.Fund(ctx, p.Fund)
		if err != nil {
			return err
		}
		sc.FundID = fund.ID
	}
	r, err := src.Distribution.Fairness(ctx, sc)
	if err != nil {
		return err
	}
	amount := xlsxw.Money // money in đồng; goods in their quantity
	if p.Item != "" {
		amount = xlsxw.Quantity
	}
	if p.Plan != 0 {
		if plan, err := src.Distribution.Plan(ctx, p.Plan); err == nil && plan.Kind == distribution.Goods {
			amount = xlsxw.Quantity
		}
	}
	s, err := wb.Sheet(m.label("Theo huyện", "By district"), []xlsxw.Col{
		{Title: m.label("Huyện", "District"), Width: 10},
		{Title: m.label("Hộ nghèo", "Poor"), Width: 10, Kind: xlsxw.Integer},
		{Title: m.label("Hộ cận nghèo", "Near-poor"), Width: 12, Kind: xlsxw.Integer},
		{Title: m.label("Đủ điều kiện", "Eligible"), Width: 12, Kind: xlsxw.Integer},
		{Title: m.label("Đã nhận", "Reached"), Width: 10, Kind: xlsxw.Integer},
		{Title: m.label("Độ bao phủ %", "Coverage %"), Width: 12, Kind: xlsxw.Percent},
		{Title: m.label("Sai sót loại trừ %", "Exclusion error %"), Width: 14, Kind: xlsxw.Percent},
		{Title: m.label("Nhận ngoài danh sách", "Inclusion errors"), Width: 14, Kind: xlsxw.Integer},
		{Title: m.label("Đã nhận (đồng/SL)", "Received"), Width: 18, Kind: amount},
		{Title: m.label("Nhu cầu quy đổi", "Weighted need"), Width: 14, Kind: xlsxw.Quantity},
		{Title: m.label("Mỗi hộ quy đổi", "Per weighted household"), Width: 16, Kind: xlsxw.Quantity},
		{Title: m.label("So với bình quân", "Relative to mean"), Width: 14, Kind: xlsxw.Quantity},
		{Title: m.label("Tỷ trọng nhận %", "Share of total %"), Width: 14, Kind: xlsxw.Percent},
		{Title: m.label("Tỷ trọng nhu cầu %", "Share of need %"), Width: 14, Kind: xlsxw.Percent},
		{Title: m.label("Đề nghị", "Requested"), Width: 16, Kind: amount},
		{Title: m.label("Được duyệt", "Approved"), Width: 16, Kind: amount},
		{Title: m.label("Ngày (trung vị)", "Median days"), Width: 12, Kind: xlsxw.Integer},
		{Title: m.label("Ngày (tối đa)", "Max days"), Width: 12, Kind: xlsxw.Integer},
		{Title: m.label("Cảnh báo", "Flag"), Width: 50},
	})
	if err != nil {
		return err
	}
	received := decimal.Zero
	for _, d := range r.Districts {
		received = received.Add(d.Received)
		flag := ""
		for i, f := range d.FlagReasons {
			if i > 0 {
				flag += "; "
			}
			flag += f
		}
		if err := s.Row(d.District, d.Eligible[households.Poor], d.Eligible[households.NearPoor], d.EligibleTotal, d.Reached, d.Coverage,
			d.ExclusionError, d.InclusionErrors, d.Received, d.WeightedNeed, d.PerWeighted, d.RelativeToMean, d.ShareOfTotal, d.ShareOfNeed,
			d.Requested, d.Approved, d.MedianDays, d.MaxDays, flag); err != nil {
			return err
		}
	}
	if err := s.Total(m.label("Cộng", "Total"), map[int]decimal.Decimal{8: received}); err != nil {
		return err
	}
	o := r.Overall
	ov, err := wb.Sheet(m.label("Toàn tỉnh", "Province"), []xlsxw.Col{{Title: m.label("Chỉ số", "Figure"), Width: 32}, {Title: m.label("Giá trị", "Value"), Width: 20, Kind: xlsxw.Quantity}})
	if err != nil {
		return err
	}
	var ratio any
	if o.MaxMinRatio.Valid {
		ratio = o.MaxMinRatio.Decimal
	}
	for _, kv := range []struct {
		k string
		v any
	}{{"eligible_total", o.EligibleTotal}, {"reached", o.Reached}, {"unreached", o.Unreached}, {"inclusion_errors", o.InclusionErrors},
		{"coverage", o.Coverage}, {"received", o.Received}, {"per_weighted_household", o.PerWeighted}, {"max_min_ratio", ratio}, {"gini", o.Gini}} {
		if err := ov.Row(kv.k, kv.v); err != nil {
			return err
		}
	}
	defs, err := wb.Sheet(m.label("Định nghĩa", "Definitions"), []xlsxw.Col{{Title: m.label("Chỉ số", "Figure"), Width: 28}, {Title: m.label("Định nghĩa", "Definition"), Width: 100}})
	if err != nil {
		return err
	}
	keys := make([]string, 0, len(r.Definitions))
	for k := range r.Definitions {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := defs.Row(k, r.Definitions[k]); err != nil {
			return err
		}
	}
	communes, err := wb.Sheet(m.label("Theo xã", "By commune"), []xlsxw.Col{
		{Title: m.label("Huyện", "District"), Width: 10}, {Title: m.label("Xã", "Commune"), Width: 10},
		{Title: m.label("Đủ điều kiện", "Eligible"), Width: 12, Kind: xlsxw.Integer}, {Title: m.label("Đã nhận", "Reached"), Width: 10, Kind: xlsxw.Integer},
		{Title: m.label("Độ bao phủ %", "Coverage %"), Width: 12, Kind: xlsxw.Percent},
	})
	if err != nil {
		return err
	}
	for _, d := range r.Districts {
		for _, c := range d.Communes {
			if err := communes.Row(d.District, c.Commune, c.Eligible, c.Reached, c.Coverage); err != nil {
				return err
			}
		}
	}
	return nil
}
