package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"reliefledger/donations"
	"reliefledger/exports"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// exportQuery is the query string of a fund's downloads for a period.
func exportQuery(fund, from, to string) string {
	q := url.Values{"fund": {fund}}
	if from != "" {
		q.Set("from", from)
	}
	if to != "" {
		q.Set("to", to)
	}
	return q.Encode()
}

type downloadsData struct {
	Funds []fundLinks
}

type fundLinks struct {
	fundView
	// The files' addresses, built here from url.Values (a query string
	// given to the template would have its = and & escaped).
	XLSX, Received, Use template.URL
}

// downloads lists each fund's public files.
func (s *Server) downloads(w http.ResponseWriter, r *http.Request) {
	var funds []fundView
	if _, _, err := s.pickFund(r, &funds, ""); err != nil {
		s.serverError(w, r, err)
		return
	}
	var d downloadsData
	for _, f := range funds {
		q := exportQuery(f.Code, "", "")
		d.Funds = append(d.Funds, fundLinks{fundView: f, XLSX: template.URL("/downloads/public-disclosure.xlsx?" + q),
			Received: template.URL("/downloads/received.csv?" + q), Use: template.URL("/downloads/use.csv?" + q)})
	}
	s.render(w, r, http.StatusOK, "downloads", d)
}

// exportRequest reads a download's fund and period; a bad one is shown on
// the downloads page with a 400.
func (s *Server) exportRequest(w http.ResponseWriter, r *http.Request) (ledger.Fund, ledger.Date, ledger.Date, bool) {
	l, qs := lang(r), r.URL.Query()
	var errs []string
	f, err := s.Ledger.Fund(r.Context(), strings.ToUpper(qs.Get("fund")))
	if err != nil {
		errs = append(errs, i18n.F(l, i18n.WebSearchBadFund, qs.Get("fund")))
	}
	from := s.formDate(l, qs.Get("from"), i18n.WebSearchFrom, &errs)
	to := s.formDate(l, qs.Get("to"), i18n.WebSearchTo, &errs)
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		errs = append(errs, i18n.T(l, i18n.WebSearchBadRange))
	}
	if len(errs) > 0 {
		s.render(w, r, http.StatusBadRequest, "message", message{Title: i18n.T(l, i18n.WebDownloadBad), Text: strings.Join(errs, " ")})
		return f, from, to, false
	}
	return f, from, to, true
}

// disclosureWorkbook is the public-disclosure workbook, as the API's
// GET /api/v1/exports/public-disclosure.xlsx writes it, without sign-in:
// it holds only what is published.
func (s *Server) disclosureWorkbook(w http.ResponseWriter, r *http.Request) {
	f, from, to, ok := s.exportRequest(w, r)
	if !ok {
		return
	}
	ctx, l := r.Context(), lang(r)
	src := exports.Sources{Ledger: s.Ledger, Donations: s.Donations, Goods: s.Goods, Distribution: s.Distribution, Households: s.Households}
	p := exports.Params{Fund: f.Code, From: from, To: to}
	meta := exports.Meta{GeneratedAt: time.Now(), GeneratedBy: i18n.T(l, i18n.WebDownloadMadeBy), English: l == i18n.EN,
		Filters: map[string]string{"fund": f.Code, "from": from.String(), "to": to.String()}}
	title, err := src.Prepare(ctx, "public-disclosure", &p, meta)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	meta.Title = title
	if meta.Head, err = s.Ledger.Head(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="public-disclosure-%s.xlsx"`, f.Code))
	if err := src.Write(ctx, w, "public-disclosure", p, meta); err != nil {
		// The headers are gone: the client gets a cut file. Log it once.
		s.Log.Warn("web: disclosure workbook stopped", "fund", f.Code, "err", err)
	}
}

// csvStart writes the headers of a CSV download and a byte order mark, so
// that Excel reads the Vietnamese letters as UTF-8.
func csvStart(w http.ResponseWriter, name string) *csv.Writer {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	w.Write([]byte("\uFEFF"))
	return csv.NewWriter(w)
}

// receivedCSV is the workbook's first sheet as CSV: every receipt of the
// fund in the period, published fields only; amounts are plain decimals
// for machines, whatever the language of the headers.
func (s *Server) receivedCSV(w http.ResponseWriter, r *http.Request) {
	f, from, to, ok := s.exportRequest(w, r)
	if !ok {
		return
	}
	l := lang(r)
	districts := s.Households.DistrictNames()
	cw := csvStart(w, "received-"+f.Code+".csv")
	cw.Write(texts(l, i18n.ColReceiptNo, i18n.ColReceivedOn, i18n.ColDonor, i18n.ColChannel, i18n.ColBankRef, i18n.ColAmountVND,
		i18n.ColEarmark, i18n.ColStatus, i18n.ColContent))
	err := eachDonation(r.Context(), s.Donations, donations.Filter{FundID: f.ID, From: from, To: to}, func(d donations.Donation) error {
		name := d.PublicName
		if name == donations.AnonymousName {
			name = i18n.T(l, i18n.AnonymousDonor)
		}
		return cw.Write([]string{d.ReceiptNo, d.ReceivedDate.String(), name, i18n.Value(l, "channel", string(d.Channel)), d.BankRef,
			d.Amount.String(), earmarkText(l, districts, d.Earmark), i18n.Value(l, "donation_status", d.Status), donations.MaskNumbers(d.Description)})
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	if err != nil {
		s.Log.Warn("web: received.csv stopped", "fund", f.Code, "err", err)
	}
}

// eachDonation pages through the donations of f, oldest first.
func eachDonation(ctx context.Context, ds *donations.Service, f donations.Filter, each func(donations.Donation) error) error {
	f.Limit = 500
	for {
		page, err := ds.List(ctx, f)
		if err != nil {
			return err
		}
		for _, d := range page {
			if err := each(d); err != nil {
				return err
			}
		}
		if len(page) < f.Limit {
			return nil
		}
		f.AfterID = page[len(page)-1].ID
	}
}

// useCSV is the workbook's use sheet as CSV: by district, as /use shows.
func (s *Server) useCSV(w http.ResponseWriter, r *http.Request) {
	f, from, to, ok := s.exportRequest(w, r)
	if !ok {
		return
	}
	l := lang(r)
	uses, items, districts, err := s.readUse(r, l, f.ID, from, to)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	cw := csvStart(w, "use-"+f.Code+".csv")
	cw.Write(texts(l, i18n.ColDistrict, i18n.ColHouseholdsReached, i18n.ColHouseholdsPaid, i18n.ColToHouseholdsVND, i18n.ColPerHouseholdVND,
		i18n.ColOrganisations, i18n.ColToOrganisationsVND, i18n.ColGoods, i18n.ColGoodsToOrganisations, i18n.ColGoodsToOrganisationsVND))
	goods := func(gs []goodsQty) string {
		var parts []string
		for _, g := range gs {
			parts = append(parts, strings.TrimSpace(g.Name+" "+g.Qty.String()+" "+g.Unit))
		}
		return strings.Join(parts, "; ")
	}
	for _, u := range uses {
		cw.Write([]string{districtName(l, districts, u.District), strconv.Itoa(u.Households), strconv.Itoa(u.PaidHouseholds), u.ToHouseholds.String(),
			u.PerHousehold.String(), strconv.Itoa(u.Organisations), u.ToOrgs.String(), goods(items.list(u.Goods)), goods(items.list(u.GoodsToOrgs)),
			u.GoodsToOrgsValue.String()})
	}
	cw.Flush()
}

func texts(l i18n.Lang, keys ...i18n.Key) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = i18n.T(l, k)
	}
	return out
}
