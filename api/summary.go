package api

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/households"
	"reliefledger/reports"
)

// summaryService is the report service the server was given, or one over
// its own services.
func (s *Server) summaryService() *reports.Service {
	if s.Reports != nil {
		return s.Reports
	}
	rs := &reports.Service{Ledger: s.Ledger, Donations: s.Donations, Goods: s.Goods, Distribution: s.Distribution, Households: s.Households}
	if s.Checkpoints != nil {
		rs.Checkpoints = s.Checkpoints
	}
	return rs
}

// summaryInput reads the report's query: fund (required), from, to,
// district (a district officer's own, whatever they ask; another answers
// as a missing one), deadline_days and rule_set.
func (s *Server) summaryInput(c *gin.Context) (reports.Input, error) {
	var fe rl.Fields
	in := reports.Input{Fund: c.Query("fund"), From: queryDate(c, "from", &fe), To: queryDate(c, "to", &fe), RuleSet: c.Query("rule_set")}
	if in.Fund == "" && c.Query("campaign") == "" {
		fe.Add("fund", "is required, e.g. fund=POOR (or campaign=COVID-2021)")
	}
	if v := c.Query("deadline_days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 3650 {
			fe.Add("deadline_days", "must be a number of days from 0 (unknown) to 3650")
		}
		in.DeadlineDays = n
	}
	if code := c.Query("campaign"); code != "" && fe.Err() == nil {
		if err := s.summaryCampaign(c, code, &in, &fe); err != nil {
			return in, err
		}
	}
	if !in.From.IsZero() && !in.To.IsZero() && in.To.Before(in.From) {
		fe.Add("to", "must not be before from")
	}
	if err := fe.Err(); err != nil {
		return in, err
	}
	var err error
	in.District, err = s.districtFilter(c)
	return in, err
}

// summaryCampaign narrows a summary to a campaign: its fund (a fund given
// must be the campaign's), its period from its first day unless from is
// given, and its rule set's delivery deadline instead of deadline_days.
// An unknown campaign is a field error.
func (s *Server) summaryCampaign(c *gin.Context, code string, in *reports.Input, fe *rl.Fields) error {
	if s.Campaigns == nil {
		return rl.Errorf(rl.Internal, "campaigns are not configured")
	}
	cp, err := s.Campaigns.Get(c.Request.Context(), code)
	if rl.ErrorKind(err) == rl.NotFound {
		fe.Add("campaign", "no campaign has this code")
		return nil
	}
	if err != nil {
		return err
	}
	if in.Fund != "" && !strings.EqualFold(in.Fund, cp.FundCode) {
		fe.Add("fund", "the campaign %s is of fund %s", cp.Code, cp.FundCode)
		return nil
	}
	if c.Query("deadline_days") != "" {
		fe.Add("deadline_days", "give a campaign or deadline_days, not both: the campaign's rule set fixes the deadline")
		return nil
	}
	cs := &campaignScope{campaign: cp, deadline: s.Campaigns.Deadline(cp)}
	in.Fund, in.Campaign, in.RuleSet, in.DeadlineDays, in.Due = cp.FundCode, cp.Code, cs.deadline.RuleSet.Code, 0, cs.due()
	if in.From.IsZero() {
		in.From = cp.From
	}
	return nil
}

func (s *Server) getSummary(c *gin.Context) {
	in, err := s.summaryInput(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	r, err := s.summaryService().Summary(c.Request.Context(), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := summaryOut(r)
	if r.Campaign != "" {
		cp, err := s.Campaigns.Get(c.Request.Context(), r.Campaign)
		if err != nil {
			s.fail(c, err)
			return
		}
		dl := deadlineOut(s.Campaigns.Deadline(cp))
		out.Deadline = &dl
	}
	c.JSON(http.StatusOK, out)
}

type goodsJSON struct {
	Item     string `json:"item"`
	Quantity string `json:"quantity" jsonschema:"format=decimal"`
	Value    string `json:"value" jsonschema:"format=decimal" jsonschema_description:"đồng"`
}

type stockGoodsJSON struct {
	Warehouse string `json:"warehouse"`
	goodsJSON
}

type quantityJSON struct {
	Item     string `json:"item"`
	Quantity string `json:"quantity" jsonschema:"format=decimal"`
}

type receivedJSON struct {
	Total        string            `json:"total" jsonschema:"format=decimal" jsonschema_description:"đồng of money and goods received in the period, less voids dated in it"`
	ByChannel    map[string]string `json:"by_channel" jsonschema_description:"cash, bank, in_kind (unknown: no donation record)"`
	ByDonorKind  map[string]string `json:"by_donor_kind" jsonschema_description:"individual, organisation, business, religious, overseas; unknown for a donor known by name only"`
	ByProvince   map[string]string `json:"by_province" jsonschema_description:"inside, outside the province (the donor's record); unknown for a donor known by name only"`
	Earmarked    string            `json:"earmarked" jsonschema:"format=decimal"`
	Unrestricted string            `json:"unrestricted" jsonschema:"format=decimal"`
	Donations    int               `json:"donations" jsonschema_description:"receipts received in the period"`
}

type aidJSON struct {
	Value   string      `json:"value" jsonschema:"format=decimal" jsonschema_description:"đồng, money and goods at cost"`
	Money   string      `json:"money" jsonschema:"format=decimal"`
	Goods   []goodsJSON `json:"goods"`
	Entries int         `json:"entries" jsonschema_description:"journal entries that carried it, less their reversals"`
}

type categoryAidJSON struct {
	Category   string         `json:"category" jsonschema:"enum=poor,enum=near_poor"`
	Households int            `json:"households" jsonschema_description:"households reached"`
	Money      string         `json:"money" jsonschema:"format=decimal"`
	Goods      []quantityJSON `json:"goods"`
}

type distributedJSON struct {
	ToHouseholds     aidJSON           `json:"to_households"`
	ToOrganisations  aidJSON           `json:"to_organisations" jsonschema_description:"aid to organisations (5200) other than trips and frontline support"`
	ReliefTrips      aidJSON           `json:"relief_trips" jsonschema_description:"entries whose source is a relief-trip"`
	FrontlineSupport aidJSON           `json:"frontline_support" jsonschema_description:"entries whose source is frontline-support"`
	ByCategory       []categoryAidJSON `json:"by_category" jsonschema_description:"what deliveries gave households, by category"`
}

type onHandJSON struct {
	Money          string           `json:"money" jsonschema:"format=decimal" jsonschema_description:"cash and bank at the end of the period"`
	MoneyEarmarked string           `json:"money_earmarked" jsonschema:"format=decimal"`
	Goods          []stockGoodsJSON `json:"goods" jsonschema_description:"by warehouse and item"`
}

type outstandingJSON struct {
	Money string      `json:"money" jsonschema:"format=decimal"`
	Goods []goodsJSON `json:"goods"`
}

type summaryRequestsJSON struct {
	Waiting      int            `json:"waiting" jsonschema_description:"requests not decided at the head"`
	WaitingMoney string         `json:"waiting_money" jsonschema:"format=decimal"`
	WaitingGoods []quantityJSON `json:"waiting_goods"`
	ApprovedOpen int            `json:"approved_open" jsonschema_description:"approved requests not delivered in full by the end of the period"`
}

type summaryDeliveriesJSON struct {
	Count int  `json:"count"`
	Late  *int `json:"late" jsonschema:"nullable" jsonschema_description:"later than deadline_days after their approval, or with a campaign after its due date; null when the deadline is unknown"`
}

type figuresJSON struct {
	District    string                `json:"district" jsonschema_description:"a district's code; empty for the whole report (total) or the province's own part"`
	Received    receivedJSON          `json:"received"`
	Goods       []goodsJSON           `json:"goods_received"`
	Distributed distributedJSON       `json:"distributed"`
	OnHand      onHandJSON            `json:"on_hand"`
	Outstanding outstandingJSON       `json:"approved_not_delivered" jsonschema_description:"allocated to the district (1310) and not delivered"`
	Requests    summaryRequestsJSON   `json:"requests"`
	Deliveries  summaryDeliveriesJSON `json:"deliveries"`
	Unreached   categoryCounts        `json:"unreached" jsonschema_description:"active households no delivery of the fund reached in the period"`
}

type summaryCheckpointJSON struct {
	checkpointJSON
	Covers bool `json:"covers_head" jsonschema_description:"true: the signed entry is the head or later, so the signature covers every entry the figures read"`
}

type summaryReportJSON struct {
	Fund          string                 `json:"fund"`
	From          string                 `json:"from,omitempty"`
	To            string                 `json:"to"`
	District      string                 `json:"district,omitempty" jsonschema_description:"set when the report is one district's"`
	DeadlineDays  int                    `json:"deadline_days" jsonschema_description:"0: unknown (with campaign: 0, the campaign's deadline counts)"`
	RuleSet       string                 `json:"rule_set,omitempty"`
	Campaign      string                 `json:"campaign,omitempty" jsonschema_description:"the campaign's code (with ?campaign=): its period and its rule set's delivery deadline"`
	Deadline      *deadlineJSON          `json:"deadline,omitempty" jsonschema_description:"with ?campaign=: the delivery deadline late deliveries were counted by; when not known, late is null"`
	Head          headJSON               `json:"head" jsonschema_description:"the journal head every figure was computed at"`
	Checkpoint    *summaryCheckpointJSON `json:"checkpoint" jsonschema:"nullable"`
	ClosedThrough string                 `json:"closed_through,omitempty" jsonschema_description:"the fund's books are closed through this date"`
	PeriodClosed  *bool                  `json:"period_closed,omitempty"`
	Total         figuresJSON            `json:"total"`
	Parts         []figuresJSON          `json:"parts" jsonschema_description:"the districts' parts, then the province's own (district empty): they sum to total exactly"`
}

func summaryOut(r reports.Summary) summaryReportJSON {
	out := summaryReportJSON{Fund: r.Fund.Code, To: r.To.String(), District: r.District, DeadlineDays: r.DeadlineDays, RuleSet: r.RuleSet,
		Head: headJSON{LastID: r.Head.LastID, LastHash: r.Head.LastHash}, PeriodClosed: r.PeriodClosed, Total: figuresOut(r.Total, r.LateCounted()), Campaign: r.Campaign}
	if !r.From.IsZero() {
		out.From = r.From.String()
	}
	if r.ClosedThrough != nil {
		out.ClosedThrough = r.ClosedThrough.String()
	}
	if r.Checkpoint != nil {
		out.Checkpoint = &summaryCheckpointJSON{checkpointJSON: checkpointOut(r.Checkpoint.Checkpoint), Covers: r.Checkpoint.Covers}
	}
	for _, p := range r.Parts {
		out.Parts = append(out.Parts, figuresOut(p, r.LateCounted()))
	}
	return out
}

func figuresOut(f reports.Figures, lateCounted bool) figuresJSON {
	out := figuresJSON{District: f.District,
		Received: receivedJSON{Total: f.Received.String(), ByChannel: decimals(f.ByChannel), ByDonorKind: decimals(f.ByDonorKind),
			ByProvince: decimals(f.ByProvince), Earmarked: f.Earmarked.String(), Unrestricted: f.Unrestricted.String(), Donations: f.Donations},
		Goods: goodsOut(f.GoodsReceived),
		Distributed: distributedJSON{ToHouseholds: aidOut(f.ToHouseholds), ToOrganisations: aidOut(f.ToOrganisations),
			ReliefTrips: aidOut(f.ReliefTrips), FrontlineSupport: aidOut(f.FrontlineSupport), ByCategory: []categoryAidJSON{}},
		OnHand:      onHandJSON{Money: f.MoneyOnHand.String(), MoneyEarmarked: f.MoneyOnHandEarmarked.String(), Goods: []stockGoodsJSON{}},
		Outstanding: outstandingJSON{Money: f.OutstandingMoney.String(), Goods: goodsOut(f.OutstandingGoods)},
		Requests: summaryRequestsJSON{Waiting: f.RequestsWaiting, WaitingMoney: f.RequestsWaitingMoney.String(),
			WaitingGoods: quantitiesOut(f.RequestsWaitingGoods), ApprovedOpen: f.RequestsOpen},
		Deliveries: summaryDeliveriesJSON{Count: f.Deliveries},
		Unreached:  categoryCounts{string(households.Poor): f.Unreached[households.Poor], string(households.NearPoor): f.Unreached[households.NearPoor]},
	}
	if lateCounted {
		late := f.Late
		out.Deliveries.Late = &late
	}
	for _, cat := range []households.Category{households.Poor, households.NearPoor} {
		if ca, ok := f.ByCategory[cat]; ok {
			out.Distributed.ByCategory = append(out.Distributed.ByCategory, categoryAidJSON{Category: string(cat), Households: ca.Households,
				Money: ca.Money.String(), Goods: quantitiesOut(ca.Goods)})
		}
	}
	for _, w := range sortedKeys(f.GoodsOnHand) {
		for _, g := range goodsOut(f.GoodsOnHand[w]) {
			out.OnHand.Goods = append(out.OnHand.Goods, stockGoodsJSON{Warehouse: w, goodsJSON: g})
		}
	}
	return out
}

func aidOut(a reports.Aid) aidJSON {
	return aidJSON{Value: a.Value.String(), Money: a.Money.String(), Goods: goodsOut(a.Goods), Entries: a.Entries}
}

func goodsOut(m map[string]reports.Goods) []goodsJSON {
	out := []goodsJSON{}
	for _, item := range sortedKeys(m) {
		out = append(out, goodsJSON{Item: item, Quantity: m[item].Quantity.String(), Value: m[item].Value.String()})
	}
	return out
}

func quantitiesOut(m map[string]decimal.Decimal) []quantityJSON {
	out := []quantityJSON{}
	for _, item := range sortedKeys(m) {
		out = append(out, quantityJSON{Item: item, Quantity: m[item].String()})
	}
	return out
}

func decimals(m map[string]decimal.Decimal) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v.String()
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
