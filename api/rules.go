package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
	"reliefledger/rules"
)

type legalSourceJSON struct {
	Document string `json:"document" jsonschema_description:"e.g. 93/2021/NĐ-CP"`
	Article  string `json:"article" jsonschema_description:"empty when not found"`
	Clause   string `json:"clause" jsonschema_description:"with its point, e.g. 1(h); empty when not found"`
	Quote    string `json:"quote" jsonschema_description:"the words of the clause, in Vietnamese; or, with secondary, the published summary's words; empty when not found"`
	// Secondary names the published summary a rule was read from when the
	// decree's own words were not available.
	Secondary string `json:"secondary,omitempty" jsonschema_description:"the published summary (publisher, title, address) the rule was read from, when the decree's words were not available"`
}

type ruleParamJSON struct {
	Key        string          `json:"key" jsonschema:"enum=delivery_deadline,enum=receiving_period,enum=public_disclosure,enum=who_may_receive,enum=reporting_cadence"`
	Known      bool            `json:"known" jsonschema_description:"false: no clause was found; the parameter enforces nothing"`
	Value      string          `json:"value" jsonschema_description:"the days or the rule's text; \"unknown\" when not known"`
	Unit       string          `json:"unit,omitempty" jsonschema_description:"days, for a period"`
	CountsFrom string          `json:"counts_from,omitempty" jsonschema:"enum=end_of_receiving,enum=campaign_launch" jsonschema_description:"what a period counts from"`
	Source     legalSourceJSON `json:"source"`
	Note       string          `json:"note,omitempty" jsonschema_description:"what was looked for and found, for an unknown parameter"`
}

type ruleSetJSON struct {
	Code          string          `json:"code" jsonschema_description:"e.g. ND-93-2021"`
	Name          string          `json:"name"`
	Number        string          `json:"number" jsonschema_description:"e.g. 93/2021/NĐ-CP"`
	EffectiveFrom string          `json:"effective_from" jsonschema:"format=date"`
	EffectiveTo   *string         `json:"effective_to" jsonschema:"format=date,nullable" jsonschema_description:"last day in force; null while in force"`
	Effective     string          `json:"effective" jsonschema_description:"where the dates in force come from"`
	Parameters    []ruleParamJSON `json:"parameters"`
}

func sourceOut(s rules.Source) legalSourceJSON {
	return legalSourceJSON{Document: s.Document, Article: s.Article, Clause: s.Clause, Quote: s.Quote, Secondary: s.Secondary}
}

func ruleSetOut(s rules.Set) ruleSetJSON {
	out := ruleSetJSON{Code: s.Code, Name: s.Name, Number: s.Number, EffectiveFrom: s.From.String(), Effective: s.Effective, Parameters: []ruleParamJSON{}}
	if !s.To.IsZero() {
		to := s.To.String()
		out.EffectiveTo = &to
	}
	for _, key := range rules.ParameterKeys {
		p := s.Parameter(key)
		out.Parameters = append(out.Parameters, ruleParamJSON{Key: p.Key, Known: p.Known, Value: p.Value(), Unit: p.Unit,
			CountsFrom: p.CountsFrom, Source: sourceOut(p.Source), Note: p.Note})
	}
	return out
}

// ruleBook is the rule book the server answers from.
func (s *Server) ruleBook() rules.Book {
	if s.Campaigns != nil {
		return s.Campaigns.Book()
	}
	return rules.Standard
}

// getRules answers the rule set in force on ?date= (today when absent).
func (s *Server) getRules(c *gin.Context) {
	var fe rl.Fields
	d := queryDate(c, "date", &fe)
	if err := fe.Err(); err != nil {
		s.fail(c, err)
		return
	}
	if d.IsZero() {
		d = s.Ledger.Today()
	}
	set, ok := s.ruleBook().InForce(d)
	if !ok {
		s.fail(c, rl.Errorf(rl.NotFound, "no rule set is in force on %s", d))
		return
	}
	c.JSON(http.StatusOK, ruleSetOut(set))
}

// listRuleSets lists every rule set, oldest first.
func (s *Server) listRuleSets(c *gin.Context) {
	out := listJSON[ruleSetJSON]{Data: []ruleSetJSON{}}
	for _, set := range s.ruleBook() {
		out.Data = append(out.Data, ruleSetOut(set))
	}
	c.JSON(http.StatusOK, out)
}

// deadlineJSON is a campaign's delivery deadline and where it comes from.
type deadlineJSON struct {
	RuleSet    string          `json:"rule_set" jsonschema_description:"code of the campaign's rule set"`
	Parameter  string          `json:"parameter" jsonschema:"enum=delivery_deadline"`
	Known      bool            `json:"known" jsonschema_description:"false: the rule set states no deadline traced to a clause; lateness is not computed"`
	Value      string          `json:"value" jsonschema_description:"the days, or \"unknown\""`
	CountsFrom string          `json:"counts_from,omitempty" jsonschema:"enum=end_of_receiving,enum=campaign_launch"`
	DueBy      *string         `json:"due_by" jsonschema:"format=date,nullable" jsonschema_description:"last day a delivery is on time; null when unknown"`
	Rule       string          `json:"rule" jsonschema_description:"the deadline in one sentence, with its source"`
	Source     legalSourceJSON `json:"source"`
}

func deadlineOut(d rules.Deadline) deadlineJSON {
	out := deadlineJSON{RuleSet: d.RuleSet.Code, Parameter: rules.DeliveryDeadline, Known: d.Param.Known, Value: d.Param.Value(),
		CountsFrom: d.Param.CountsFrom, Rule: d.Rule(), Source: sourceOut(d.Param.Source)}
	if !d.DueBy.IsZero() {
		due := d.DueBy.String()
		out.DueBy = &due
	}
	return out
}
