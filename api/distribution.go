package api

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/distribution"
	"reliefledger/households"
)

type planCreateJSON struct {
	Fund        string           `json:"fund" jsonschema_description:"fund code"`
	Title       string           `json:"title"`
	Item        string           `json:"item,omitempty" jsonschema_description:"goods plans: item code; absent for money"`
	Source      string           `json:"source,omitempty" jsonschema_description:"money: bank (default) or cash; goods: warehouse (default PROV)"`
	Designation string           `json:"designation,omitempty" jsonschema_description:"spend earmarked money: district:CODE, category:C or purpose:TEXT"`
	Method      string           `json:"method" jsonschema:"enum=rates,enum=budget"`
	Rates       categoryDecimals `json:"rates,omitempty" jsonschema_description:"rates method: package per household by category"`
	Budget      string           `json:"budget,omitempty" jsonschema:"format=decimal" jsonschema_description:"budget method: total"`
	Unit        string           `json:"unit,omitempty" jsonschema:"format=decimal" jsonschema_description:"budget method: rounding unit"`
	Weights     categoryDecimals `json:"weights,omitempty" jsonschema_description:"budget method: weight per category"`
	PerMember   bool             `json:"per_member,omitempty" jsonschema_description:"weight × members"`
	Districts   []string         `json:"districts,omitempty" jsonschema_description:"district codes; all when absent"`
}

type districtShareJSON struct {
	District   string         `json:"district"`
	Households categoryCounts `json:"households" jsonschema_description:"households in scope by category"`
	Need       string         `json:"need" jsonschema:"format=decimal" jsonschema_description:"weighted need (budget) or rate × households (rates)"`
	Exact      string         `json:"exact_share" jsonschema:"format=decimal" jsonschema_description:"before rounding, 6 decimals shown"`
	Floor      string         `json:"floor" jsonschema:"format=decimal" jsonschema_description:"whole units before the remainder step"`
	Remainder  string         `json:"remainder" jsonschema:"format=decimal" jsonschema_description:"fraction of a unit left, 6 decimals shown"`
	Extra      bool           `json:"extra_unit" jsonschema_description:"got one more unit by largest remainder"`
	Amount     string         `json:"amount" jsonschema:"format=decimal" jsonschema_description:"final"`
}

type coverJSON struct {
	Account string `json:"account" jsonschema_description:"the source account"`
	Holds   string `json:"holds" jsonschema:"format=decimal"`
	Needs   string `json:"needs" jsonschema:"format=decimal"`
	Missing string `json:"missing" jsonschema:"format=decimal" jsonschema_description:"0 when covered"`
}

type planJSON struct {
	ID             int64               `json:"id"`
	Fund           string              `json:"fund"`
	Title          string              `json:"title"`
	Kind           string              `json:"kind" jsonschema:"enum=money,enum=goods"`
	Item           string              `json:"item,omitempty"`
	Source         string              `json:"source"`
	Designation    string              `json:"designation,omitempty"`
	Method         string              `json:"method" jsonschema:"enum=rates,enum=budget"`
	MethodVersion  string              `json:"method_version" jsonschema_description:"the algorithm's version, stored with the plan"`
	Params         planParamsJSON      `json:"params"`
	Rule           string              `json:"rule" jsonschema_description:"the rounding rule applied"`
	Total          string              `json:"total" jsonschema:"format=decimal" jsonschema_description:"đồng or quantity"`
	Households     int                 `json:"households" jsonschema_description:"households with a package"`
	Districts      []districtShareJSON `json:"districts"`
	Status         string              `json:"status" jsonschema:"enum=draft,enum=approved"`
	CreatedBy      int64               `json:"created_by"`
	CreatedAt      string              `json:"created_at" jsonschema:"format=date-time"`
	ApprovedBy     int64               `json:"approved_by,omitempty"`
	ApprovedAt     string              `json:"approved_at,omitempty" jsonschema:"format=date-time"`
	ApprovedOn     string              `json:"approved_on,omitempty" jsonschema:"format=date" jsonschema_description:"accounting date of the approval entry"`
	EntryID        int64               `json:"entry_id,omitempty"`
	Excluded       []excludedJSON      `json:"excluded,omitempty" jsonschema_description:"districts left out when the plan was approved in part"`
	ApprovalReason string              `json:"approval_reason,omitempty" jsonschema_description:"why the approver left districts out"`
	Cover          *coverJSON          `json:"cover,omitempty" jsonschema_description:"whether the source holds enough, for a draft"`
	Warnings       []string            `json:"warnings,omitempty" jsonschema_description:"what a draft's reader should not miss, e.g. how many households get nothing"`
}

type excludedJSON struct {
	District   string `json:"district"`
	Amount     string `json:"amount" jsonschema:"format=decimal" jsonschema_description:"what the draft gave the district"`
	Households int    `json:"households" jsonschema_description:"its households that had a package"`
}

type planParamsJSON struct {
	Rates     categoryDecimals `json:"rates,omitempty" jsonschema_description:"rates method: package per household by category"`
	Budget    string           `json:"budget,omitempty" jsonschema:"format=decimal" jsonschema_description:"budget method: total"`
	Unit      string           `json:"unit,omitempty" jsonschema:"format=decimal" jsonschema_description:"budget method: rounding unit"`
	Weights   categoryDecimals `json:"weights,omitempty" jsonschema_description:"budget method: weight per category"`
	PerMember bool             `json:"per_member" jsonschema_description:"weight × members"`
	Districts []string         `json:"districts" jsonschema_description:"district codes; empty for all"`
}

func categoryStrings(m map[households.Category]decimal.Decimal) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := map[string]string{}
	for k, v := range m {
		out[string(k)] = v.String()
	}
	return out
}

func planOut(p distribution.Plan, cover *distribution.Cover) planJSON {
	out := planJSON{ID: p.ID, Fund: p.Fund, Title: p.Title, Kind: string(p.Kind), Item: p.Item, Source: p.Source, Designation: p.Designation,
		Method: string(p.Params.Method), MethodVersion: p.MethodVersion, Rule: p.Result.Rule, Total: p.Total.String(), Households: p.Households,
		Status: p.Status, CreatedBy: p.CreatedBy, CreatedAt: timestamp(p.CreatedAt), ApprovedBy: p.ApprovedBy, EntryID: p.EntryID,
		Params: planParamsJSON{Rates: categoryStrings(p.Params.Rates), Weights: categoryStrings(p.Params.Weights), PerMember: p.Params.PerMember,
			Districts: p.Params.Districts}, Districts: []districtShareJSON{}, Warnings: p.Warnings()}
	if out.Params.Districts == nil {
		out.Params.Districts = []string{}
	}
	if p.Params.Method == distribution.Budget {
		out.Params.Budget, out.Params.Unit = p.Params.Budget.String(), p.Params.Unit.String()
	}
	if !p.ApprovedAt.IsZero() {
		out.ApprovedAt, out.ApprovedOn = timestamp(p.ApprovedAt), p.ApprovedOn.String()
	}
	for _, d := range p.Result.Districts {
		hs := map[string]int{}
		for k, v := range d.Households {
			hs[string(k)] = v
		}
		out.Districts = append(out.Districts, districtShareJSON{District: d.District, Households: hs, Need: d.Need.String(), Exact: d.Exact.String(),
			Floor: d.Floor.String(), Remainder: d.Remainder.String(), Extra: d.Extra, Amount: d.Amount.String()})
	}
	for _, x := range p.Result.Excluded {
		out.Excluded = append(out.Excluded, excludedJSON{District: x.District, Amount: x.Amount.String(), Households: x.Households})
	}
	out.ApprovalReason = p.Result.ApprovalReason
	if cover != nil {
		out.Cover = &coverJSON{Account: cover.Account, Holds: cover.Holds.String(), Needs: cover.Needs.String(), Missing: cover.Missing.String()}
	}
	return out
}

func (s *Server) createPlan(c *gin.Context) {
	var req planCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	var ps parser
	in := distribution.PlanInput{Fund: req.Fund, Title: req.Title, Item: req.Item, Source: req.Source, Designation: req.Designation,
		Method: distribution.Method(req.Method), Rates: ps.decimals("rates", req.Rates), Budget: ps.decimal("budget", req.Budget),
		Unit: ps.decimal("unit", req.Unit), Weights: ps.decimals("weights", req.Weights), PerMember: req.PerMember, Districts: req.Districts}
	if err := ps.err(); err != nil {
		s.fail(c, err)
		return
	}
	p, replayed, err := s.Distribution.CreatePlan(c.Request.Context(), actor(c), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "allocation-plan", p.ID)
	created(c, replayed, planOut(p.Plan, &p.Cover))
}

func (s *Server) listPlans(c *gin.Context) {
	limit, after, err := page(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	f := distribution.PlanFilter{Status: c.Query("status"), AfterID: after, Limit: limit + 1}
	if f.FundID, err = s.fundParam(c); err != nil {
		s.fail(c, err)
		return
	}
	ps, err := s.Distribution.Plans(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, paged(ps, limit, func(p distribution.Plan) int64 { return p.ID },
		func(p distribution.Plan) planJSON { return planOut(p, nil) }))
}

func (s *Server) getPlan(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.Distribution.PlanWithCover(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, planOut(p.Plan, &p.Cover))
}

type planHouseholdJSON struct {
	HouseholdID int64  `json:"household_id"`
	Code        string `json:"code"`
	District    string `json:"district"`
	Commune     string `json:"commune"`
	Category    string `json:"category" jsonschema:"enum=poor,enum=near_poor"`
	Members     int    `json:"members"`
	Amount      string `json:"amount" jsonschema:"format=decimal" jsonschema_description:"the package"`
}

func (s *Server) listPlanHouseholds(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	limit, after, err := page(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	district, err := s.districtFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	hs, err := s.Distribution.PlanHouseholds(c.Request.Context(), id, district, after, limit+1)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, paged(hs, limit, func(h distribution.PlanHousehold) int64 { return h.HouseholdID },
		func(h distribution.PlanHousehold) planHouseholdJSON {
			return planHouseholdJSON{HouseholdID: h.HouseholdID, Code: h.Code, District: h.District, Commune: h.Commune,
				Category: string(h.Category), Members: h.Members, Amount: h.Amount.String()}
		}))
}

type approveJSON struct {
	Date             string   `json:"date,omitempty" jsonschema:"format=date" jsonschema_description:"accounting date; today when absent"`
	ExcludeDistricts []string `json:"exclude_districts,omitempty" jsonschema_description:"approve in part: district codes of the plan left out (their households leave the plan)"`
	Reason           string   `json:"reason,omitempty" jsonschema_description:"why districts are left out; required with exclude_districts"`
}

func (s *Server) approvePlan(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req approveJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	var ps parser
	date := ps.date("date", req.Date)
	if err := ps.err(); err != nil {
		s.fail(c, err)
		return
	}
	p, replayed, err := s.Distribution.ApprovePlan(c.Request.Context(), actor(c), id,
		distribution.PlanApproval{Date: date, Exclude: req.ExcludeDistricts, Reason: req.Reason})
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "allocation-plan", p.ID)
	created(c, replayed, planOut(p, nil))
}

type recomputeJSON struct {
	PlanID        int64    `json:"plan_id"`
	MethodVersion string   `json:"method_version"`
	Total         string   `json:"total" jsonschema:"format=decimal"`
	Same          bool     `json:"same"`
	Differences   []string `json:"differences" jsonschema_description:"household codes, or total, that came out differently"`
}

func (s *Server) recomputePlan(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	res, diff, err := s.Distribution.Recompute(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if diff == nil {
		diff = []string{}
	}
	c.JSON(http.StatusOK, recomputeJSON{PlanID: id, MethodVersion: res.MethodVersion, Total: res.Total.String(), Same: len(diff) == 0, Differences: diff})
}

type requestJSON struct {
	ID             int64  `json:"id"`
	Fund           string `json:"fund"`
	District       string `json:"district"`
	Kind           string `json:"kind" jsonschema:"enum=money,enum=goods"`
	Item           string `json:"item,omitempty"`
	Amount         string `json:"amount" jsonschema:"format=decimal" jsonschema_description:"requested"`
	Households     int    `json:"households"`
	Reason         string `json:"reason"`
	Status         string `json:"status" jsonschema:"enum=pending,enum=approved,enum=rejected"`
	ApprovedAmount string `json:"approved_amount,omitempty" jsonschema:"format=decimal"`
	DecisionReason string `json:"decision_reason,omitempty"`
	CreatedBy      int64  `json:"created_by"`
	CreatedAt      string `json:"created_at" jsonschema:"format=date-time"`
	DecidedBy      int64  `json:"decided_by,omitempty"`
	DecidedAt      string `json:"decided_at,omitempty" jsonschema:"format=date-time"`
	EntryID        int64  `json:"entry_id,omitempty"`
}

func requestOut(r distribution.Request) requestJSON {
	out := requestJSON{ID: r.ID, Fund: r.Fund, District: r.District, Kind: string(r.Kind), Item: r.Item, Amount: r.Amount.String(),
		Households: r.Households, Reason: r.Reason, Status: r.Status, DecisionReason: r.DecisionReason, CreatedBy: r.CreatedBy,
		CreatedAt: timestamp(r.CreatedAt), DecidedBy: r.DecidedBy, EntryID: r.EntryID}
	if r.ApprovedAmount.Valid {
		out.ApprovedAmount = r.ApprovedAmount.Decimal.String()
	}
	if !r.DecidedAt.IsZero() {
		out.DecidedAt = timestamp(r.DecidedAt)
	}
	return out
}

type requestCreateJSON struct {
	Fund       string `json:"fund"`
	District   string `json:"district,omitempty" jsonschema_description:"a district officer's own by default"`
	Item       string `json:"item,omitempty" jsonschema_description:"goods: item code"`
	Amount     string `json:"amount" jsonschema:"format=decimal" jsonschema_description:"đồng or quantity"`
	Households int    `json:"households,omitempty" jsonschema_description:"households to reach"`
	Reason     string `json:"reason"`
}

func (s *Server) createRequest(c *gin.Context) {
	var req requestCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	var ps parser
	in := distribution.RequestInput{Fund: req.Fund, District: req.District, Item: req.Item,
		Amount: ps.required("amount", req.Amount, "đồng, or the item's unit"), Households: req.Households, Reason: req.Reason}
	if err := ps.err(); err != nil {
		s.fail(c, err)
		return
	}
	r, replayed, err := s.Distribution.FileRequest(c.Request.Context(), actor(c), districtScope(c), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "allocation-request", r.ID)
	created(c, replayed, requestOut(r))
}

func (s *Server) listRequests(c *gin.Context) {
	limit, after, err := page(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	f := distribution.RequestFilter{Status: c.Query("status"), AfterID: after, Limit: limit + 1}
	if f.District, err = s.districtFilter(c); err != nil {
		s.fail(c, err)
		return
	}
	if f.FundID, err = s.fundParam(c); err != nil {
		s.fail(c, err)
		return
	}
	rs, err := s.Distribution.Requests(c.Request.Context(), f, districtScope(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, paged(rs, limit, func(r distribution.Request) int64 { return r.ID }, requestOut))
}

func (s *Server) getRequest(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	r, err := s.Distribution.Request(c.Request.Context(), id, districtScope(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, requestOut(r))
}

type decisionJSON struct {
	Decision string `json:"decision" jsonschema:"enum=approve,enum=reject"`
	Amount   string `json:"amount,omitempty" jsonschema:"format=decimal" jsonschema_description:"approve in part: the approved amount"`
	Reason   string `json:"reason,omitempty" jsonschema_description:"required to reject or approve in part"`
	Source   string `json:"source,omitempty" jsonschema_description:"money: bank or cash; goods: warehouse"`
	Date     string `json:"date,omitempty" jsonschema:"format=date" jsonschema_description:"accounting date; today when absent"`
}

func (s *Server) decideRequest(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req decisionJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	var ps parser
	in := distribution.DecisionInput{Decision: req.Decision, Amount: ps.decimal("amount", req.Amount), Reason: req.Reason, Source: req.Source,
		Date: ps.date("date", req.Date)}
	if err := ps.err(); err != nil {
		s.fail(c, err)
		return
	}
	r, replayed, err := s.Distribution.Decide(c.Request.Context(), actor(c), id, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "allocation-request", r.ID)
	created(c, replayed, requestOut(r))
}

type deliveryJSON struct {
	ID           int64  `json:"id"`
	Fund         int64  `json:"fund_id"`
	PlanID       int64  `json:"plan_id,omitempty"`
	RequestID    int64  `json:"request_id,omitempty"`
	HouseholdID  int64  `json:"household_id,omitempty"`
	Household    string `json:"household,omitempty" jsonschema_description:"household code"`
	Organisation string `json:"organisation,omitempty"`
	District     string `json:"district"`
	Kind         string `json:"kind" jsonschema:"enum=money,enum=goods"`
	Item         string `json:"item,omitempty"`
	Amount       string `json:"amount" jsonschema:"format=decimal" jsonschema_description:"đồng or quantity"`
	Date         string `json:"date" jsonschema:"format=date"`
	HandedOverBy string `json:"handed_over_by"`
	Proof        string `json:"proof,omitempty" jsonschema_description:"signed list reference"`
	EntryID      int64  `json:"entry_id"`
	CreatedAt    string `json:"created_at" jsonschema:"format=date-time"`
	// Late is set in a campaign's list when its rule set's deadline is
	// known: the delivery is dated after the campaign's due date.
	Late *bool `json:"late,omitempty" jsonschema_description:"with ?campaign= and a known deadline: dated after the campaign's due date"`
}

// deliveryListJSON is a page of deliveries; a campaign's list names the
// campaign, its rule set and the deadline each delivery was judged by.
type deliveryListJSON struct {
	Data       []deliveryJSON `json:"data"`
	NextCursor string         `json:"next_cursor,omitempty" jsonschema_description:"cursor of the next page; absent on the last page"`
	Campaign   string         `json:"campaign,omitempty" jsonschema_description:"with ?campaign=: its code"`
	RuleSet    string         `json:"rule_set,omitempty" jsonschema_description:"with ?campaign=: the rule set its deadline comes from"`
	Deadline   *deadlineJSON  `json:"deadline,omitempty" jsonschema_description:"with ?campaign=: the delivery deadline; when not known, no delivery is marked late"`
}

func deliveryOut(d distribution.Delivery) deliveryJSON {
	return deliveryJSON{ID: d.ID, Fund: d.FundID, PlanID: d.PlanID, RequestID: d.RequestID, HouseholdID: d.HouseholdID, Household: d.HouseholdCode,
		Organisation: d.Organisation, District: d.District, Kind: string(d.Kind), Item: d.Item, Amount: d.Amount.String(), Date: d.Date.String(),
		HandedOverBy: d.HandedOverBy, Proof: d.Proof, EntryID: d.EntryID, CreatedAt: timestamp(d.CreatedAt)}
}

type deliveryItemJSON struct {
	Household    string `json:"household,omitempty" jsonschema_description:"household code"`
	Organisation string `json:"organisation,omitempty" jsonschema_description:"request deliveries to an organisation"`
	Amount       string `json:"amount,omitempty" jsonschema:"format=decimal" jsonschema_description:"plan: optional, must be the package"`
	Date         string `json:"date" jsonschema:"format=date"`
	HandedOverBy string `json:"handed_over_by"`
	Proof        string `json:"proof,omitempty" jsonschema_description:"signed list reference"`
}

type deliveryCreateJSON struct {
	Plan       int64              `json:"plan,omitempty" jsonschema_description:"an approved plan"`
	Request    int64              `json:"request,omitempty" jsonschema_description:"or an approved request"`
	Deliveries []deliveryItemJSON `json:"deliveries"`
}

type deliveryResultJSON struct {
	Recorded int            `json:"recorded"`
	Data     []deliveryJSON `json:"data"`
}

func deliveriesOut(ds []distribution.Delivery) deliveryResultJSON {
	out := deliveryResultJSON{Recorded: len(ds), Data: make([]deliveryJSON, 0, len(ds))}
	for _, d := range ds {
		out.Data = append(out.Data, deliveryOut(d))
	}
	return out
}

func (s *Server) createDeliveries(c *gin.Context) {
	var req deliveryCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	var ps parser
	b := distribution.DeliveryBatch{Plan: req.Plan, Request: req.Request}
	for i, d := range req.Deliveries {
		field := fmt.Sprintf("deliveries[%d]", i)
		b.Items = append(b.Items, distribution.DeliveryInput{Household: d.Household, Organisation: d.Organisation,
			Amount: ps.decimal(field+".amount", d.Amount), Date: ps.date(field+".date", d.Date), HandedOverBy: d.HandedOverBy, Proof: d.Proof})
	}
	if err := ps.err(); err != nil {
		s.fail(c, err)
		return
	}
	ds, replayed, err := s.Distribution.Deliver(c.Request.Context(), actor(c), districtScope(c), b)
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(ds) > 0 {
		setTarget(c, "entry", ds[0].EntryID)
	}
	created(c, replayed, deliveriesOut(ds))
}

func (s *Server) listDeliveries(c *gin.Context) {
	limit, after, err := page(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var fe rl.Fields
	f := distribution.DeliveryFilter{From: queryDate(c, "from", &fe), To: queryDate(c, "to", &fe),
		Item: c.Query("item"), AfterID: after, Limit: limit + 1}
	if f.District, err = s.districtFilter(c); err != nil {
		s.fail(c, err)
		return
	}
	f.PlanID = queryInt(c, "plan", &fe)
	f.RequestID = queryInt(c, "request", &fe)
	if err := fe.Err(); err != nil {
		s.fail(c, err)
		return
	}
	if f.FundID, err = s.fundParam(c); err != nil {
		s.fail(c, err)
		return
	}
	var cs *campaignScope
	if c.Query("campaign") != "" {
		sc := distribution.Scope{FundID: f.FundID, From: f.From}
		if cs, err = s.applyCampaign(c, &sc); err != nil {
			s.fail(c, err)
			return
		}
		f.FundID, f.From = sc.FundID, sc.From
	}
	ds, err := s.Distribution.Deliveries(c.Request.Context(), f, districtScope(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	page := paged(ds, limit, func(d distribution.Delivery) int64 { return d.ID }, deliveryOut)
	out := deliveryListJSON{Data: page.Data, NextCursor: page.NextCursor}
	if cs != nil {
		dl := deadlineOut(cs.deadline)
		out.Campaign, out.RuleSet, out.Deadline = cs.campaign.Code, cs.deadline.RuleSet.Code, &dl
		if due := cs.due(); !due.Unknown {
			for i := range out.Data {
				late := due.Late(ds[i].Date)
				out.Data[i].Late = &late
			}
		}
	}
	c.JSON(http.StatusOK, out)
}

// queryInt reads an optional positive integer query parameter.
func queryInt(c *gin.Context, name string, fe *rl.Fields) int64 {
	v := c.Query(name)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		fe.Add(name, "must be a positive integer")
	}
	return n
}
