package api

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
	"reliefledger/distribution"
)

// Relief trips and frontline support: /api/v1/relief-trips.

func init() {
	schemaTypes["ReliefTrip"] = tripJSON{}
	schemaTypes["ReliefTripList"] = listJSON[tripJSON]{}
	schemaTypes["ReliefTripCreate"] = tripCreateJSON{}
}

type tripGoodsInJSON struct {
	Warehouse   string `json:"warehouse" jsonschema_description:"warehouse code, e.g. PROV"`
	Item        string `json:"item" jsonschema_description:"item code, e.g. RICE"`
	Quantity    string `json:"quantity" jsonschema:"format=decimal" jsonschema_description:"in the item's unit"`
	Unit        string `json:"unit,omitempty" jsonschema_description:"the item's unit; refused when it is another"`
	Designation string `json:"designation,omitempty" jsonschema_description:"take earmarked stock, e.g. purpose:covid; unrestricted when absent"`
}

type tripMoneyInJSON struct {
	Account string `json:"account" jsonschema_description:"the fund's cash or bank account (or a designated twin), FUND:CODE, e.g. POOR:1120"`
	Amount  string `json:"amount" jsonschema:"format=decimal" jsonschema_description:"đồng"`
}

type tripCreateJSON struct {
	Fund           string            `json:"fund" jsonschema_description:"fund code, e.g. COVID"`
	Kind           string            `json:"kind" jsonschema:"enum=trip,enum=frontline" jsonschema_description:"trip: a relief trip (chuyến xe nghĩa tình); frontline: support to checkpoints, quarantine sites, medical staff"`
	Destination    string            `json:"destination" jsonschema_description:"where the trip went, e.g. TP. Hồ Chí Minh"`
	InsideProvince *bool             `json:"inside_province" jsonschema_description:"whether the destination is inside the province"`
	DateFrom       string            `json:"date_from" jsonschema:"format=date" jsonschema_description:"the first day; the manifest's entry is dated this day"`
	DateTo         string            `json:"date_to,omitempty" jsonschema:"format=date" jsonschema_description:"the last day; date_from when absent"`
	Organisation   string            `json:"organisation" jsonschema_description:"the organisation or group served"`
	PeopleReached  int               `json:"people_reached,omitempty" jsonschema_description:"people who received the aid"`
	Note           string            `json:"note,omitempty"`
	Proofs         []string          `json:"proofs,omitempty" jsonschema_description:"proof documents: references, file names or URLs, at most 20"`
	Goods          []tripGoodsInJSON `json:"goods,omitempty" jsonschema_description:"goods lines, issued at average cost"`
	Money          []tripMoneyInJSON `json:"money,omitempty" jsonschema_description:"money lines"`
}

type tripGoodsJSON struct {
	Warehouse   string `json:"warehouse"`
	Item        string `json:"item"`
	Designation string `json:"designation,omitempty"`
	Quantity    string `json:"quantity" jsonschema:"format=decimal"`
	Value       string `json:"value" jsonschema:"format=decimal" jsonschema_description:"đồng at average cost"`
}

type tripMoneyJSON struct {
	Account     string `json:"account" jsonschema_description:"FUND:CODE"`
	Designation string `json:"designation,omitempty"`
	Amount      string `json:"amount" jsonschema:"format=decimal" jsonschema_description:"đồng"`
}

type tripReversalJSON struct {
	EntryID int64  `json:"entry_id"`
	Date    string `json:"date" jsonschema:"format=date"`
	Reason  string `json:"reason"`
}

type tripJSON struct {
	ID             int64             `json:"id"`
	Fund           string            `json:"fund"`
	Kind           string            `json:"kind" jsonschema:"enum=trip,enum=frontline"`
	SourceType     string            `json:"source_type" jsonschema:"enum=relief-trip,enum=frontline-support" jsonschema_description:"the source type of its journal entry"`
	Destination    string            `json:"destination"`
	InsideProvince bool              `json:"inside_province"`
	DateFrom       string            `json:"date_from" jsonschema:"format=date"`
	DateTo         string            `json:"date_to" jsonschema:"format=date"`
	Organisation   string            `json:"organisation"`
	PeopleReached  int               `json:"people_reached"`
	Note           string            `json:"note,omitempty"`
	Proofs         []string          `json:"proofs"`
	District       string            `json:"district,omitempty" jsonschema_description:"the district whose warehouses the goods left; absent for the province's"`
	Goods          []tripGoodsJSON   `json:"goods"`
	Money          []tripMoneyJSON   `json:"money"`
	MoneyTotal     string            `json:"money_total" jsonschema:"format=decimal" jsonschema_description:"đồng"`
	GoodsValue     string            `json:"goods_value" jsonschema:"format=decimal" jsonschema_description:"đồng at average cost"`
	EntryID        int64             `json:"entry_id"`
	Reversal       *tripReversalJSON `json:"reversal,omitempty" jsonschema_description:"present once the trip is cancelled by reversing its entry"`
	CreatedBy      int64             `json:"created_by"`
	CreatedAt      string            `json:"created_at" jsonschema:"format=date-time"`
}

func tripOut(t distribution.Trip) tripJSON {
	out := tripJSON{ID: t.ID, Fund: t.Fund, Kind: string(t.Kind), SourceType: t.Kind.SourceType(), Destination: t.Destination,
		InsideProvince: t.InsideProvince, DateFrom: t.From.String(), DateTo: t.To.String(), Organisation: t.Organisation,
		PeopleReached: t.PeopleReached, Note: t.Note, Proofs: t.Proofs, District: t.District, Goods: []tripGoodsJSON{}, Money: []tripMoneyJSON{},
		MoneyTotal: t.MoneyTotal().String(), GoodsValue: t.GoodsValue().String(), EntryID: t.EntryID, CreatedBy: t.CreatedBy, CreatedAt: timestamp(t.CreatedAt)}
	if out.Proofs == nil {
		out.Proofs = []string{}
	}
	for _, g := range t.Goods {
		out.Goods = append(out.Goods, tripGoodsJSON{Warehouse: g.Warehouse, Item: g.Item, Designation: g.Designation, Quantity: g.Quantity.String(), Value: g.Value.String()})
	}
	for _, m := range t.Money {
		out.Money = append(out.Money, tripMoneyJSON{Account: t.Fund + ":" + m.Account, Designation: m.Designation, Amount: m.Amount.String()})
	}
	if t.Reversed() {
		out.Reversal = &tripReversalJSON{EntryID: t.ReversalEntryID, Date: t.ReversedOn.String(), Reason: t.ReverseReason}
	}
	return out
}

func (s *Server) createTrip(c *gin.Context) {
	var req tripCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	var p parser
	in := distribution.TripInput{Fund: req.Fund, Kind: distribution.TripKind(req.Kind), Destination: req.Destination,
		From: p.date("date_from", req.DateFrom), To: p.date("date_to", req.DateTo), Organisation: req.Organisation,
		PeopleReached: req.PeopleReached, Note: req.Note, Proofs: req.Proofs}
	if req.InsideProvince == nil {
		p.fe.Add("inside_province", "is required: true when the destination is inside the province")
	} else {
		in.InsideProvince = *req.InsideProvince
	}
	for i, g := range req.Goods {
		in.Goods = append(in.Goods, distribution.TripGoodsInput{Warehouse: g.Warehouse, Item: g.Item, Unit: g.Unit, Designation: g.Designation,
			Quantity: p.required(fmt.Sprintf("goods[%d].quantity", i), g.Quantity, "the item's unit")})
	}
	for i, m := range req.Money {
		in.Money = append(in.Money, distribution.TripMoneyInput{Account: m.Account, Amount: p.required(fmt.Sprintf("money[%d].amount", i), m.Amount, "đồng")})
	}
	if err := p.err(); err != nil {
		s.fail(c, err)
		return
	}
	t, replayed, err := s.Distribution.CreateTrip(c.Request.Context(), actor(c), districtScope(c), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "relief-trip", t.ID)
	created(c, replayed, tripOut(t))
}

func (s *Server) listTrips(c *gin.Context) {
	limit, after, err := page(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var fe rl.Fields
	f := distribution.TripFilter{Kind: distribution.TripKind(c.Query("kind")), From: queryDate(c, "from", &fe), To: queryDate(c, "to", &fe),
		AfterID: after, Limit: limit + 1}
	if k := f.Kind; k != "" && k != distribution.TripRelief && k != distribution.TripFrontline {
		fe.Add("kind", "must be trip or frontline")
	}
	if err := fe.Err(); err != nil {
		s.fail(c, err)
		return
	}
	if f.FundID, err = s.fundParam(c); err != nil {
		s.fail(c, err)
		return
	}
	ts, err := s.Distribution.Trips(c.Request.Context(), f, districtScope(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, paged(ts, limit, func(t distribution.Trip) int64 { return t.ID }, tripOut))
}

func (s *Server) getTrip(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.Distribution.Trip(c.Request.Context(), id, districtScope(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, tripOut(t))
}

func (s *Server) reverseTrip(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req reverseJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	var p parser
	date := p.date("date", req.Date)
	if err := p.err(); err != nil {
		s.fail(c, err)
		return
	}
	t, replayed, err := s.Distribution.ReverseTrip(c.Request.Context(), actor(c), id, districtScope(c), req.Reason, date)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "relief-trip", t.ID)
	created(c, replayed, tripOut(t))
}

type publicTripJSON struct {
	ID             int64      `json:"id"`
	Kind           string     `json:"kind" jsonschema:"enum=trip,enum=frontline"`
	DateFrom       string     `json:"date_from" jsonschema:"format=date"`
	DateTo         string     `json:"date_to" jsonschema:"format=date"`
	Destination    string     `json:"destination"`
	InsideProvince bool       `json:"inside_province"`
	Organisation   string     `json:"organisation"`
	PeopleReached  int        `json:"people_reached"`
	District       string     `json:"district,omitempty" jsonschema_description:"the district whose warehouses the goods left; absent for the province's"`
	Money          string     `json:"money" jsonschema:"format=decimal" jsonschema_description:"đồng"`
	Goods          decimalMap `json:"goods" jsonschema_description:"quantity by item"`
	GoodsValue     string     `json:"goods_value" jsonschema:"format=decimal" jsonschema_description:"đồng at average cost"`
	Reversed       bool       `json:"reversed" jsonschema_description:"cancelled: its entry was reversed"`
}

// publicTrips is what the disclosure shows of trips: no proofs, notes or
// accounts.
func publicTrips(ts []distribution.Trip) []publicTripJSON {
	out := make([]publicTripJSON, 0, len(ts))
	for _, t := range ts {
		out = append(out, publicTripJSON{ID: t.ID, Kind: string(t.Kind), DateFrom: t.From.String(), DateTo: t.To.String(), Destination: t.Destination,
			InsideProvince: t.InsideProvince, Organisation: t.Organisation, PeopleReached: t.PeopleReached, District: t.District,
			Money: t.MoneyTotal().String(), Goods: decimalStrings(t.GoodsByItem()), GoodsValue: t.GoodsValue().String(), Reversed: t.Reversed()})
	}
	return out
}
