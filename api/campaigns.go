package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/shopspring/decimal"

	rl "reliefledger"
	"reliefledger/ledger"
	"reliefledger/rules"
)

type campaignCreateJSON struct {
	Code         string `json:"code" jsonschema_description:"unique, capital letters, digits and hyphens, e.g. COVID-2021"`
	Fund         string `json:"fund" jsonschema_description:"fund code"`
	Name         string `json:"name"`
	MobiliseFrom string `json:"mobilise_from" jsonschema:"format=date" jsonschema_description:"first day of receiving"`
	MobiliseTo   string `json:"mobilise_to" jsonschema:"format=date" jsonschema_description:"last day of receiving"`
	RuleSet      string `json:"rule_set,omitempty" jsonschema_description:"code of a rule set (GET /api/v1/rule-sets); the one in force on mobilise_from when absent"`
	TargetAmount string `json:"target_amount,omitempty" jsonschema:"format=decimal" jsonschema_description:"đồng, optional"`
}

type campaignJSON struct {
	ID               int64        `json:"id"`
	Code             string       `json:"code"`
	Fund             string       `json:"fund"`
	Name             string       `json:"name"`
	MobiliseFrom     string       `json:"mobilise_from" jsonschema:"format=date"`
	MobiliseTo       string       `json:"mobilise_to" jsonschema:"format=date"`
	RuleSet          string       `json:"rule_set" jsonschema_description:"the rule set the campaign answers to, fixed when it was created"`
	TargetAmount     *string      `json:"target_amount" jsonschema:"format=decimal,nullable" jsonschema_description:"đồng; null when none was set"`
	Received         string       `json:"received" jsonschema:"format=decimal" jsonschema_description:"đồng received into the fund from mobilise_from to mobilise_to (money and goods at their value), less the voids dated within"`
	DeliveryDeadline deadlineJSON `json:"delivery_deadline"`
	CreatedAt        string       `json:"created_at" jsonschema:"format=date-time"`
	CreatedBy        int64        `json:"created_by" jsonschema_description:"user id"`
}

func (s *Server) campaignOut(c *gin.Context, cp rules.Campaign) (campaignJSON, error) {
	received, err := s.Campaigns.Received(c.Request.Context(), cp)
	if err != nil {
		return campaignJSON{}, err
	}
	out := campaignJSON{ID: cp.ID, Code: cp.Code, Fund: cp.FundCode, Name: cp.Name, MobiliseFrom: cp.From.String(), MobiliseTo: cp.To.String(),
		RuleSet: cp.RuleSet, TargetAmount: nullDecimal(cp.Target), Received: received.String(),
		DeliveryDeadline: deadlineOut(s.Campaigns.Deadline(cp)), CreatedAt: timestamp(cp.CreatedAt), CreatedBy: cp.CreatedBy}
	return out, nil
}

func (s *Server) createCampaign(c *gin.Context) {
	var req campaignCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	var fe rl.Fields
	in := rules.Input{Code: req.Code, Fund: req.Fund, Name: req.Name, RuleSet: req.RuleSet,
		From: bodyDate(req.MobiliseFrom, "mobilise_from", &fe), To: bodyDate(req.MobiliseTo, "mobilise_to", &fe)}
	if req.TargetAmount != "" {
		t, err := ledger.ParseDecimal(req.TargetAmount, 0)
		if err != nil {
			fe.Add("target_amount", "must be a whole number of đồng, e.g. 5000000000")
		}
		in.Target = decimal.NewNullDecimal(t)
	}
	if err := fe.Err(); err != nil {
		s.fail(c, err)
		return
	}
	cp, replayed, err := s.Campaigns.Create(c.Request.Context(), actor(c), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "campaign", cp.ID)
	out, err := s.campaignOut(c, cp)
	if err != nil {
		s.fail(c, err)
		return
	}
	created(c, replayed, out)
}

// bodyDate reads a date field of a body; empty stays zero (the domain
// says whether it is required).
func bodyDate(v, field string, fe *rl.Fields) ledger.Date {
	if v == "" {
		return ledger.Date{}
	}
	d, err := ledger.ParseDate(v)
	if err != nil {
		fe.Add(field, "%v", err)
	}
	return d
}

func (s *Server) listCampaigns(c *gin.Context) {
	limit, after, err := page(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	fundID, err := s.fundParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	cs, err := s.Campaigns.List(c.Request.Context(), fundID, after, limit+1)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := listJSON[campaignJSON]{Data: []campaignJSON{}}
	for i, cp := range cs {
		if i == limit {
			out.NextCursor = cursorAfter(cs[i-1].ID)
			break
		}
		cj, err := s.campaignOut(c, cp)
		if err != nil {
			s.fail(c, err)
			return
		}
		out.Data = append(out.Data, cj)
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) getCampaign(c *gin.Context) {
	cp, err := s.Campaigns.Get(c.Request.Context(), c.Param("code"))
	if err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.campaignOut(c, cp)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}
