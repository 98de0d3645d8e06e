package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/distribution"
	"reliefledger/ledger"
	"reliefledger/rules"
)

type communeFairnessJSON struct {
	Commune  string `json:"commune"`
	Eligible int    `json:"eligible"`
	Reached  int    `json:"reached"`
	Coverage string `json:"coverage" jsonschema:"format=decimal" jsonschema_description:"%"`
}

type districtFairnessJSON struct {
	District        string                `json:"district"`
	Eligible        categoryCounts        `json:"eligible" jsonschema_description:"eligible households by category"`
	EligibleTotal   int                   `json:"eligible_total"`
	Reached         int                   `json:"reached"`
	Coverage        string                `json:"coverage" jsonschema:"format=decimal" jsonschema_description:"%"`
	ExclusionError  string                `json:"exclusion_error" jsonschema:"format=decimal" jsonschema_description:"%"`
	InclusionErrors int                   `json:"inclusion_errors"`
	Received        string                `json:"received" jsonschema:"format=decimal"`
	WeightedNeed    string                `json:"weighted_need" jsonschema:"format=decimal"`
	PerWeighted     string                `json:"per_weighted_household" jsonschema:"format=decimal"`
	Entitled        string                `json:"entitled" jsonschema:"format=decimal"`
	Fulfilled       string                `json:"fulfilled" jsonschema:"format=decimal"`
	Fulfilment      *string               `json:"fulfilment" jsonschema:"format=decimal,nullable" jsonschema_description:"%, null when nothing was owed"`
	RelativeToMean  *string               `json:"relative_to_mean" jsonschema:"format=decimal,nullable" jsonschema_description:"fulfilment over the province's; null when 0/0"`
	ShareOfTotal    string                `json:"share_of_total" jsonschema:"format=decimal" jsonschema_description:"%"`
	ShareOfNeed     string                `json:"share_of_need" jsonschema:"format=decimal" jsonschema_description:"%"`
	Requested       string                `json:"requested" jsonschema:"format=decimal"`
	Approved        string                `json:"approved" jsonschema:"format=decimal"`
	Delivered       string                `json:"delivered" jsonschema:"format=decimal"`
	MedianDays      int                   `json:"median_days"`
	MaxDays         int                   `json:"max_days"`
	LateDeliveries  int                   `json:"late_deliveries"`
	Flagged         bool                  `json:"flagged"`
	FlagReasons     []string              `json:"flag_reasons"`
	Communes        []communeFairnessJSON `json:"communes"`
}

type overallJSON struct {
	EligibleTotal    int      `json:"eligible_total"`
	Reached          int      `json:"reached"`
	Unreached        int      `json:"unreached"`
	InclusionErrors  int      `json:"inclusion_errors"`
	Coverage         string   `json:"coverage" jsonschema:"format=decimal" jsonschema_description:"%"`
	Received         string   `json:"received" jsonschema:"format=decimal"`
	PerWeighted      string   `json:"per_weighted_household" jsonschema:"format=decimal"`
	Entitled         string   `json:"entitled" jsonschema:"format=decimal"`
	Fulfilled        string   `json:"fulfilled" jsonschema:"format=decimal"`
	Fulfilment       *string  `json:"fulfilment" jsonschema:"format=decimal,nullable" jsonschema_description:"%, null when nothing was owed"`
	MaxMinRatio      *string  `json:"max_min_ratio" jsonschema:"format=decimal,nullable" jsonschema_description:"of district fulfilments; null when a district owed something got nothing"`
	Gini             *string  `json:"gini" jsonschema:"format=decimal,nullable" jsonschema_description:"of each household's fulfilled over entitled; null when nothing owed was delivered"`
	GiniOfAmounts    *string  `json:"gini_of_amounts" jsonschema:"format=decimal,nullable" jsonschema_description:"of the amounts received; null when nothing was received"`
	FlaggedDistricts []string `json:"flagged_districts"`
}

type fairnessJSON struct {
	Districts   []districtFairnessJSON `json:"districts"`
	Overall     overallJSON            `json:"overall"`
	Definitions map[string]string      `json:"definitions" jsonschema_description:"what each figure means, by its name"`
	// Campaign, RuleSet and Deadline say, for a campaign's report, which
	// rule set and parameter the late deliveries were counted by.
	Campaign string        `json:"campaign,omitempty" jsonschema_description:"the campaign's code (with ?campaign=)"`
	RuleSet  string        `json:"rule_set,omitempty" jsonschema_description:"the campaign's rule set (with ?campaign=)"`
	Deadline *deadlineJSON `json:"deadline,omitempty" jsonschema_description:"the delivery deadline late_deliveries was counted by (with ?campaign=); when not known, late_deliveries is not computed (0)"`
}

func fairnessOut(r distribution.FairnessReport) fairnessJSON {
	out := fairnessJSON{Districts: []districtFairnessJSON{}, Definitions: r.Definitions}
	for _, d := range r.Districts {
		dj := districtFairnessJSON{District: d.District, Eligible: map[string]int{}, EligibleTotal: d.EligibleTotal, Reached: d.Reached,
			Coverage: d.Coverage.String(), ExclusionError: d.ExclusionError.String(), InclusionErrors: d.InclusionErrors, Received: d.Received.String(),
			WeightedNeed: d.WeightedNeed.String(), PerWeighted: d.PerWeighted.String(), Entitled: d.Entitled.String(), Fulfilled: d.Fulfilled.String(),
			Fulfilment: nullDecimal(d.Fulfilment), RelativeToMean: nullDecimal(d.RelativeToMean),
			ShareOfTotal: d.ShareOfTotal.String(), ShareOfNeed: d.ShareOfNeed.String(), Requested: d.Requested.String(), Approved: d.Approved.String(),
			Delivered: d.Delivered.String(), MedianDays: d.MedianDays, MaxDays: d.MaxDays, LateDeliveries: d.LateDeliveries, Flagged: d.Flagged,
			FlagReasons: append([]string{}, d.FlagReasons...), Communes: []communeFairnessJSON{}}
		for k, v := range d.Eligible {
			dj.Eligible[string(k)] = v
		}
		for _, c := range d.Communes {
			dj.Communes = append(dj.Communes, communeFairnessJSON{Commune: c.Commune, Eligible: c.Eligible, Reached: c.Reached, Coverage: c.Coverage.String()})
		}
		out.Districts = append(out.Districts, dj)
	}
	o := r.Overall
	out.Overall = overallJSON{EligibleTotal: o.EligibleTotal, Reached: o.Reached, Unreached: o.Unreached, InclusionErrors: o.InclusionErrors,
		Coverage: o.Coverage.String(), Received: o.Received.String(), PerWeighted: o.PerWeighted.String(), Entitled: o.Entitled.String(),
		Fulfilled: o.Fulfilled.String(), Fulfilment: nullDecimal(o.Fulfilment), MaxMinRatio: nullDecimal(o.MaxMinRatio), Gini: nullDecimal(o.Gini),
		GiniOfAmounts: nullDecimal(o.GiniOfAmounts), FlaggedDistricts: append([]string{}, o.FlaggedDistricts...)}
	return out
}

// nullDecimal is the figure as a JSON decimal string, or null.
func nullDecimal(d decimal.NullDecimal) *string {
	if !d.Valid {
		return nil
	}
	v := d.Decimal.String()
	return &v
}

// scopeParams reads ?plan= or ?fund= (or ?campaign=) with the period,
// item, tolerance and deadline; for a campaign, its deadline too.
func (s *Server) scopeParams(c *gin.Context) (distribution.Scope, *campaignScope, error) {
	sc, err := s.scopeOf(c)
	if err != nil || c.Query("campaign") == "" {
		return sc, nil, err
	}
	cs, err := s.applyCampaign(c, &sc)
	return sc, cs, err
}

// campaignScope is the campaign a report is about and its deadline.
type campaignScope struct {
	campaign rules.Campaign
	deadline rules.Deadline
}

// applyCampaign narrows a fund's scope to a campaign: its fund, its period
// from its first day (to the given end, or open: deliveries follow the
// appeal), and its rule set's delivery deadline instead of deadline_days.
func (s *Server) applyCampaign(c *gin.Context, sc *distribution.Scope) (*campaignScope, error) {
	if s.Campaigns == nil {
		return nil, rl.Errorf(rl.Internal, "campaigns are not configured")
	}
	if sc.PlanID != 0 {
		return nil, rl.InvalidFields(rl.FieldError{Field: "campaign", Message: "give a plan or a campaign, not both"})
	}
	cp, err := s.Campaigns.Get(c.Request.Context(), c.Query("campaign"))
	if rl.ErrorKind(err) == rl.NotFound {
		return nil, rl.InvalidFields(rl.FieldError{Field: "campaign", Message: "no campaign has this code"})
	}
	if err != nil {
		return nil, err
	}
	if sc.FundID != 0 && sc.FundID != cp.FundID {
		return nil, rl.InvalidFields(rl.FieldError{Field: "fund", Message: "the campaign " + cp.Code + " is of fund " + cp.FundCode})
	}
	sc.FundID = cp.FundID
	if sc.From.IsZero() {
		sc.From = cp.From
	}
	cs := &campaignScope{campaign: cp, deadline: s.Campaigns.Deadline(cp)}
	sc.DeadlineDays, sc.Due = 0, cs.due()
	return cs, nil
}

// due is the campaign's deadline as the distribution reports take it.
func (cs *campaignScope) due() distribution.DueDate {
	d := cs.deadline
	return distribution.DueDate{Date: d.DueBy, Unknown: !d.Param.Known, Rule: d.Rule()}
}

// scopeOf reads ?plan= or ?fund= with the period, item, tolerance and
// deadline.
func (s *Server) scopeOf(c *gin.Context) (distribution.Scope, error) {
	var fe rl.Fields
	sc := distribution.Scope{PlanID: queryInt(c, "plan", &fe), From: queryDate(c, "from", &fe), To: queryDate(c, "to", &fe), Item: c.Query("item"), DeadlineDays: 20}
	if v := c.Query("tolerance"); v != "" {
		t, err := ledger.ParseDecimal(v, 4)
		if err != nil || t.IsNegative() || t.GreaterThan(decimal.NewFromInt(10)) {
			fe.Add("tolerance", "must be a fraction such as 0.1 (10%%)")
		}
		sc.Tolerance = t
	}
	if v := c.Query("deadline_days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 3650 {
			fe.Add("deadline_days", "must be a number of days from 0 to 3650")
		}
		sc.DeadlineDays = n
	}
	if err := fe.Err(); err != nil {
		return sc, err
	}
	var err error
	if sc.PlanID == 0 {
		if c.Query("fund") == "" && c.Query("campaign") == "" {
			return sc, rl.InvalidFields(rl.FieldError{Field: "fund", Message: "give a fund (with an optional period) or a plan"})
		}
		sc.FundID, err = s.fundParam(c)
	}
	return sc, err
}

func (s *Server) getFairness(c *gin.Context) {
	sc, cs, err := s.scopeParams(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	r, err := s.Distribution.Fairness(c.Request.Context(), sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := fairnessOut(r.Scoped(districtScope(c)))
	if cs != nil {
		d := deadlineOut(cs.deadline)
		out.Campaign, out.RuleSet, out.Deadline = cs.campaign.Code, cs.campaign.RuleSet, &d
	}
	c.JSON(http.StatusOK, out)
}

type unreachedJSON struct {
	ID       int64  `json:"id" jsonschema_description:"household id: GET /api/v1/households/{id} for the details"`
	Code     string `json:"code"`
	District string `json:"district"`
	Commune  string `json:"commune"`
	Category string `json:"category" jsonschema:"enum=poor,enum=near_poor"`
	Members  int    `json:"members"`
}

func (s *Server) listUnreached(c *gin.Context) {
	limit, after, err := page(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	sc, _, err := s.scopeParams(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if sc.District, err = s.districtFilter(c); err != nil {
		s.fail(c, err)
		return
	}
	hs, err := s.Distribution.Unreached(c.Request.Context(), sc, after, limit+1)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, paged(hs, limit, func(h distribution.Member) int64 { return h.ID }, func(h distribution.Member) unreachedJSON {
		return unreachedJSON{ID: h.ID, Code: h.Code, District: h.District, Commune: h.Commune, Category: string(h.Category), Members: h.Members}
	}))
}
