package web

import (
	"net/http"

	"reliefledger/internal/i18n"
	"reliefledger/ledger"
	"reliefledger/rules"
)

// rulesRoute decides who may open the rules page: whoever may read the
// rules in the API (every signed-in role).
const rulesRoute = "GET /api/v1/rules"

// rulesPage lists the rule sets, each parameter with its source, and
// marks the one in force on the date asked (today by default).
type rulesPage struct {
	consoleFrame
	Date   string // YYYY-MM-DD, for the form
	Sets   []ruleSetView
	Errors []string
}

type ruleSetView struct {
	Code, Number, Name, Period, Effective string
	InForce                               string // "In force on …" or ""
	Params                                []ruleParamView
}

type ruleParamView struct {
	Key, Name, Value, CountsFrom, Source, Quote, Note string
	// Secondary names the published summary a rule was read from; its
	// Quote is then in that summary's language (QuoteLang).
	Secondary, QuoteLang string
	Known                bool
}

func (s *Server) consoleRules(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, rulesRoute)
	if !ok {
		return
	}
	l := lang(r)
	page := rulesPage{consoleFrame: s.frame(u)}
	on := s.formDate(l, r.URL.Query().Get("date"), i18n.ConsoleRulesDate, &page.Errors)
	if len(page.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "console_rules", page)
		return
	}
	if on.IsZero() {
		on = s.Ledger.Today()
	}
	page.Date = on.String()
	for _, set := range rules.Standard {
		page.Sets = append(page.Sets, ruleSetOf(l, set, on))
	}
	s.render(w, r, http.StatusOK, "console_rules", page)
}

// ruleSetOf is a rule set as the page shows it in language l.
func ruleSetOf(l i18n.Lang, set rules.Set, on ledger.Date) ruleSetView {
	v := ruleSetView{Code: set.Code, Number: set.Number, Name: set.Name, Effective: set.Effective,
		Period: i18n.F(l, "console.rules.period_open", l.Date(set.From))}
	if set.InForce(on) {
		v.InForce = i18n.F(l, "console.rules.in_force", l.Date(on))
	}
	if !set.To.IsZero() {
		v.Period = i18n.F(l, "console.rules.period", l.Date(set.From), l.Date(set.To))
	}
	for _, key := range rules.ParameterKeys {
		p := set.Parameter(key)
		pv := ruleParamView{Key: key, Name: i18n.Value(l, "rules.param", key), Known: p.Known, Note: p.Note, Quote: p.Source.Quote,
			Value: i18n.T(l, "rules.unknown"), Source: p.Source.Document, Secondary: p.Source.Secondary, QuoteLang: "vi"}
		if p.Source.Secondary != "" {
			pv.QuoteLang = "en"
		}
		if p.CountsFrom != "" {
			pv.CountsFrom = i18n.Value(l, "rules.counts_from", p.CountsFrom)
		}
		if p.Known {
			pv.Value = p.Text
			if p.Unit == "days" {
				pv.Value = i18n.F(l, "rules.days", p.Days)
			}
		}
		if p.Source.Article != "" {
			pv.Source += ", " + i18n.F(l, "rules.article", p.Source.Article)
		}
		if p.Source.Clause != "" {
			pv.Source += ", " + i18n.F(l, "rules.clause", p.Source.Clause)
		}
		v.Params = append(v.Params, pv)
	}
	return v
}
