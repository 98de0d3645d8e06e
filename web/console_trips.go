package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/distribution"
	"reliefledger/ledger"
)

// Relief trips and frontline support in the console: the trips the user
// may see and a form for a new one (one goods line and one money line),
// through distribution.Service.CreateTrip as POST /api/v1/relief-trips.

const (
	routeTrips      = "GET /api/v1/relief-trips"
	routeCreateTrip = "POST /api/v1/relief-trips"
)

// tripForm is the form's values as typed.
type tripForm struct {
	Fund, Kind, Destination, Inside, From, To, Organisation, People, Note, Proof string
	Warehouse, Item, Quantity, Account, Amount                                   string
}

type tripsPage struct {
	consoleFrame
	CSRF, Idem string
	MayCreate  bool
	Form       tripForm
	Errs       formErrors
	Funds      []ledger.FundSummary
	Items      []ledger.Item
	Warehouses []fundWarehouseOption
	Trips      []distribution.Trip
	Recorded   int64
}

func (s *Server) fillTrips(r *http.Request, u consoleUser, page *tripsPage) error {
	ctx := r.Context()
	var err error
	if page.Funds, err = s.Ledger.FundSummaries(ctx); err != nil {
		return err
	}
	if page.Items, err = s.Ledger.Items(ctx); err != nil {
		return err
	}
	whs, err := s.Goods.Warehouses(ctx)
	if err != nil {
		return err
	}
	for _, wh := range whs {
		if u.User.Role != access.DistrictOfficer || wh.District == u.User.District {
			page.Warehouses = append(page.Warehouses, fundWarehouseOption{Code: wh.Code, Name: wh.Name})
		}
	}
	if page.Trips, err = s.Distribution.Trips(ctx, distribution.TripFilter{Limit: 200}, tripScope(u)); err != nil {
		return err
	}
	page.MayCreate, page.CSRF = u.may[routeCreateTrip], u.CSRF
	if page.Idem == "" {
		page.Idem = newFormKey()
	}
	return nil
}

func tripScope(u consoleUser) string {
	if u.User.Role != access.DistrictOfficer {
		return ""
	}
	if u.User.District == "" {
		return "\x00none"
	}
	return u.User.District
}

func (s *Server) consoleTrips(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, routeTrips)
	if !ok {
		return
	}
	page := tripsPage{consoleFrame: s.frame(u), Form: tripForm{Kind: string(distribution.TripRelief), Inside: "false",
		From: ledger.DateOf(time.Now()).String()}}
	page.Recorded, _ = strconv.ParseInt(r.URL.Query().Get("recorded"), 10, 64)
	if err := s.fillTrips(r, u, &page); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "console_trips", page)
}

// readTrip reads the posted form; bad numbers and dates are field errors.
func readTrip(r *http.Request) (tripForm, distribution.TripInput, rl.Fields) {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := tripForm{Fund: v("fund"), Kind: v("kind"), Destination: v("destination"), Inside: v("inside_province"), From: v("date_from"), To: v("date_to"),
		Organisation: v("organisation"), People: v("people_reached"), Note: v("note"), Proof: v("proof"), Warehouse: v("warehouse"), Item: v("item"),
		Quantity: v("quantity"), Account: v("account"), Amount: v("amount")}
	in := distribution.TripInput{Fund: f.Fund, Kind: distribution.TripKind(f.Kind), Destination: f.Destination, InsideProvince: f.Inside == "true",
		Organisation: f.Organisation, Note: f.Note}
	var fe rl.Fields
	date := func(field, s string) ledger.Date {
		if s == "" {
			return ledger.Date{}
		}
		d, err := ledger.ParseDate(s)
		if err != nil {
			fe.Add(field, "%q is not a date (YYYY-MM-DD)", s)
		}
		return d
	}
	num := func(field, s string) decimal.Decimal {
		d, err := decimal.NewFromString(groupedDigits(s))
		if err != nil {
			fe.Add(field, "%q is not a number", s)
		}
		return d
	}
	in.From, in.To = date("date_from", f.From), date("date_to", f.To)
	if f.People != "" {
		n, err := strconv.Atoi(groupedDigits(f.People))
		if err != nil {
			fe.Add("people_reached", "%q is not a number", f.People)
		}
		in.PeopleReached = n
	}
	if f.Proof != "" {
		in.Proofs = []string{f.Proof}
	}
	if f.Quantity != "" {
		in.Goods = []distribution.TripGoodsInput{{Warehouse: f.Warehouse, Item: f.Item, Quantity: num("goods[0].quantity", f.Quantity)}}
	}
	if f.Amount != "" {
		in.Money = []distribution.TripMoneyInput{{Account: f.Account, Amount: num("money[0].amount", f.Amount)}}
	}
	return f, in, fe
}

// consoleCreateTrip records a trip from the form.
func (s *Server) consoleCreateTrip(w http.ResponseWriter, r *http.Request) {
	u, ok := s.consoleWrite(w, r, routeCreateTrip, 0)
	if !ok {
		return
	}
	form, in, fe := readTrip(r)
	page := tripsPage{consoleFrame: s.frame(u), Form: form, Idem: r.PostFormValue(idemField)}
	refuse := func(err error) {
		errs, ok := errorsOf(err)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		page.Errs = s.translateErrors(lang(r), errs)
		if err := s.fillTrips(r, u, &page); err != nil {
			s.serverError(w, r, err)
			return
		}
		s.render(w, r, statusOf(err), "console_trips", page)
	}
	if err := fe.Err(); err != nil {
		refuse(err)
		return
	}
	a, err := formActor(u, r)
	if err != nil {
		refuse(err)
		return
	}
	ctx, audited := s.inAudit(r, u, "/console/trips", "", http.StatusCreated)
	t, _, err := s.Distribution.CreateTrip(ctx, a, tripScope(u), in)
	if err != nil {
		refuse(err)
		return
	}
	if err := audited(); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/trips?recorded="+strconv.FormatInt(t.ID, 10), http.StatusSeeOther)
}
