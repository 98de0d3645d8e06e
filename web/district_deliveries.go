package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	rl "reliefledger"
	"reliefledger/distribution"
	"reliefledger/exports"
	"reliefledger/internal/i18n"
	"reliefledger/ledger"
)

// Deliveries on a phone: pick an approved plan and a commune, see the
// plan's households of that commune with their packages, tick those who
// received theirs and say when and who handed over (the call behind POST
// /api/v1/deliveries), or upload the signed list (POST
// /api/v1/deliveries/import's call). A district officer sees only plans
// with households in their district and only its communes; any other plan
// or commune in the address is the 404 page.

type planOption struct {
	ID    int64
	Title string
	Kind  distribution.Kind
	Item  string
	On    ledger.Date
}

// plansFor lists the approved plans with households in district (every
// approved plan for ""), newest first.
func (s *Server) plansFor(ctx context.Context, district string) ([]planOption, error) {
	plans, err := s.Distribution.Plans(ctx, distribution.PlanFilter{Status: distribution.Approved})
	if err != nil {
		return nil, err
	}
	var out []planOption
	for i := len(plans) - 1; i >= 0; i-- {
		p := plans[i]
		if district != "" {
			hs, err := s.Distribution.PlanHouseholds(ctx, p.ID, district, 0, 1)
			if err != nil {
				return nil, err
			}
			if len(hs) == 0 {
				continue // nothing for this district
			}
		}
		out = append(out, planOption{ID: p.ID, Title: p.Title, Kind: p.Kind, Item: p.Item, On: p.ApprovedOn})
	}
	return out, nil
}

type deliveryRow struct {
	distribution.PlanHousehold
	HeadName, Hamlet string
	Delivered        *distribution.Delivery
}

type communeOption struct {
	commune
	Households, Delivered int
}

type deliveriesPage struct {
	consoleFrame
	Districts             []districtOption
	DistrictPick          string
	Plans                 []planOption
	Plan                  *planOption
	Item                  string
	Communes              []communeOption
	Commune               string
	CommuneName           string
	Rows                  []deliveryRow
	Open                  int // rows not delivered yet
	Recorded              int // after a successful post
	Date, HandedOverBy    string
	Checked               map[string]bool
	CSRF, Idem, SignedKey string
	CanSigned             bool
	Errors                formErrors
	SignedErrors          formErrors
}

// Money reports whether the plan gives đồng (else quantities of Item).
func (p deliveriesPage) Money() bool { return p.Plan != nil && p.Plan.Kind == distribution.Money }

func (s *Server) consoleDeliveries(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, deliveriesCreateRoute)
	if !ok {
		return
	}
	q := r.URL.Query()
	page, ok := s.deliveriesPageOf(w, r, u, q)
	if !ok {
		return
	}
	page.Recorded, _ = strconv.Atoi(q.Get("recorded"))
	page.Date, page.HandedOverBy = s.Ledger.Today().String(), q.Get("by")
	if _, err := ledger.ParseDate(q.Get("date")); err == nil {
		page.Date = q.Get("date")
	}
	s.render(w, r, http.StatusOK, "console_district_deliveries", page)
}

// deliveriesPageOf reads the page's district, plan and commune from v and
// loads what they show; false after answering 404 (another district's, or
// a missing, plan or commune) or an error.
func (s *Server) deliveriesPageOf(w http.ResponseWriter, r *http.Request, u consoleUser, v url.Values) (deliveriesPage, bool) {
	ctx := r.Context()
	district, ok := s.pageDistrict(r, u, v.Get("district"))
	if !ok {
		s.notFound(w, r)
		return deliveriesPage{}, false
	}
	page := deliveriesPage{consoleFrame: s.frame(u), DistrictPick: district, CSRF: u.CSRF, Idem: newFormKey(), SignedKey: newFormKey(),
		Checked: map[string]bool{}, CanSigned: u.may[deliveriesSignedRoute]}
	if districtScope(u) == "" {
		page.Districts = s.districtOptions()
	}
	planID, err := strconv.ParseInt(v.Get("plan"), 10, 64)
	if v.Get("plan") != "" && (err != nil || planID <= 0 || district == "") {
		s.notFound(w, r)
		return page, false
	}
	if district == "" {
		return page, true // a province-wide role picks a district first
	}
	plans, err := s.plansFor(ctx, district)
	if err != nil {
		s.serverError(w, r, err)
		return page, false
	}
	page.Plans = plans
	for i, p := range plans {
		if p.ID == planID {
			page.Plan, page.Item = &page.Plans[i], p.Item
		}
	}
	if planID != 0 && page.Plan == nil {
		s.notFound(w, r)
		return page, false
	}
	if page.Plan == nil {
		return page, true
	}
	hs, err := s.Distribution.PlanHouseholds(ctx, planID, district, 0, 0)
	if err != nil {
		s.serverError(w, r, err)
		return page, false
	}
	ds, err := s.Distribution.Deliveries(ctx, distribution.DeliveryFilter{PlanID: planID, District: district}, districtScope(u))
	if err != nil {
		s.serverError(w, r, err)
		return page, false
	}
	delivered := map[int64]*distribution.Delivery{}
	for i := range ds {
		delivered[ds[i].HouseholdID] = &ds[i]
	}
	counts := map[string]*communeOption{}
	for _, h := range hs {
		if !h.Amount.IsPositive() {
			continue
		}
		c := counts[h.Commune]
		if c == nil {
			c = &communeOption{commune: commune{Code: h.Commune, Name: s.communeName(h.Commune)}}
			counts[h.Commune] = c
		}
		c.Households++
		if delivered[h.HouseholdID] != nil {
			c.Delivered++
		}
	}
	for _, c := range counts {
		page.Communes = append(page.Communes, *c)
	}
	sort.Slice(page.Communes, func(i, j int) bool { return page.Communes[i].Code < page.Communes[j].Code })
	page.Commune = v.Get("commune")
	if page.Commune == "" {
		return page, true
	}
	if d, ok := s.Households.Tree().DistrictOf(page.Commune); !ok || d.Code != district || counts[page.Commune] == nil {
		s.notFound(w, r)
		return page, false
	}
	page.CommuneName = s.communeName(page.Commune)
	var codes []string
	for _, h := range hs {
		if h.Commune == page.Commune && h.Amount.IsPositive() {
			page.Rows = append(page.Rows, deliveryRow{PlanHousehold: h, Delivered: delivered[h.HouseholdID]})
			codes = append(codes, h.Code)
		}
	}
	byCode, err := s.Households.ByCodes(ctx, codes)
	if err != nil {
		s.serverError(w, r, err)
		return page, false
	}
	for i := range page.Rows {
		h := byCode[page.Rows[i].Code]
		page.Rows[i].HeadName, page.Rows[i].Hamlet = h.HeadName, h.Hamlet
		if page.Rows[i].Delivered == nil {
			page.Open++
		}
	}
	return page, true
}

// backTo is the page's address for a plan and commune (and district).
func backTo(v url.Values, recorded int) string {
	q := url.Values{}
	for _, k := range []string{"district", "plan", "commune"} {
		if v.Get(k) != "" {
			q.Set(k, v.Get(k))
		}
	}
	q.Set("recorded", strconv.Itoa(recorded))
	// The next batch of the day is usually handed over by the same person.
	if v.Get("date") != "" {
		q.Set("date", v.Get("date"))
	}
	if v.Get("handed_over_by") != "" {
		q.Set("by", v.Get("handed_over_by"))
	}
	return withQuery("/console/deliveries", q)
}

var deliveryFieldRe = regexp.MustCompile(`^deliveries\[(\d+)\]\.(\w+)$`)

// consoleDeliver records the ticked households' deliveries, all or none.
func (s *Server) consoleDeliver(w http.ResponseWriter, r *http.Request) {
	u, ok := s.consoleWrite(w, r, deliveriesCreateRoute, 0)
	if !ok {
		return
	}
	pf := r.PostForm
	page, ok := s.deliveriesPageOf(w, r, u, pf)
	if !ok {
		return
	}
	if page.Plan == nil || page.Commune == "" {
		s.notFound(w, r)
		return
	}
	l := lang(r)
	page.Date, page.HandedOverBy = strings.TrimSpace(pf.Get("date")), pf.Get("handed_over_by")
	b := distribution.DeliveryBatch{Plan: page.Plan.ID}
	var fe rl.Fields
	date, derr := ledger.ParseDate(page.Date)
	if derr != nil {
		fe.Add("date", "%s", i18n.T(l, i18n.ConsoleDistrictBadDate))
	}
	codes := pf["household"]
	if len(codes) == 0 {
		fe.Add("household", "%s", i18n.T(l, i18n.ConsoleDistrictNoneTicked))
	}
	for _, c := range codes {
		page.Checked[c] = true
		b.Items = append(b.Items, distribution.DeliveryInput{Household: c, Date: date, HandedOverBy: page.HandedOverBy})
	}
	err := fe.Err()
	var ds []distribution.Delivery
	if err == nil {
		var a ledger.Actor
		if a, err = formActor(u, r); err == nil {
			ds, _, err = s.Distribution.Deliver(r.Context(), a, districtScope(u), b)
		}
	}
	s.deliveryAnswer(w, r, u, page, "/console/deliveries", ds, err, pf, func(p *deliveriesPage, e formErrors) { p.Errors = e })
}

// deliveryAnswer audits a delivery form and answers: a redirect to the
// list after recording, the page with the form's errors otherwise.
func (s *Server) deliveryAnswer(w http.ResponseWriter, r *http.Request, u consoleUser, page deliveriesPage, route string,
	ds []distribution.Delivery, err error, v url.Values, set func(*deliveriesPage, formErrors)) {
	status := http.StatusCreated
	var first, last int64
	for _, d := range ds {
		if first == 0 || d.EntryID < first {
			first = d.EntryID
		}
		last = max(last, d.EntryID)
	}
	if err != nil {
		status = statusOf(err)
	}
	target := "allocation-plan:" + strconv.FormatInt(page.Plan.ID, 10)
	if aerr := s.auditWrite(r, u, route, target, status, first, last); aerr != nil {
		s.serverError(w, r, aerr)
		return
	}
	if err == nil {
		http.Redirect(w, r, backTo(v, len(ds)), http.StatusSeeOther)
		return
	}
	errs, ok := errorsOf(err)
	if !ok {
		s.serverError(w, r, err)
		return
	}
	if e, ok := rl.AsError(err); ok && e.Code == "already-delivered" {
		if m := alreadyDelivered.FindStringSubmatch(e.Message); m != nil {
			errs.General = []string{i18n.F(lang(r), i18n.ConsoleDistrictAlreadyDelivered, m[1])}
		}
	}
	// One date and one name for every ticked row: a row's message goes
	// next to the input it came from, once.
	out := formErrors{Fields: map[string]string{}, General: errs.General}
	for k, msg := range errs.Fields {
		m := deliveryFieldRe.FindStringSubmatch(k)
		field := k
		if m != nil {
			field = m[2]
		}
		switch field {
		case "date", "handed_over_by", "household", "file", "plan":
			if _, dup := out.Fields[field]; !dup {
				out.Fields[field] = deliveryMessage(lang(r), field, msg)
			}
		default:
			out.General = append(out.General, msg)
		}
	}
	sort.Strings(out.General)
	set(&page, out)
	s.render(w, r, status, "console_district_deliveries", page)
}

// consoleDeliverSigned records the deliveries of an uploaded signed list of
// the plan (the distribution-list workbook, rows marked received).
func (s *Server) consoleDeliverSigned(w http.ResponseWriter, r *http.Request) {
	u, ok := s.consoleWrite(w, r, deliveriesSignedRoute, maxUploadFormBytes)
	if !ok {
		return
	}
	pf := r.PostForm
	page, ok := s.deliveriesPageOf(w, r, u, pf)
	if !ok {
		return
	}
	if page.Plan == nil {
		s.notFound(w, r)
		return
	}
	l := lang(r)
	page.Date, page.HandedOverBy = s.Ledger.Today().String(), pf.Get("handed_over_by")
	list := distribution.SignedList{Plan: page.Plan.ID, HandedOverBy: page.HandedOverBy}
	var err error
	var ds []distribution.Delivery
	f, fh, ferr := r.FormFile("file")
	var body []byte
	if ferr == nil {
		defer f.Close()
		body, ferr = io.ReadAll(f)
	}
	if ferr != nil || len(body) == 0 {
		err = rl.InvalidFields(rl.FieldError{Field: "file", Message: i18n.T(l, i18n.ConsoleDistrictNoFile)})
	} else {
		list.File = fh.Filename
		list.Rows, err = exports.ReadDistributionList(bytes.NewReader(body), defaultLimits)
	}
	if err == nil {
		sum := sha256.Sum256(body)
		var a ledger.Actor
		if a, err = formActor(u, r, hex.EncodeToString(sum[:])); err == nil {
			ds, _, err = s.Distribution.DeliverSigned(r.Context(), a, districtScope(u), list)
		}
	}
	if e, ok := rl.AsError(err); ok && len(e.Fields) > 0 {
		// Sheet!row problems of the file: shown as a list under the upload.
		var general []string
		for _, fe := range e.Fields {
			if fe.Field == "file" {
				continue
			}
			general = append(general, fmt.Sprintf("%s: %s", fe.Field, fe.Message))
		}
		if len(general) > 0 {
			err = rl.Errorf(e.Kind, "%s", strings.Join(general, "\n"))
		}
	}
	s.deliveryAnswer(w, r, u, page, "/console/deliveries/signed", ds, err, pf, func(p *deliveriesPage, e formErrors) {
		if e.Fields["file"] == "" && len(e.General) > 0 {
			var lines []string
			for _, g := range e.General {
				lines = append(lines, strings.Split(g, "\n")...)
			}
			e.General = lines
		}
		p.SignedErrors = e
	})
}

var (
	alreadyDelivered = regexp.MustCompile(`already delivered to (.*); a household receives`)
	beforeApproval   = regexp.MustCompile(`^is before the approval \(([0-9-]+)\)`)
)

// deliveryMessage says in the page's language the domain's commonest
// refusals of a delivery's date and name; others stay as the API words them.
func deliveryMessage(l i18n.Lang, field, msg string) string {
	switch {
	case field == "date" && beforeApproval.MatchString(msg):
		d, err := ledger.ParseDate(beforeApproval.FindStringSubmatch(msg)[1])
		if err == nil {
			return i18n.F(l, i18n.ConsoleDistrictBeforeApproval, l.Date(d))
		}
	case field == "date" && msg == "is in the future":
		return i18n.T(l, i18n.ConsoleDistrictFutureDate)
	case field == "handed_over_by":
		return i18n.T(l, i18n.ConsoleDistrictHandedOverBy)
	}
	return msg
}
